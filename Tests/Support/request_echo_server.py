#!/usr/bin/env python3
# Answers every request on 127.0.0.1:<argv[1]> with HTTP 200 and a JSON body describing the
# request as it arrived: {"method", "target" (the request target, byte for byte), "headers"
# ([[name, value], ...] in order), "body_hex"}. Used by S3DotSegmentTests to check that the
# path goes out exactly as it was signed.
import http.server, json, sys
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
    def answer(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        seen = {"method": self.command, "target": self.path, "headers": [[k, v] for k, v in self.headers.items()],
                "body_hex": body.hex()}
        out = json.dumps(seen).encode()
        self.send_response(200); self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out))); self.end_headers(); self.wfile.write(out)
    do_GET = do_PUT = do_POST = do_DELETE = answer
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
