#!/usr/bin/env python3
"""A fault-injecting HTTP proxy for rootmail's AWS tests, between the client and moto_server.

With probability --rate a request gets a fault BEFORE it is forwarded (so moto never sees it):
a throttling error in the protocol's own shape (JSON __type, query ErrorResponse, S3 SlowDown
503, Route53 Throttling), a bare 503, or a dropped connection. With probability
--drop-after-rate a request is forwarded and moto applies it, but the response is dropped: the
client sees a dropped connection and retries a request that already took effect.
GET /fault-proxy/stats returns the counts as JSON. With --hold OPERATION, a request whose
X-Amz-Target ends in ".OPERATION" is never answered: the proxy prints "held OPERATION" when it
arrives and "closed OPERATION" when the client hangs up.
"""
import argparse
import http.client
import http.server
import json
import random
import socket
import sys
import threading

from proxy_forward import HOP, forward, relay


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--upstream", required=True)
    ap.add_argument("--rate", type=float, default=0.3)
    ap.add_argument("--drop-after-rate", type=float, default=0.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--hold", default="")
    args = ap.parse_args()
    upstream = args.upstream.split("://", 1)[-1].rstrip("/")
    host, _, port = upstream.partition(":")
    rng = random.Random(args.seed)
    lock = threading.Lock()
    said = threading.Lock()

    def say(line):
        # One whole line per write: print() writes the text and the newline apart.
        with said:
            sys.stdout.write(line + "\n")
            sys.stdout.flush()

    stats = {"requests": 0, "forwarded": 0, "throttle": 0, "unavailable": 0, "drop_before": 0, "drop_after": 0}

    def decide():
        with lock:
            stats["requests"] += 1
            if rng.random() < args.rate:
                kind = rng.choice(["throttle", "unavailable", "drop_before"])
            elif rng.random() < args.drop_after_rate:
                kind = "drop_after"
            else:
                kind = "forward"
            if kind != "forward":
                stats[kind] += 1
            if kind in ("forward", "drop_after"):
                stats["forwarded"] += 1
            return kind

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def reply(self, status, body, ctype):
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("x-amzn-RequestId", "fault-proxy")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        def drop(self):
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

        def throttle(self, body):
            if self.headers.get("X-Amz-Target"):
                ctype = self.headers.get("Content-Type", "application/x-amz-json-1.0")
                return self.reply(400, json.dumps({"__type": "ThrottlingException", "message": "Rate exceeded"}), ctype)
            if b"Action=" in body and "form-urlencoded" in self.headers.get("Content-Type", ""):
                xml = ("<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message>"
                       "</Error><RequestId>fault-proxy</RequestId></ErrorResponse>")
                return self.reply(400, xml, "text/xml")
            if self.path.startswith("/2013-04-01/"):
                xml = ("<?xml version=\"1.0\"?><ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code>"
                       "<Message>Rate exceeded</Message></Error><RequestId>fault-proxy</RequestId></ErrorResponse>")
                return self.reply(400, xml, "text/xml")
            xml = "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>"
            return self.reply(503, xml, "application/xml")

        def handle_any(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            if self.path == "/fault-proxy/stats":
                with lock:
                    return self.reply(200, json.dumps(stats), "application/json")
            if args.hold and self.headers.get("X-Amz-Target", "").endswith("." + args.hold):
                say("held " + args.hold)
                while self.connection.recv(1):
                    pass
                say("closed " + args.hold)
                self.close_connection = True
                return
            kind = "forward" if self.path.startswith("/moto-api") else decide()
            if kind == "throttle":
                return self.throttle(body)
            if kind == "unavailable":
                return self.reply(503, "<html><body>Service Unavailable</body></html>", "text/html")
            if kind == "drop_before":
                return self.drop()
            resp, data = forward(self, host, port, body)
            if kind == "drop_after":
                return self.drop()
            relay(self, resp, data)

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = handle_any

    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main()
