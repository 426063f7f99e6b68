#!/usr/bin/env python3
# A fake of the container credentials endpoint, EC2 instance metadata (IMDSv2) and the SSO portal
# on 127.0.0.1:<argv[1]>, checking the tokens it is sent. Used by NetworkCredentialTests.
import http.server, json, sys
CREDS = {"AccessKeyId": "AKIDNET", "SecretAccessKey": "net-secret-key-000", "Token": "net-session-token-000",
         "Expiration": "2099-01-01T00:00:00Z"}
class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def reply(self, status, body):
        data = body.encode(); self.send_response(status); self.send_header("Content-Length", str(len(data)))
        self.end_headers(); self.wfile.write(data)
    def do_PUT(self):
        if self.path == "/latest/api/token" and self.headers.get("X-aws-ec2-metadata-token-ttl-seconds"):
            return self.reply(200, "imds-token-000")
        self.reply(400, "")
    def do_GET(self):
        if self.path.startswith("/latest/"):
            if self.headers.get("X-aws-ec2-metadata-token") != "imds-token-000": return self.reply(401, "")
            if self.path == "/latest/meta-data/iam/security-credentials/": return self.reply(200, "rootmail-role")
            if self.path == "/latest/meta-data/iam/security-credentials/rootmail-role":
                return self.reply(200, json.dumps(dict(CREDS, Code="Success")))
        if self.path == "/v2/credentials/abc":
            if self.headers.get("Authorization") != "container-auth-000": return self.reply(403, "")
            return self.reply(200, json.dumps(CREDS))
        if self.path.startswith("/federation/credentials?account_id=111122223333&role_name=Admin"):
            if self.headers.get("x-amz-sso_bearer_token") != "sso-access-token-000": return self.reply(401, "")
            return self.reply(200, json.dumps({"roleCredentials": {"accessKeyId": "AKIDSSO",
                "secretAccessKey": "sso-secret-000", "sessionToken": "sso-token-000", "expiration": 4070908800000}}))
        self.reply(404, "")
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
