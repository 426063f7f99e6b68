#!/usr/bin/env python3
"""Self-check of the model proxy's request reader (model_proxy.py): for every operation of the
services given (default: every service rootmail calls, or the accounts plugin will), botocore's
own serializer writes a request with each required member filled in, and the proxy must read
it back as that same operation. Operations that share their method and URI with another (S3's
deprecated GetBucketLifecycle and its successor; ListDirectoryBuckets, which differs only by
host) may be read as the other. Exit 1 names each misread operation.

Usage: model_proxy_selfcheck.py [SERVICE…]
"""
import os
import sys
import urllib.parse

import botocore.session
from botocore.awsrequest import prepare_request_dict
from botocore.serialize import create_serializer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import model_proxy as mp  # noqa: E402

SERVICES = ["s3", "dynamodb", "ssm", "ses", "sesv2", "sts", "iam", "route53", "cloudformation", "organizations", "account", "sqs"]

S = botocore.session.get_session()

def dummy(shape, depth=0):
    """A value of `shape` with its required members (not valid per the model: only routed)."""
    t = shape.type_name
    if t == "structure":
        return {n: dummy(shape.members[n], depth + 1) for n in shape.required_members} if depth < 6 else {}
    if t == "list":
        return [dummy(shape.member, depth + 1)] if depth < 6 else []
    if t == "map":
        return {}
    if t in ("integer", "long"):
        return max(1, shape.metadata.get("min", 1))
    if t in ("float", "double"):
        return 1.0
    if t == "boolean":
        return True
    if t == "timestamp":
        return 0
    if t == "blob":
        return b"x"
    if shape.enum:
        return shape.enum[0]
    return "x" * max(1, shape.metadata.get("min", 1))

def check(service):
    """[(operation, why)] for each operation misread."""
    model = S.get_service_model(service)
    proto = model.metadata["protocol"]
    ser = create_serializer(proto, include_validation=False)
    bad = []
    for name in model.operation_names:
        op = model.operation_model(name)
        params = dummy(op.input_shape) if op.input_shape else {}
        try:
            req = ser.serialize_to_request(params, op)
        except Exception as e:
            bad.append((name, f"botocore's serializer: {e}"))
            continue
        prepare_request_dict(req, endpoint_url="http://127.0.0.1:1")
        url = req["url"]
        split = urllib.parse.urlsplit(url)
        query = urllib.parse.parse_qs(split.query, keep_blank_values=True)
        headers = {k.lower(): v for k, v in req["headers"].items()}
        signing = model.metadata.get("signingName") or model.metadata.get("endpointPrefix")
        headers["authorization"] = f"AWS4-HMAC-SHA256 Credential=AK/20260101/us-east-1/{signing}/aws4_request, SignedHeaders=host, Signature=0"
        body = req["body"]
        if isinstance(body, str):
            body = body.encode()
        if isinstance(body, dict):
            body = urllib.parse.urlencode(body).encode()
            headers.setdefault("content-type", "application/x-www-form-urlencoded")
        body = body or b""
        call = mp.identify(req["method"], split.path, query, headers, lambda: body)
        got = call.operation if call else None
        if got != name and not (got in model.operation_names and same_route(op, model.operation_model(got))):
            bad.append((name, f"read as {got}: {call.errors if call else ''}"))
    return bad


def same_route(a, b):
    return a.http.get("method") == b.http.get("method") and a.http.get("requestUri") == b.http.get("requestUri")

def main():
    failed = False
    for service in sys.argv[1:] or SERVICES:
        bad = check(service)
        print(f"{service}: {len(S.get_service_model(service).operation_names)} operations, {len(bad)} misread")
        for name, why in bad:
            print(f"  {name}: {str(why)[:300]}")
        failed = failed or bool(bad)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
