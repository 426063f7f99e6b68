#!/usr/bin/env python3
"""Signs requests with botocore, for the differential test and the signer benchmark.

Reads JSON lines on stdin, each one request as rootmail's transport sends it:
  {"service", "region", "method", "url", "headers": [[name, value], ...], "body_hex",
   "access_key", "secret_key", "token" (or null), "epoch" (seconds), "unsigned" (bool)}
and prints one JSON line per request: {"authorization": ..., "canonical": ...}.
The clock is frozen per request at its "epoch", as botocore's own SigV4 tests freeze it.
With --bench N it instead signs the first request N times and prints the seconds taken, wall and
CPU (user + sys of this process), on one line.
"""
import datetime
import json
import sys
import time

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials


def sign(spec):
    now = datetime.datetime.fromtimestamp(spec["epoch"], tz=datetime.timezone.utc)
    botocore.auth.get_current_datetime = lambda: now
    request = AWSRequest(method=spec["method"], url=spec["url"], data=bytes.fromhex(spec["body_hex"]))
    for name, value in spec["headers"]:
        request.headers[name] = value  # HTTPHeaders keeps repeated names, as the wire does
    credentials = Credentials(spec["access_key"], spec["secret_key"], spec.get("token"))
    if spec["service"] == "s3":
        auth = botocore.auth.S3SigV4Auth(credentials, "s3", spec["region"])
        if spec.get("unsigned"):
            request.context["client_config"] = Config(s3={"payload_signing_enabled": False})
    else:
        auth = botocore.auth.SigV4Auth(credentials, spec["service"], spec["region"])
        if spec.get("unsigned"):
            request.context["payload_signing_enabled"] = False
    captured = []
    original = auth.canonical_request
    auth.canonical_request = lambda r: captured.append(original(r)) or captured[-1]
    auth.add_auth(request)
    return {"authorization": request.headers["Authorization"], "canonical": captured[-1]}


def main():
    lines = sys.stdin.read().splitlines()  # read everything first: the caller writes, then reads
    if len(sys.argv) == 3 and sys.argv[1] == "--bench":
        spec = json.loads(lines[0])
        count = int(sys.argv[2])
        start, cpu = time.perf_counter(), time.process_time()
        for _ in range(count):
            sign(spec)
        print(time.perf_counter() - start, time.process_time() - cpu)
        return
    out = [json.dumps(sign(json.loads(line))) for line in lines if line.strip()]
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
