#!/usr/bin/env python3
"""SES's sandbox in front of moto_server, for the forward receiver's tests.

A stand-in for one thing moto cannot do: moto's SendRawEmail refuses an unverified source but
sends to any destination, while SES in its sandbox refuses a destination that is not a verified
identity with `MessageRejected: Email address is not verified. The following identities failed
the check in region <REGION>: <address>`. This proxy answers a SendRawEmail naming such a
destination with that error, in the query protocol's shape, and forwards every other request
(and every SendRawEmail to verified destinations) to moto unchanged, so what was sent is read
back from moto's /moto-api/data.json as usual. Verified identities are moto's own (an address,
or its domain), read from /moto-api/data.json.

Usage: ses_sandbox_proxy.py PORT UPSTREAM_URL
"""
import http.client
import http.server
import json
import sys
import urllib.parse

HOP = {"connection", "keep-alive", "transfer-encoding", "server", "date", "proxy-connection", "te", "upgrade"}


def main():
    port = int(sys.argv[1])
    upstream = sys.argv[2].split("://", 1)[-1].rstrip("/")
    host, _, up_port = upstream.partition(":")

    def call(method, path, body=None, headers=None):
        conn = http.client.HTTPConnection(host, int(up_port or 80), timeout=60)
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        data = resp.read()
        conn.close()
        return resp, data

    def verified():
        _, data = call("GET", "/moto-api/data.json")
        ses = json.loads(data).get("ses", {})
        names = set()
        for identity in ses.get("EmailIdentity", []):
            if str(identity.get("verification_status", "")).upper() == "SUCCESS":
                names.add(identity.get("email_identity", "").lower())
        return names

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def reply(self, status, body, ctype):
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def handle_any(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            if b"Action=SendRawEmail" in body:
                form = urllib.parse.parse_qs(body.decode())
                destinations = [v[0] for k, v in form.items() if k.startswith("Destinations.member.")]
                known = verified()
                refused = [d for d in destinations
                           if d.lower() not in known and d.lower().rpartition("@")[2] not in known]
                if refused:
                    message = ("Email address is not verified. The following identities failed the check in region "
                               "US-EAST-1: " + ", ".join(refused))
                    xml = ("<ErrorResponse xmlns=\"http://ses.amazonaws.com/doc/2010-12-01/\"><Error><Type>Sender</Type>"
                           "<Code>MessageRejected</Code><Message>" + message + "</Message></Error>"
                           "<RequestId>ses-sandbox-proxy</RequestId></ErrorResponse>")
                    return self.reply(400, xml, "text/xml")
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP}
            resp, data = call(self.command, self.path, body if body or self.command in ("POST", "PUT") else None, headers)
            self.send_response(resp.status)
            for k, v in resp.getheaders():
                if k.lower() not in HOP and k.lower() != "content-length":
                    self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_DELETE = handle_any

    http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


if __name__ == "__main__":
    main()
