#!/usr/bin/env python3
"""The model proxy: every test's way to moto_server (MotoServer starts it in front of moto).

1. Each signed AWS request is checked against botocore's service model, as installed: the
   service (SigV4 credential scope, X-Amz-Target, form Action, or method and URI template), the
   operation for that protocol (json, query, ec2, rest-json, rest-xml), and its parameters read
   back into a structure from the body, the form, the URI, the query string and the headers as
   that protocol binds them, then botocore's ParamValidator (required members, types, minimums)
   and what it leaves to the service (maximum lengths and sizes, patterns, enums). A request that
   breaks the model gets an AWS-shaped 400 error whose message starts with
   `rootmail-model-violation:` and is recorded: `GET /model-proxy/violations` lists them, and
   the Swift test support fails the test that finds one (MotoServer / RootmailCLI).
2. Everything else is passed to moto unchanged: the raw path, the headers (Host too), the body
   (streamed for S3 objects), HEAD, chunked answers, presigned URLs, `/moto-api/…`.
3. Operations moto lacks are answered here with AWS's documented behaviour (model_standins.py):
   the Account Management primary-email API, STS AssumeRoot (credentials for one member account)
   with the root user's IAM calls under them, and IAM's organization root-credential features.
   Their admin API is in Tests/Support/MODEL_PROXY.md.

Usage: model_proxy.py PORT UPSTREAM_URL
"""
import base64
import http.client
import http.server
import json
import os
import re
import socket
import sys
import threading
import time
import traceback
import urllib.parse
import uuid
from xml.etree import ElementTree

import botocore.session
from botocore.utils import parse_timestamp
from botocore.validate import ParamValidator

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import model_standins  # noqa: E402

PREFIX = "rootmail-model-violation: "
SESSION = botocore.session.get_session()
AVAILABLE = set(SESSION.get_available_services())
LOCK = threading.Lock()
CACHE = {}

# Signing names whose service model has another name (the rest are their own model's name).
SIGNING_ALIASES = {"ses": ["ses", "sesv2"], "email": ["ses", "sesv2"], "execute-api": []}


def cached(key, make):
    with LOCK:
        if key in CACHE:
            return CACHE[key]
    value = make()
    with LOCK:
        CACHE.setdefault(key, value)
        return CACHE[key]


def service_model(name):
    return cached(("model", name), lambda: SESSION.get_service_model(name))


def models_for(signing_name):
    """The service models a SigV4 scope's service name can mean."""

    def make():
        names = SIGNING_ALIASES.get(signing_name)
        if names is None:
            names = [signing_name] if signing_name in AVAILABLE else []
        if not names:  # a signing name that is no model's name: look through every model once
            names = [n for n in sorted(AVAILABLE) if model_signing_name(n) == signing_name]
        return [service_model(n) for n in names]

    return cached(("signing", signing_name), make)


def model_signing_name(name):
    def make():
        loader = SESSION.get_component("data_loader")
        md = loader.load_service_model(name, "service-2").get("metadata", {})
        return md.get("signingName") or md.get("endpointPrefix") or name

    return cached(("signing-name", name), make)


def protocols(model):
    md = model.metadata
    allowed = list(md.get("protocols") or [md["protocol"]])
    if "awsQueryCompatible" in md and "query" not in allowed:
        allowed.append("query")
    return allowed


# ---------------------------------------------------------------- limits ParamValidator leaves


def compiled(pattern):
    def make():
        try:
            return re.compile(pattern)
        except re.error:
            return None  # a pattern Python's re cannot read (\p{…}): not checked

    return cached(("re", pattern), make)


def limits(shape, value, path, errors):
    """Maximum lengths and sizes, patterns and enums of `value` per `shape` (ParamValidator checks
    only minimums)."""
    md = shape.metadata
    t = shape.type_name
    if t == "string" and isinstance(value, str):
        if shape.enum and value not in shape.enum:
            errors.append(f"{path}: {value[:60]!r} is not one of {list(shape.enum)}")
        if "max" in md and len(value) > md["max"]:
            errors.append(f"{path}: length {len(value)} is over the maximum {md['max']}")
        if "pattern" in md:
            rx = compiled(md["pattern"])
            # The whole value, as AWS's documentation writes these patterns (^\d{12}$ for the
            # model's \d{12}) and its services check them.
            if rx is not None and rx.fullmatch(value) is None:
                errors.append(f"{path}: {value[:60]!r} does not match the pattern {md['pattern']}")
    elif t in ("integer", "long", "float", "double") and isinstance(value, (int, float)) and not isinstance(value, bool):
        if "max" in md and value > md["max"]:
            errors.append(f"{path}: {value} is over the maximum {md['max']}")
    elif t == "blob" and isinstance(value, (bytes, str)):
        if "max" in md and len(value) > md["max"]:
            errors.append(f"{path}: {len(value)} bytes, over the maximum {md['max']}")
    elif t == "structure" and isinstance(value, dict):
        for name, member in shape.members.items():
            if name in value:
                limits(member, value[name], f"{path}.{name}", errors)
    elif t == "map" and isinstance(value, dict):
        if "max" in md and len(value) > md["max"]:
            errors.append(f"{path}: {len(value)} entries, over the maximum {md['max']}")
        for k, v in value.items():
            limits(shape.key, k, f"{path} key", errors)
            limits(shape.value, v, f"{path}[{k}]", errors)
    elif t == "list" and isinstance(value, list):
        if "max" in md and len(value) > md["max"]:
            errors.append(f"{path}: {len(value)} items, over the maximum {md['max']}")
        for i, item in enumerate(value):
            limits(shape.member, item, f"{path}[{i}]", errors)


def validate(op, params, errors):
    shape = op.input_shape
    if shape is None:
        if params:
            errors.append(f"{op.name} takes no input, got {sorted(params)}")
        return
    report = ParamValidator().validate(params, shape)
    if report.has_errors():
        errors.append(report.generate_report().replace("\n", "; "))
    limits(shape, params, op.name, errors)


# ---------------------------------------------------------------- scalars from text


def scalar(shape, text, path, errors):
    t = shape.type_name
    if t in ("integer", "long"):
        try:
            return int(text)
        except ValueError:
            errors.append(f"{path}: {text[:40]!r} is not an integer")
            return None
    if t in ("float", "double"):
        try:
            return float(text)
        except ValueError:
            errors.append(f"{path}: {text[:40]!r} is not a number")
            return None
    if t == "boolean":
        if text not in ("true", "false"):
            errors.append(f"{path}: {text[:40]!r} is not true or false")
            return None
        return text == "true"
    if t == "timestamp":
        try:
            parse_timestamp(text)
        except Exception:
            errors.append(f"{path}: {text[:40]!r} is not a timestamp")
            return None
        return text
    return text


# ---------------------------------------------------------------- query and ec2 forms


def parse_form(shape, form, ec2, errors):
    """The structure a query/ec2 form serializes (botocore's QuerySerializer read backwards);
    keys nothing in the shape claims are named as unknown."""
    prefixes = set()
    for key in form:
        parts = key.split(".")
        for i in range(1, len(parts) + 1):
            prefixes.add(".".join(parts[:i]))
    used = set()

    def has(key):
        return key in prefixes

    def value(shape, key):
        t = shape.type_name
        if t == "structure":
            out = {}
            for name, member in shape.members.items():
                if ec2:
                    loc = member.serialization.get("queryName") or (
                        member.serialization["name"][0].upper() + member.serialization["name"][1:]
                        if "name" in member.serialization
                        else name
                    )
                else:
                    loc = member.serialization.get("name", name)
                sub = f"{key}.{loc}" if key else loc
                if member.type_name == "list" and member.serialization.get("flattened") and not ec2:
                    if "name" in member.member.serialization:
                        sub = f"{key}.{member.member.serialization['name']}" if key else member.member.serialization["name"]
                if has(sub):
                    out[name] = value(member, sub)
            return out
        if t == "list":
            if key in form and form[key] == "":
                used.add(key)
                return []
            items = []
            flattened = ec2 or shape.serialization.get("flattened")
            base = key if flattened else f"{key}.{shape.member.serialization.get('name', 'member')}"
            n = 1
            while has(f"{base}.{n}"):
                items.append(value(shape.member, f"{base}.{n}"))
                n += 1
            return items
        if t == "map":
            out = {}
            flattened = shape.serialization.get("flattened")
            base = key if flattened else f"{key}.entry"
            kname = shape.key.serialization.get("name", "key")
            vname = shape.value.serialization.get("name", "value")
            n = 1
            while has(f"{base}.{n}"):
                k = value(shape.key, f"{base}.{n}.{kname}") if has(f"{base}.{n}.{kname}") else None
                if has(f"{base}.{n}.{vname}"):
                    out[k] = value(shape.value, f"{base}.{n}.{vname}")
                n += 1
            return out
        if key not in form:
            errors.append(f"{key}: expected a value for a {t}")
            return None
        used.add(key)
        text = form[key]
        if t == "blob":
            try:
                return base64.b64decode(text, validate=True)
            except Exception:
                errors.append(f"{key}: not base64")
                return None
        return scalar(shape, text, key, errors)

    params = value(shape, "") if shape is not None else {}
    extra = [k for k in form if k not in used and k not in ("Action", "Version") and not k.startswith("X-Amz-")]
    if extra:
        errors.append(f"unknown parameters {sorted(extra)[:10]}")
    return params


# ---------------------------------------------------------------- JSON bodies


def from_json(shape, value, path, errors):
    """A JSON body's value with serialized member names turned into model names."""
    if shape is None:
        return value
    t = shape.type_name
    if t == "structure" and isinstance(value, dict):
        by_wire = {m.serialization.get("name", n): n for n, m in shape.members.items()}
        out = {}
        for k, v in value.items():
            name = by_wire.get(k, k)
            member = shape.members.get(name)
            out[name] = from_json(member, v, f"{path}.{name}", errors) if member is not None else v
        return out
    if t == "list" and isinstance(value, list):
        return [from_json(shape.member, v, f"{path}[{i}]", errors) for i, v in enumerate(value)]
    if t == "map" and isinstance(value, dict):
        return {k: from_json(shape.value, v, f"{path}[{k}]", errors) for k, v in value.items()}
    return value


def json_body(shape, body, errors):
    if not body.strip():
        return {}
    try:
        value = json.loads(body)
    except ValueError as e:
        errors.append(f"body is not JSON: {e}")
        return {}
    if not isinstance(value, dict):
        errors.append("body is not a JSON object")
        return {}
    return from_json(shape, value, shape.name if shape is not None else "body", errors)


# ---------------------------------------------------------------- XML bodies


def local(tag):
    return tag.rsplit("}", 1)[-1]


def from_xml(shape, elem, path, errors):
    t = shape.type_name
    if t == "structure":
        out = {}
        claimed = set()
        for name, member in shape.members.items():
            ser = member.serialization
            loc = ser.get("name", name)
            if ser.get("xmlAttribute"):
                # `xsi:type` in the model, `{http://www.w3.org/2001/XMLSchema-instance}type` parsed.
                for k, v in elem.attrib.items():
                    if local(k) == loc.rpartition(":")[2]:
                        out[name] = v
                continue
            if member.type_name in ("list", "map") and ser.get("flattened"):
                tag = member.member.serialization.get("name", loc) if member.type_name == "list" else loc
                found = [c for c in elem if local(c.tag) == tag]
                if found:
                    claimed.add(tag)
                    if member.type_name == "list":
                        out[name] = [from_xml(member.member, c, f"{path}.{name}", errors) for c in found]
                    else:
                        out[name] = {
                            entry_text(member, c, "key"): from_xml(member.value, entry_child(member, c, "value"), path, errors)
                            for c in found
                        }
                continue
            child = next((c for c in elem if local(c.tag) == loc), None)
            if child is not None:
                claimed.add(loc)
                out[name] = from_xml(member, child, f"{path}.{name}", errors)
        extra = sorted({local(c.tag) for c in elem} - claimed)
        if extra:
            errors.append(f"{path}: unknown elements {extra[:10]}")
        return out
    if t == "list":
        tag = shape.member.serialization.get("name", "member")
        return [from_xml(shape.member, c, f"{path}[]", errors) for c in elem if local(c.tag) == tag]
    if t == "map":
        return {entry_text(shape, c, "key"): from_xml(shape.value, entry_child(shape, c, "value"), path, errors) for c in elem}
    text = elem.text or ""
    if t == "blob":
        try:
            return base64.b64decode(text)
        except Exception:
            errors.append(f"{path}: not base64")
            return None
    return scalar(shape, text, path, errors)


def entry_child(shape, entry, which):
    name = (shape.key if which == "key" else shape.value).serialization.get("name", which)
    return next((c for c in entry if local(c.tag) == name), ElementTree.Element(name))


def entry_text(shape, entry, which):
    return entry_child(shape, entry, which).text or ""


def xml_body(shape, body, errors):
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError as e:
        errors.append(f"body is not XML: {e}")
        return {}
    return from_xml(shape, root, shape.name, errors)


# ---------------------------------------------------------------- REST routes


def routes(model):
    """(method, segment matcher, literal query items, operation) for each operation."""

    def make():
        out = []
        for name in model.operation_names:
            op = model.operation_model(name)
            uri = op.http.get("requestUri", "/")
            path, _, query = uri.partition("?")
            literals = []
            for item in query.split("&") if query else []:
                k, _, v = item.partition("=")
                literals.append((k, v if "=" in item else None))
            pattern = ""
            labels = []
            for part in re.split(r"(\{[^}]+\})", path.rstrip("/") or "/"):
                if part.startswith("{"):
                    label = part[1:-1]
                    greedy = label.endswith("+")
                    label = label.rstrip("+")
                    labels.append(label)
                    pattern += f"(?P<L{len(labels) - 1}>{'.+' if greedy else '[^/]+'})"
                else:
                    pattern += re.escape(part)
            out.append((op.http.get("method", "POST"), re.compile("^" + pattern.rstrip("/") + "/?$"), labels, literals, op))
        return out

    return cached(("routes", model.service_name), make)


def rest_routes(model, method, path, query, headers):
    """The operations a REST request can be, with their URI labels, most likely first: those
    whose literals and required location members are all present, then the most specific, then
    the not deprecated (S3's PutBucketLifecycle and PutBucketLifecycleConfiguration share a
    route; the body decides)."""
    found = []
    for m, rx, labels, literals, op in routes(model):
        if m != method:
            continue
        match = rx.match(path) or (path == "/" and rx.match(""))
        if not match:
            continue
        # `x-id=<Operation>` is a literal newer SDKs add and older ones leave out.
        if not all((k in query and (v is None or query[k][0] == v)) or (k == "x-id" and k not in query) for k, v in literals):
            continue
        matched_literals = sum(1 for k, _ in literals if k in query)
        shape = op.input_shape
        required_loc = 0
        missing = 0
        for name in shape.required_members if shape else []:
            member = shape.members[name]
            loc = member.serialization.get("location")
            wire = member.serialization.get("name", name)
            if loc == "header":
                required_loc += 1
                missing += wire.lower() not in headers
            elif loc == "querystring":
                required_loc += 1
                missing += wire not in query
        score = (missing == 0, matched_literals, required_loc, -len(labels), not op.deprecated)
        found.append((score, op, {labels[i]: match.group(f"L{i}") for i in range(len(labels))}))
    found.sort(key=lambda f: f[0], reverse=True)
    return found


def rest_params(model, op, labels, query, headers, body, errors):
    shape = op.input_shape
    params = {}
    if shape is None:
        return params
    body_members = {}
    for name, member in shape.members.items():
        ser = member.serialization
        loc = ser.get("location")
        wire = ser.get("name", name)
        if loc == "uri":
            if wire in labels:
                params[name] = scalar(member, urllib.parse.unquote(labels[wire]), name, errors)
        elif loc == "querystring":
            if member.type_name == "map":
                taken = {k: v[0] for k, v in query.items()}
                if taken:
                    params[name] = taken
            elif wire in query:
                if member.type_name == "list":
                    params[name] = [scalar(member.member, v, name, errors) for v in query[wire]]
                else:
                    params[name] = scalar(member, query[wire][0], name, errors)
        elif loc == "header":
            if member.type_name == "map":
                pre = wire.lower()
                found = {k[len(pre):]: v for k, v in headers.items() if k.startswith(pre)}
                if found:
                    params[name] = found
            elif wire.lower() in headers:
                text = headers[wire.lower()]
                if member.type_name == "list":
                    params[name] = [scalar(member.member, v.strip(), name, errors) for v in text.split(",")]
                elif member.serialization.get("jsonvalue"):
                    params[name] = text
                elif member.type_name == "timestamp":
                    params[name] = text
                else:
                    params[name] = scalar(member, text, name, errors)
        elif loc == "headers":  # a map of headers with a prefix (S3's x-amz-meta-)
            pre = wire.lower()
            found = {k[len(pre):]: v for k, v in headers.items() if k.startswith(pre)}
            if found:
                params[name] = found
        elif loc == "statusCode":
            pass
        else:
            body_members[name] = member
    payload = shape.serialization.get("payload")
    protocol = model.metadata["protocol"]
    if payload:
        member = shape.members[payload]
        if member.type_name in ("blob", "string") or member.serialization.get("eventstream"):
            if body is not None and (body or member.type_name == "blob"):
                if member.type_name == "string":
                    try:
                        params[payload] = body.decode("utf-8")
                    except UnicodeDecodeError:
                        errors.append(f"{payload}: the body is not UTF-8 text")
                else:
                    params[payload] = body
        elif body:
            params[payload] = xml_body(member, body, errors) if protocol == "rest-xml" else json_body(member, body, errors)
    elif body_members and body:
        if protocol == "rest-xml":
            params.update(xml_body(shape, body, errors))
        else:
            params.update(json_body(shape, body, errors))
    elif body and body.strip() and protocol == "rest-json" and body.strip() != b"{}":
        errors.append(f"{op.name} takes no body, got {len(body)} bytes")
    return params


def streams_payload(op):
    shape = op.input_shape
    if shape is None:
        return False
    payload = shape.serialization.get("payload")
    return bool(payload) and shape.members[payload].type_name == "blob"


# ---------------------------------------------------------------- requests


class Call:
    """What a signed request is: service model, protocol, operation, parameters, errors."""

    def __init__(self):
        self.model = None
        self.protocol = None
        self.op = None
        self.params = {}
        self.errors = []
        self.access_key = None
        self.signing_name = None
        self.region = None
        self.validated = False

    @property
    def service(self):
        return self.model.service_name if self.model else (self.signing_name or "?")

    @property
    def operation(self):
        return self.op.name if self.op else "?"


CRED = re.compile(r"Credential=([^/,\s]+)/(\d{8})/([^/]+)/([^/]+)/aws4_request")


def identify(method, path, query, headers, read_body):
    """The call a request makes (`read_body()` gives the body when it is needed: not for a
    streamed S3 object)."""
    call = Call()
    auth = headers.get("authorization", "")
    m = CRED.search(auth) or CRED.search("Credential=" + (query.get("X-Amz-Credential", [""])[0]))
    if not m:
        return None
    call.access_key, _, call.region, call.signing_name = m.groups()
    candidates = models_for(call.signing_name)
    if not candidates:
        call.errors.append(f"no botocore service signs as {call.signing_name!r}")
        return call
    target = headers.get("x-amz-target")
    if target:
        prefix, _, name = target.rpartition(".")
        for model in candidates:
            if "json" in protocols(model) and model.metadata.get("targetPrefix") == prefix:
                call.model, call.protocol = model, "json"
                break
        if call.model is None:
            call.model = candidates[0]
            call.errors.append(f"X-Amz-Target {target!r} names no {call.signing_name} service's JSON protocol")
            return call
        if name not in call.model.operation_names:
            call.errors.append(f"{call.model.service_name} has no operation {name!r}")
            return call
        call.op = call.model.operation_model(name)
        want = f"application/x-amz-json-{call.model.metadata.get('jsonVersion', '1.0')}"
        ctype = headers.get("content-type", "")
        if ctype.split(";")[0].strip() != want:
            call.errors.append(f"Content-Type is {ctype!r}, {call.model.service_name} wants {want}")
        call.params = json_body(call.op.input_shape, read_body(), call.errors)
        return call
    ctype = headers.get("content-type", "").split(";")[0].strip().lower()
    form = None
    if ctype == "application/x-www-form-urlencoded" and method == "POST":
        form = urllib.parse.parse_qs(read_body().decode("utf-8", "replace"), keep_blank_values=True)
    elif "Action" in query and method == "GET":
        form = query
    if form is not None and "Action" in form:
        form = {k: v[-1] for k, v in form.items()}
        for model in candidates:
            allowed = protocols(model)
            proto = "ec2" if "ec2" in allowed else "query" if "query" in allowed else None
            if proto:
                call.model, call.protocol = model, proto
                break
        if call.model is None:
            call.model = candidates[0]
            call.errors.append(f"{call.model.service_name} has no query protocol (Action={form['Action']!r})")
            return call
        if form["Action"] not in call.model.operation_names:
            call.errors.append(f"{call.model.service_name} has no operation {form['Action']!r}")
            return call
        call.op = call.model.operation_model(form["Action"])
        version = call.model.metadata["apiVersion"]
        if form.get("Version") != version:
            call.errors.append(f"Version is {form.get('Version')!r}, {call.model.service_name} wants {version}")
        call.params = parse_form(call.op.input_shape, form, call.protocol == "ec2", call.errors)
        return call
    raw_path = path.split("?", 1)[0]
    for model in candidates:
        allowed = protocols(model)
        if "rest-json" not in allowed and "rest-xml" not in allowed:
            continue
        found = rest_routes(model, method, raw_path, query, headers)
        if found:
            # Operations that share the best route: the first the request is valid for.
            tied = [f for f in found if f[0][:4] == found[0][0][:4]]
            first = None
            for _, op, labels in tied:
                errors = []
                body = None if streams_payload(op) else read_body()
                params = rest_params(model, op, labels, query, headers, body, errors)
                if not errors:
                    validate(op, params, errors)
                if first is None:
                    first = (op, params, errors)
                if not errors:
                    first = (op, params, errors)
                    break
            call.model, call.protocol = model, model.metadata["protocol"]
            call.op, call.params, call.errors = first
            call.validated = True
            return call
    call.model = candidates[0]
    call.protocol = call.model.metadata["protocol"]
    call.errors.append(f"no {call.signing_name} operation answers {method} {raw_path[:120]}")
    return call


# ---------------------------------------------------------------- errors in each protocol's shape


def error_response(protocol, service, code, message, status=400):
    """(status, headers, body) of an AWS error in `protocol`'s shape."""
    rid = str(uuid.uuid4())
    esc = message.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if protocol == "json":
        return status, {"Content-Type": "application/x-amz-json-1.1", "x-amzn-RequestId": rid}, json.dumps(
            {"__type": code, "message": message}
        ).encode()
    if protocol == "rest-json":
        return status, {
            "Content-Type": "application/json",
            "x-amzn-RequestId": rid,
            "x-amzn-ErrorType": code,
        }, json.dumps({"message": message}).encode()
    if protocol == "ec2":
        body = f"<Response><Errors><Error><Code>{code}</Code><Message>{esc}</Message></Error></Errors><RequestID>{rid}</RequestID></Response>"
    elif protocol == "rest-xml" and service == "s3":
        body = f"<Error><Code>{code}</Code><Message>{esc}</Message><RequestId>{rid}</RequestId></Error>"
    else:
        body = (
            f"<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>{esc}</Message></Error>"
            f"<RequestId>{rid}</RequestId></ErrorResponse>"
        )
    return status, {"Content-Type": "text/xml", "x-amzn-RequestId": rid}, ('<?xml version="1.0" encoding="UTF-8"?>' + body).encode()


VIOLATION_CODE = {"json": "ValidationException", "rest-json": "ValidationException", "ec2": "InvalidParameterValue"}


# ---------------------------------------------------------------- the server


HOP = {"connection", "keep-alive", "transfer-encoding", "proxy-connection", "te", "trailer", "upgrade", "expect"}


class Upstream:
    """Keep-alive connections to moto, one per proxy thread."""

    def __init__(self, url):
        hostport = url.split("://", 1)[-1].rstrip("/")
        self.host, _, port = hostport.partition(":")
        self.port = int(port or 80)
        self.local = threading.local()

    def connection(self, fresh=False):
        conn = getattr(self.local, "conn", None)
        if conn is None or fresh:
            if conn is not None:
                conn.close()
            conn = http.client.HTTPConnection(self.host, self.port, timeout=300)
            self.local.conn = conn
        return conn

    def send(self, method, path, headers, body):
        """Sends and returns the response (its body unread). A reused connection that moto
        closed meanwhile is retried once on a new one when nothing reached moto."""
        for attempt in range(2):
            conn = self.connection(fresh=attempt > 0)
            try:
                if conn.sock is None:
                    conn.connect()
                    # Headers and body go out as separate writes: without this, Nagle's
                    # algorithm and delayed ACKs hold each request ~40 ms.
                    conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
                for k, v in headers:
                    conn.putheader(k, v)
                if isinstance(body, (bytes, bytearray)):
                    conn.endheaders(bytes(body) if body else None)
                else:
                    conn.endheaders()
                if body is not None and not isinstance(body, (bytes, bytearray)):
                    for piece in body:
                        conn.send(piece)
                return conn.getresponse()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                if attempt or not isinstance(body, (bytes, bytearray)):
                    raise
        raise RuntimeError("unreachable")


def main():
    port = int(sys.argv[1])
    upstream = Upstream(sys.argv[2])
    violations = []
    proxy_errors = []  # requests the proxy failed to read (a bug of the proxy, not of the request)
    state = model_standins.State(upstream_url=sys.argv[2])

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def log_message(self, *a):
            pass

        def handle_one_request(self):
            try:
                super().handle_one_request()
            except (ConnectionResetError, BrokenPipeError, socket.timeout):
                self.close_connection = True

        def do_GET(self):
            self.serve()

        do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = do_OPTIONS = do_GET

        # -------------------------------------------------------------- bodies

        def body_reader(self):
            te = (self.headers.get("Transfer-Encoding") or "").lower()
            self.body_cache = None

            def read_all():
                if self.body_cache is None:
                    if "chunked" in te:
                        parts = []
                        while True:
                            size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                            if size == 0:
                                while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                                    pass
                                break
                            parts.append(self.rfile.read(size))
                            self.rfile.readline()
                        self.body_cache = b"".join(parts)
                    else:
                        self.body_cache = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                return self.body_cache

            return read_all

        def body_stream(self):
            remaining = int(self.headers.get("Content-Length") or 0)
            while remaining > 0:
                piece = self.rfile.read(min(remaining, 1 << 16))
                if not piece:
                    break
                remaining -= len(piece)
                yield piece

        # -------------------------------------------------------------- answers

        def answer(self, status, headers, body):
            self.send_response_only(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Date", self.date_time_string())
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def admin(self, read_body):
            path = self.path.split("?", 1)[0]
            if path == "/model-proxy/violations":
                if self.command == "DELETE":
                    with LOCK:
                        violations.clear()
                    return self.answer(200, {"Content-Type": "application/json"}, b"[]")
                with LOCK:
                    data = json.dumps(violations).encode()
                return self.answer(200, {"Content-Type": "application/json"}, data)
            if path == "/model-proxy/errors":
                with LOCK:
                    data = json.dumps(proxy_errors).encode()
                return self.answer(200, {"Content-Type": "application/json"}, data)
            body = read_body()
            try:
                request = json.loads(body) if body.strip() else {}
            except ValueError:
                return self.answer(400, {"Content-Type": "application/json"}, b'{"error":"body is not JSON"}')
            status, value = state.admin(self.command, path, request)
            return self.answer(status, {"Content-Type": "application/json"}, json.dumps(value).encode())

        def forward(self, body):
            headers = [(k, v) for k, v in self.headers.items() if k.lower() not in HOP]
            if isinstance(body, (bytes, bytearray)) and ("Content-Length" not in self.headers or self.headers.get("Transfer-Encoding")):
                headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
                if body or self.command in ("POST", "PUT", "PATCH"):
                    headers.append(("Content-Length", str(len(body))))
            resp = upstream.send(self.command, self.path, headers, body)
            self.send_response_only(resp.status, resp.reason)
            chunked = False
            length = resp.getheader("Content-Length")
            for k, v in resp.getheaders():
                if k.lower() not in HOP:
                    self.send_header(k, v)
            if self.command == "HEAD" or resp.status in (204, 304) or 100 <= resp.status < 200:
                self.end_headers()
                resp.read()
                return
            if length is None:
                chunked = True
                self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            while True:
                piece = resp.read1(1 << 16) if hasattr(resp, "read1") else resp.read(1 << 16)
                if not piece:
                    break
                if chunked:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                else:
                    self.wfile.write(piece)
            if chunked:
                self.wfile.write(b"0\r\n\r\n")
            if resp.will_close:
                upstream.connection(fresh=True)

        def serve(self):
            read_body = self.body_reader()
            signed = "Authorization" in self.headers or "X-Amz-Credential=" in self.path
            if self.path.startswith("/model-proxy/") and not signed:  # a bucket may be named model-proxy
                return self.admin(read_body)
            split = urllib.parse.urlsplit(self.path)
            query = urllib.parse.parse_qs(split.query, keep_blank_values=True)
            headers = {k.lower(): v for k, v in self.headers.items()}
            try:
                call = identify(self.command, split.path, query, headers, read_body)
                if call is not None and call.op is not None and not call.errors and not call.validated:
                    validate(call.op, call.params, call.errors)
            except Exception:  # a shape this proxy cannot read yet: say so, but do not fail the test
                trace = traceback.format_exc()
                sys.stderr.write(f"model proxy: {self.command} {self.path[:200]}: {trace}")
                with LOCK:
                    proxy_errors.append({"method": self.command, "path": self.path[:300], "error": trace[-2000:]})
                return self.forward(self.body_cache if self.body_cache is not None else read_body())
            if call is None and split.path == "/moto-api/reset":
                state.reset()
            if call is None:  # unsigned: moto's own API, test fixtures written straight to moto
                streamed = self.headers.get("Transfer-Encoding") is None
                return self.forward(self.body_stream() if streamed and self.headers.get("Content-Length") else read_body())
            if call.errors:
                entry = {
                    "service": call.service,
                    "operation": call.operation,
                    "protocol": call.protocol,
                    "method": self.command,
                    "path": self.path[:300],
                    "errors": call.errors,
                    "time": time.time(),
                }
                with LOCK:
                    violations.append(entry)
                message = PREFIX + f"{call.service}.{call.operation}: " + "; ".join(call.errors)
                code = VIOLATION_CODE.get(call.protocol, "InvalidArgument" if call.service == "s3" else "ValidationError")
                return self.answer(*error_response(call.protocol, call.service, code, message))
            answered = state.handle(call, headers)
            if answered is not None:
                status, code_or_body, message = answered
                if code_or_body is None:  # a success: message is (headers, body)
                    return self.answer(status, *message)
                return self.answer(*error_response(call.protocol, call.service, code_or_body, message, status))
            body = None if (call.op is not None and streams_payload(call.op) and self.body_cache is None) else read_body()
            if body is None:
                body = self.body_stream() if self.headers.get("Content-Length") else read_body()
            return self.forward(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    server.request_queue_size = 128
    server.serve_forever()


if __name__ == "__main__":
    main()
