#!/usr/bin/env python3
# Answers every POST with a broken response chosen by the first path segment (truncated JSON or
# XML, not JSON, a short body, not HTTP at all, …), on 127.0.0.1:<argv[1]>. Used by
# GarbageResponseTests: the client must report a clear error and never crash.
import http.server, socket, sys
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        mode = self.path.strip("/").split("/")[0]
        bodies = {"truncjson": b'{"Item": {"AccountEmail": {"S": "x', "notjson": b'<html>hello</html>',
                  "notxml": b'{"json": "instead"}', "truncxml": b'<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>',
                  "wrongroot": b'<Other/>', "garbage500": bytes(range(256)), "array": b'[1, 2]'}
        body = bodies.get(mode, b'')
        if mode == "short":
            self.send_response(200); self.send_header("Content-Length", "1000"); self.end_headers()
            self.wfile.write(b'{"Item": '); self.wfile.flush(); self.connection.shutdown(socket.SHUT_RDWR); return
        if mode == "nohttp":
            self.wfile.write(b'\x00\x01garbage\r\n\r\n'); self.connection.shutdown(socket.SHUT_RDWR); return
        self.send_response(500 if mode == "garbage500" else 200)
        self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
