#!/usr/bin/env python3
"""CloudFormation's failure states in front of moto_server, for deploy's recovery tests.

moto's CloudFormation never rolls back: a resource that fails makes ExecuteChangeSet itself
answer an error, and a stack is never UPDATE_ROLLBACK_FAILED. This proxy forwards every request
to moto unchanged, except:

- POST /cfn-proxy/status?value=UPDATE_ROLLBACK_FAILED: DescribeStacks answers that status (the
  stack's real one in moto stays) and DescribeStackEvents lists, newest first, one failed
  resource (MXRecord, UPDATE_FAILED, with a reason) until ContinueUpdateRollback is called,
  which the proxy answers itself (moto has no such action) and which ends the override.
- POST /cfn-proxy/fail-execute: the next ExecuteChangeSet is answered with a ValidationError
  before moto sees it (a create that fails: the stack stays REVIEW_IN_PROGRESS in moto).
- POST /cfn-proxy/redirect-bucket?name=B: HeadBucket of bucket B (path style) is answered 301,
  as S3 answers for a bucket in another region than the endpoint's (moto answers 200 anywhere).
- GET /cfn-proxy/stats: JSON counts (continue_update_rollback, failed_execute, redirected).

Usage: cfn_state_proxy.py PORT UPSTREAM_URL
"""
import http.client
import http.server
import json
import re
import sys
import threading
import urllib.parse

from proxy_forward import HOP, forward

FAILED_EVENT = (
    "<member><StackId>{stack_id}</StackId><EventId>cfn-proxy-failed-1</EventId><StackName>{stack}</StackName>"
    "<LogicalResourceId>MXRecord</LogicalResourceId><PhysicalResourceId>mx</PhysicalResourceId>"
    "<ResourceType>AWS::Route53::RecordSet</ResourceType><Timestamp>2026-01-01T00:00:00Z</Timestamp>"
    "<ResourceStatus>UPDATE_FAILED</ResourceStatus>"
    "<ResourceStatusReason>Tried to delete resource record set that does not exist</ResourceStatusReason></member>"
)


def main():
    port = int(sys.argv[1])
    upstream = sys.argv[2].split("://", 1)[-1].rstrip("/")
    host, _, up_port = upstream.partition(":")
    lock = threading.Lock()
    state = {"status": None, "fail_execute": False, "redirect": set()}
    stats = {"continue_update_rollback": 0, "failed_execute": 0, "redirected": 0}

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def reply(self, status, body, ctype="text/xml", headers=()):
            data = body if isinstance(body, bytes) else body.encode()
            self.send_response(status)
            for k, v in headers:
                if k.lower() not in HOP and k.lower() != "content-length":
                    self.send_header(k, v)
            if not any(k.lower() == "content-type" for k, _ in headers):
                self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        def forward(self, body):
            return forward(self, host, up_port, body)

        def handle_any(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            url = urllib.parse.urlsplit(self.path)
            if url.path == "/cfn-proxy/status":
                with lock:
                    state["status"] = urllib.parse.parse_qs(url.query).get("value", [None])[0]
                return self.reply(200, "{}", "application/json")
            if url.path == "/cfn-proxy/fail-execute":
                with lock:
                    state["fail_execute"] = True
                return self.reply(200, "{}", "application/json")
            if url.path == "/cfn-proxy/redirect-bucket":
                with lock:
                    state["redirect"].add(urllib.parse.parse_qs(url.query).get("name", [""])[0])
                return self.reply(200, "{}", "application/json")
            if self.command == "HEAD" and url.path.strip("/") in state["redirect"]:
                with lock:
                    stats["redirected"] += 1
                self.send_response(301)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if url.path == "/cfn-proxy/stats":
                with lock:
                    return self.reply(200, json.dumps(stats), "application/json")
            action = None
            if self.command == "POST" and "form-urlencoded" in self.headers.get("Content-Type", ""):
                action = urllib.parse.parse_qs(body.decode("utf-8", "replace")).get("Action", [None])[0]
            with lock:
                status = state["status"]
            if action == "ContinueUpdateRollback":
                with lock:
                    state["status"] = None
                    stats["continue_update_rollback"] += 1
                xml = ("<ContinueUpdateRollbackResponse><ContinueUpdateRollbackResult/><ResponseMetadata>"
                       "<RequestId>cfn-proxy</RequestId></ResponseMetadata></ContinueUpdateRollbackResponse>")
                return self.reply(200, xml)
            if action == "ExecuteChangeSet":
                with lock:
                    fail = state["fail_execute"]
                    state["fail_execute"] = False
                    if fail:
                        stats["failed_execute"] += 1
                if fail:
                    xml = ("<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code>"
                           "<Message>Resource MailBucket failed: rootmail-test already exists</Message></Error>"
                           "<RequestId>cfn-proxy</RequestId></ErrorResponse>")
                    return self.reply(400, xml)
            resp, data = self.forward(body)
            if status and action == "DescribeStacks" and resp.status == 200:
                data = re.sub(rb"<StackStatus>[^<]*</StackStatus>", b"<StackStatus>" + status.encode() + b"</StackStatus>", data)
            if status and action == "DescribeStackEvents" and resp.status == 200:
                text = data.decode("utf-8", "replace")
                stack_id = re.search(r"<StackId>([^<]*)</StackId>", text)
                stack_name = re.search(r"<StackName>([^<]*)</StackName>", text)
                event = FAILED_EVENT.format(stack_id=stack_id.group(1) if stack_id else "",
                                            stack=stack_name.group(1) if stack_name else "")
                text = text.replace("<StackEvents>", "<StackEvents>" + event, 1)
                data = text.encode()
            return self.reply(resp.status, data, headers=resp.getheaders())

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = handle_any

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main()
