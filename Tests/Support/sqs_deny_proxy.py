#!/usr/bin/env python3
"""A proxy in front of moto_server that answers the SQS operations named by --deny (JSON
protocol, X-Amz-Target AmazonSQS.<Op>) with AccessDenied as SQS does, and forwards everything
else. moto does not enforce IAM; `mail watch --queue` must stop with exit 77 naming the action.
"""
import argparse
import http.client
import http.server
import json

from proxy_forward import forward, relay


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--upstream", required=True)
    ap.add_argument("--deny", required=True, help="comma-separated SQS operations")
    args = ap.parse_args()
    denied = set(args.deny.split(","))
    host, _, port = args.upstream.split("://", 1)[-1].rstrip("/").partition(":")

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def handle_any(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            target = self.headers.get("X-Amz-Target", "")
            if target.startswith("AmazonSQS.") and target.split(".", 1)[1] in denied:
                op = target.split(".", 1)[1]
                data = json.dumps({
                    "__type": "com.amazon.coral.service#AccessDeniedException",
                    "message": f"User: arn:aws:iam::123456789012:user/watcher is not authorized to perform: sqs:{op}",
                }).encode()
                self.send_response(400)
                self.send_header("Content-Type", "application/x-amz-json-1.0")
                self.send_header("x-amzn-query-error", "AccessDenied;Sender")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                return
            resp, data = forward(self, host, port, body)
            relay(self, resp, data)

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = handle_any

    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main()
