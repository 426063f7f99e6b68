#!/usr/bin/env python3
"""Writes depth- and length-oriented seeds for a fuzz target into FOLDER: nesting just under,
at and just over each parser's bound and far past it (the 40,000-deep TOML array that once
crashed the config reader was never reached by mutation alone), containers left open, and long
runs of the characters that made parsers or escaping quadratic. Every seed stays under
scripts/fuzz.sh's -max_len (65536 bytes). Usage: deep_seeds.py TARGET FOLDER
TARGET: json, toml, ini, xml, csv or mail."""
import os
import sys

target, folder = sys.argv[1], sys.argv[2]
os.makedirs(folder, exist_ok=True)
DEPTHS = (63, 64, 65, 255, 256, 257, 511, 512, 513, 5_000, 30_000)


def seeds():
    if target == "toml":
        for d in DEPTHS:
            yield f"nested-{d}", "a = " + "[" * d + "1" + "]" * d + "\n"
            yield f"open-{d}", "a = " + "[" * d
        yield "mixed-deep", "a = " + "[1, [" * 10_000 + "]" * 10_000
        yield "open-lines", "receivers = [\n" + '"forward",\n' * 5_000
        yield "open-comments", "a = [ # x\n" * 3_000
        yield "header-brackets", "[" * 30_000 + "\n"
    elif target == "json":
        for d in DEPTHS:
            yield f"array-{d}", "[" * d + "]" * d
            yield f"object-{d}", '{"a":' * d + "1" + "}" * d
            yield f"open-{d}", "[" * d
        yield "escapes", '"' + "\\u001b" * 10_000 + '"'
    elif target == "xml":
        for d in DEPTHS:
            if 3 * d > 60_000:
                continue
            yield f"nested-{d}", "<a>" * d + "x" + "</a>" * d
            yield f"open-{d}", "<a>" * d
        yield "entities", "<a>" + "&#27;" * 10_000 + "</a>"
    elif target == "csv":
        header = "AccountEmail,OwnerAddress,AccountName,Enum,AccountType,Tags,Status,LastUpdated\n"
        yield "quotes", header + '"' + '""' * 20_000
        yield "open-quote", header + '"' + "a\n" * 20_000
        yield "controls", header + "a@example.com,\x1b]8;;x\x07," + "\x1b" * 20_000 + ",001,IT,,ACTIVE,x\n"
        yield "backslashes", header + "a@example.com,o@example.com," + "\\" * 10_000 + "u{1b},001,IT,,ACTIVE,x\n"
        yield "deep-tags", header + 'a@example.com,o@example.com,n,001,IT,"' + '{""a"":' * 5_000 + '",ACTIVE,x\n'
    elif target == "ini":
        yield "brackets", "[" * 30_000 + "\n"
        yield "profiles", "[profile a]\nregion = x\n" * 2_000
        yield "continuations", "[default]\ns3 =\n" + "  region = x\n" * 4_000
    elif target == "mail":
        head = "From: a@example.com\nTo: b@example.com\nSubject: deep\nMIME-Version: 1.0\n"
        for d in (64, 256, 1_000):
            body = "".join(f'Content-Type: multipart/mixed; boundary="b{i}"\n\n--b{i}\n' for i in range(d))
            yield f"multipart-{d}", head + body + "Content-Type: text/plain\n\nx\n"
            yield f"rfc822-{d}", head + "Content-Type: message/rfc822\n\n" * d + head + "\nx\n"
        for d in (256, 5_000):
            yield f"html-{d}", head + "Content-Type: text/html\n\n<html><body>" + "<div>" * d + "x" + "</div>" * d
        yield "links", head + "Content-Type: text/html\n\n" + '<a href="https://a.example/1">x</a>' * 1_500
        yield "controls", head.replace("deep", "\x1b" * 20_000) + "\n" + "\x00" * 20_000
        yield "long-name", head + 'Content-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain\n\nx\n--b\n' \
            'Content-Disposition: attachment; filename="' + "\u6f22" * 300 + '.pdf"\n\nx\n--b--\n'
    else:
        sys.exit(f"unknown target {target}")


for name, text in seeds():
    data = text.encode("utf-8")
    if len(data) > 65536:
        continue  # the deepest forms of the longer containers do not fit; the others reach past every bound
    with open(os.path.join(folder, f"deep-{name}"), "wb") as f:
        f.write(data)
