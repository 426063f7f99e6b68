#!/usr/bin/env python3
"""A stand-in for SSM's CreateOpsItem, because moto_server cannot run OpsItems (moto models SSM
parameters, not OpsCenter).

Every CreateOpsItem request body is checked against botocore's own SSM service model, as
installed: botocore's ParamValidator on the parsed JSON body (member names and types, required
members, minimum lengths), then what ParamValidator leaves to the service: each string's
maximum length, pattern and enum from the same model. The request must be a JSON 1.1 call
(`X-Amz-Target: AmazonSSM.CreateOpsItem`) signed with SigV4 (an Authorization header of that
scheme; the signature itself is checked elsewhere, against botocore's signer). A valid body
gets SSM's answer, {"OpsItemId", "OpsItemArn"} (the same id again for an `/aws/dedup` string
already seen, as SSM does for an open item); an invalid one SSM's ValidationException.
GET /opsitems lists every request received: its body and the errors found in it. Given an
UPSTREAM (moto_server), every other SSM request (PutParameter, GetParameter, …) is passed on to
it unchanged, so one SSM endpoint serves a whole `rootmail mail fetch`.

Usage: ssm_opsitems_server.py PORT [UPSTREAM_URL]
"""
import http.client
import http.server
import json
import re
import sys
import threading

import botocore.session
from botocore.validate import ParamValidator

MODEL = botocore.session.get_session().get_service_model("ssm")
INPUT = MODEL.operation_model("CreateOpsItem").input_shape


def limits(shape, value, path, errors):
    """Maximum lengths, patterns and enums of `value` per `shape` (ParamValidator checks none)."""
    md = shape.metadata
    if shape.type_name == "string" and isinstance(value, str):
        if shape.enum and value not in shape.enum:
            errors.append(f"{path}: {value[:40]!r} is not one of {shape.enum}")
        if "max" in md and len(value) > md["max"]:
            errors.append(f"{path}: length {len(value)} is over the maximum {md['max']}")
        if "pattern" in md and re.search(md["pattern"], value) is None:
            errors.append(f"{path}: {value[:40]!r} does not match the pattern {md['pattern']}")
    elif shape.type_name == "structure" and isinstance(value, dict):
        for name, member in shape.members.items():
            if name in value:
                limits(member, value[name], f"{path}.{name}", errors)
    elif shape.type_name == "map" and isinstance(value, dict):
        if "max" in md and len(value) > md["max"]:
            errors.append(f"{path}: {len(value)} entries, over the maximum {md['max']}")
        for k, v in value.items():
            limits(shape.key, k, f"{path} key", errors)
            limits(shape.value, v, f"{path}[{k}]", errors)
    elif shape.type_name == "list" and isinstance(value, list):
        if "max" in md and len(value) > md["max"]:
            errors.append(f"{path}: {len(value)} items, over the maximum {md['max']}")
        for i, item in enumerate(value):
            limits(shape.member, item, f"{path}[{i}]", errors)


def validate(headers, body):
    errors = []
    if headers.get("X-Amz-Target") != "AmazonSSM.CreateOpsItem":
        errors.append(f"X-Amz-Target is {headers.get('X-Amz-Target')!r}, not AmazonSSM.CreateOpsItem")
    if headers.get("Content-Type") != "application/x-amz-json-1.1":
        errors.append(f"Content-Type is {headers.get('Content-Type')!r}, not application/x-amz-json-1.1")
    if not (headers.get("Authorization") or "").startswith("AWS4-HMAC-SHA256 Credential="):
        errors.append("no SigV4 Authorization header")
    try:
        params = json.loads(body)
    except ValueError as e:
        return None, errors + [f"body is not JSON: {e}"]
    if not isinstance(params, dict):
        return None, errors + ["body is not a JSON object"]
    report = ParamValidator().validate(params, INPUT)
    if report.has_errors():
        errors.append(report.generate_report())
    limits(INPUT, params, "CreateOpsItem", errors)
    return params, errors


def main():
    upstream = sys.argv[2].split("://", 1)[-1].rstrip("/") if len(sys.argv) > 2 else None
    lock = threading.Lock()
    received = []
    dedup = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def reply(self, status, value, ctype="application/x-amz-json-1.1"):
            data = json.dumps(value).encode()
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("x-amzn-RequestId", "ssm-opsitems-stand-in")
            self.end_headers()
            self.wfile.write(data)

        def relay(self, body):
            host, _, port = upstream.partition(":")
            conn = http.client.HTTPConnection(host, int(port or 80), timeout=60)
            skip = {"connection", "keep-alive", "transfer-encoding", "content-length"}
            conn.request("POST", self.path, body=body, headers={k: v for k, v in self.headers.items() if k.lower() not in skip})
            resp = conn.getresponse()
            data = resp.read()
            conn.close()
            self.send_response(resp.status)
            for k, v in resp.getheaders():
                if k.lower() not in skip and k.lower() not in ("server", "date"):
                    self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            with lock:
                return self.reply(200, received if self.path == "/opsitems" else [], "application/json")

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            if upstream and self.headers.get("X-Amz-Target") != "AmazonSSM.CreateOpsItem":
                return self.relay(body)
            params, errors = validate(self.headers, body)
            with lock:
                received.append({"body": params, "errors": errors})
                if errors:
                    return self.reply(400, {"__type": "ValidationException", "message": "; ".join(errors)})
                key = None
                entry = (params.get("OperationalData") or {}).get("/aws/dedup")
                if entry:
                    key = json.loads(entry.get("Value", "{}")).get("dedupString")
                item_id = dedup.get(key) if key else None
                if item_id is None:
                    item_id = "oi-%012x" % len(received)
                    if key:
                        dedup[key] = item_id
            self.reply(200, {"OpsItemId": item_id, "OpsItemArn": f"arn:aws:ssm:us-east-1:123456789012:opsitem/{item_id}"})

    http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()


if __name__ == "__main__":
    main()
