"""What a user would otherwise run after `aws s3 sync`: Python's email package parsing every
file (policy.default: decoded headers, every part's content). With --throughput, files are
read into memory first and only parsing is timed (best of 3), printed as MB/s.
Usage: python_parse.py FOLDER [--throughput]"""
import email
import email.policy
import os
import sys
import time

folder = sys.argv[1]
paths = [os.path.join(folder, n) for n in sorted(os.listdir(folder)) if not n.startswith(".")]


def parse(data):
    msg = email.message_from_bytes(data, policy=email.policy.default)
    n = len(str(msg["subject"] or "")) + len(str(msg["from"] or ""))
    for part in msg.walk():
        if part.is_multipart():
            continue
        try:
            content = part.get_content()
        except Exception:
            content = part.get_payload(decode=True) or b""
        n += len(content)
    return n


if "--throughput" in sys.argv:
    blobs = [open(p, "rb").read() for p in paths]
    total = sum(len(b) for b in blobs)
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for b in blobs:
            parse(b)
        best = min(best, time.perf_counter() - start)
    print(f"python email parse: {len(blobs)} mails, {total} bytes in {best} s = {total / 1048576 / best} MB/s")
else:
    for p in paths:
        with open(p, "rb") as f:
            parse(f.read())
