"""Writes N realistic root mails (mixed shapes, about 10 KB each on average) into a folder:
multipart/alternative with quoted-printable text and HTML, base64 HTML only, encoded-word
subjects in UTF-8 and ISO-8859-1, Latin-1 bodies, attachments with RFC 2231 names, SES headers
with verdicts, password-reset mail. Usage: generate.py FOLDER [N]"""
import base64
import os
import random
import sys

folder = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
os.makedirs(folder, exist_ok=True)
rnd = random.Random(42)
words = ("account billing invoice security compute storage region support organization root user "
         "password service limit quota network instance bucket policy alarm notification").split()


def para(count):
    return " ".join(rnd.choice(words) for _ in range(count))


def ses_headers(i, to):
    return (f"Return-Path: <bounce-{i}@amazonses.com>\n"
            f"Received: from a8-{i % 250}.smtp-out.amazonses.com (a8-{i % 250}.smtp-out.amazonses.com [54.240.8.{i % 250}])\n"
            f" by inbound-smtp.us-east-1.amazonaws.com with SMTP id id{i:08d}\n for {to};\n Tue, 01 Dec 2026 12:00:00 +0000 (UTC)\n"
            "X-SES-Spam-Verdict: PASS\nX-SES-Virus-Verdict: PASS\n"
            "Received-SPF: pass (spfCheck: domain of amazonses.com designates 54.240.8.1 as permitted sender) client-ip=54.240.8.1; envelope-from=bounce@amazonses.com;\n"
            "Authentication-Results: amazonses.com;\n spf=pass (spfCheck: ok) client-ip=54.240.8.1; envelope-from=bounce@amazonses.com;\n"
            " dkim=pass header.i=@amazon.com;\n dmarc=pass header.from=amazon.com;\n"
            f"X-SES-RECEIPT: {base64.b64encode(os.urandom(120)).decode()}\n")


def qp(text):
    out, line = [], ""
    for ch in text:
        enc = ch if (32 < ord(ch) < 127 and ch != "=") or ch == " " else "".join(f"={b:02X}" for b in ch.encode())
        if len(line) + len(enc) > 75:
            out.append(line + "=")
            line = ""
        line += enc
    out.append(line)
    return "\n".join(out)


for i in range(n):
    to = f"root+{i % 97:012x}@aws.example.com"
    shape = i % 6
    head = ses_headers(i, to) + f"From: Amazon Web Services <no-reply-aws@amazon.com>\nTo: {to}\n" \
        f"Date: Tue, 01 Dec 2026 {i % 24:02d}:{i % 60:02d}:00 +0000\nMessage-ID: <bench-{i}@amazon.com>\nMIME-Version: 1.0\n"
    body_text = "\n\n".join(para(60) for _ in range(8)) + "\nhttps://console.aws.amazon.com/billing/home?region=us-east-1#/bills\n"
    html = "<html><head><style>p{margin:0}</style></head><body>" + "".join(
        f"<p>{para(50)} <a href=\"https://aws.amazon.com/{rnd.choice(words)}/{j}\">{rnd.choice(words)}</a></p>" for j in range(10)) + "</body></html>"
    if shape == 0:
        mail = head + "Subject: Your AWS bill is ready\nContent-Type: multipart/alternative; boundary=\"ALT\"\n\n--ALT\n" \
            "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n" + qp(body_text + " Café €") + \
            "\n--ALT\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n" + qp(html) + "\n--ALT--\n"
    elif shape == 1:
        b = base64.encodebytes(html.encode()).decode()
        mail = head + "Subject: =?UTF-8?B?" + base64.b64encode("Sicherheitshinweis für Ihr Konto ✓".encode()).decode() + "?=\n" \
            "Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: base64\n\n" + b
    elif shape == 2:
        mail = head + "Subject: =?ISO-8859-1?Q?R=E9sum=E9_de_facturation?=\nContent-Type: text/plain; charset=iso-8859-1\n" \
            "Content-Transfer-Encoding: quoted-printable\n\n" + qp(body_text.replace("e", "é")).replace("=C3=A9", "=E9") + "\n"
    elif shape == 3:
        attachment = base64.encodebytes(os.urandom(rnd.randint(8000, 30000))).decode()
        mail = head + "Subject: Invoice attached\nContent-Type: multipart/mixed; boundary=\"MIX\"\n\n--MIX\n" \
            "Content-Type: text/plain; charset=utf-8\n\n" + body_text + "\n--MIX\nContent-Type: application/pdf\n" \
            f"Content-Disposition: attachment; filename*=UTF-8''%E2%82%AC%20invoice%20{i}.pdf\nContent-Transfer-Encoding: base64\n\n" + \
            attachment + "--MIX--\n"
    elif shape == 4:
        mail = head + "Subject: Amazon Web Services Password Assistance\nContent-Type: text/html; charset=utf-8\n\n" \
            f"<html><body><p>Dear AWS Customer,</p><p><a href=\"https://signin.aws.amazon.com/resetpassword?type=RootUser&amp;token={i:032x}\">reset</a></p>" \
            + "".join(f"<p>{para(40)}</p>" for _ in range(12)) + "</body></html>\n"
    else:
        mail = head + "Subject: Your AWS Account is Ready - Get Started Now\nContent-Type: multipart/alternative; boundary=\"B\"\n\n" \
            "--B\nContent-Type: text/plain; charset=utf-8\n\n" + body_text + "\n--B\nContent-Type: text/html; charset=utf-8\n\n" + html + "\n--B--\n"
    with open(os.path.join(folder, f"mail-{i:05d}"), "wb") as f:
        f.write(mail.encode("utf-8"))
