#!/usr/bin/env python3
"""Self-check of the model proxy's request reader (model_proxy.py): for every operation of the
services given (default: every service rootmail calls, or the accounts plugin will, and EC2 for
its protocol), botocore's own serializer writes a request with each required member filled in,
and the proxy must read it back as that same operation with every member in its place (each
member down to depth 4 is filled in, the required ones below). Operations that share their method and URI with another (S3's
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

SERVICES = ["s3", "dynamodb", "ssm", "ses", "sesv2", "sts", "iam", "route53", "cloudformation", "organizations", "account", "sqs", "ec2"]

S = botocore.session.get_session()

def dummy(shape, depth=0):
    """A value of `shape`: every member down to depth 4, the required ones below (not valid per
    the model, which does not matter here: only where each member lands is checked)."""
    t = shape.type_name
    if t == "structure":
        if shape.metadata.get("union"):
            first = next(iter(shape.members))
            return {first: dummy(shape.members[first], depth + 1)}
        if depth >= 4:
            return {n: dummy(shape.members[n], depth + 1) for n in shape.required_members} if depth < 7 else {}
        return {
            n: dummy(m, depth + 1)
            for n, m in shape.members.items()
            if n in shape.required_members or (m.type_name != "blob" and not m.serialization.get("eventstream"))
        }
    if t == "list":
        return [dummy(shape.member, depth + 1)] if depth < 7 else []
    if t == "map":
        return {"k1": dummy(shape.value, depth + 1)} if depth < 7 else {}
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


def pruned(value):
    """`value` without empty structures, lists and maps (botocore's serializers send none)."""
    if isinstance(value, dict):
        out = {k: pruned(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if v not in ({}, [], None)}
    if isinstance(value, list):
        return [v for v in (pruned(x) for x in value) if v not in ({}, [], None)]
    return value


def placement(sent, read, path=""):
    """Members sent but not read back, read but not sent, lists of another length."""
    out = []
    if isinstance(sent, dict) and isinstance(read, dict):
        out += [f"{path}.{k} not read" for k in sent if k not in read]
        out += [f"{path}.{k} read but not sent" for k in read if k not in sent]
        for k in sent:
            if k in read:
                out += placement(sent[k], read[k], f"{path}.{k}")
    elif isinstance(sent, list) and isinstance(read, list):
        if len(sent) != len(read):
            out.append(f"{path}: {len(sent)} items sent, {len(read)} read")
        for i, (x, y) in enumerate(zip(sent, read)):
            out += placement(x, y, f"{path}[{i}]")
    return out


# The model itself is ambiguous here: S3's deprecated notification configurations have both a
# flattened `Events` list and a single `Event`, written as the same <Event> elements.
AMBIGUOUS = {("s3", "PutBucketNotification")}


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
        elif got == name:
            misread = [e for e in call.errors if any(m in e for m in READER_ERRORS)]
            if (service, name) not in AMBIGUOUS:
                misread += placement(pruned(params), pruned(call.params))
            if misread:
                bad.append((name, f"members misread: {misread[:5]}"))
    return bad


# What the reader itself says when it cannot place a member (the dummy values break patterns and
# enums on purpose, so only these count).
READER_ERRORS = ("unknown parameters", "unknown elements", "Unknown parameter", "is not an integer", "is not a number",
                 "is not true or false", "is not a timestamp", "not base64", "body is not", "expected a value")


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
