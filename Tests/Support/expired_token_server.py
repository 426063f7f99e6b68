#!/usr/bin/env python3
# An STS look-alike on 127.0.0.1:<argv[1]> that answers ExpiredToken to requests signed with the
# access key AKIDEXPIRED and GetCallerIdentity to any other key. Used by ExpiredTokenTests.
import http.server, sys
OK = (b'<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/fresh</Arn>'
      b'<UserId>AIDFRESH</UserId><Account>123456789012</Account></GetCallerIdentityResult>'
      b'<ResponseMetadata><RequestId>ok-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>')
EXPIRED = (b'<ErrorResponse><Error><Type>Sender</Type><Code>ExpiredToken</Code>'
           b'<Message>The security token included in the request is expired</Message></Error>'
           b'<RequestId>expired-1</RequestId></ErrorResponse>')
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        expired = "Credential=AKIDEXPIRED/" in (self.headers.get("Authorization") or "")
        body = EXPIRED if expired else OK
        self.send_response(400 if expired else 200)
        self.send_header("Content-Type", "text/xml"); self.send_header("Content-Length", str(len(body)))
        self.end_headers(); self.wfile.write(body)
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
