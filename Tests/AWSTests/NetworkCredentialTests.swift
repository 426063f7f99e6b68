import Foundation
import RootmailKit
import RootmailTestSupport
import Testing

/// Container, instance-metadata (IMDSv2) and SSO credentials against a local fake of each
/// endpoint (a small Python server that checks the tokens it is sent).
@Suite struct NetworkCredentialTests {
  static let script = """
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
    """
  static let server = Result { try LocalServer(executable: "python3", arguments: ["-c", script, "%PORT%"]) }
  let transport: @Sendable () async throws -> any HTTPTransport = { try await TransportLoader.shared() }

  @Test func containerCredentialsWithAuthorizationToken() async throws {
    let url = try Self.server.get().url
    let tokenFile = NSTemporaryDirectory() + "rootmail-container-token-\(getpid())"
    try "container-auth-000\n".write(toFile: tokenFile, atomically: true, encoding: .utf8)
    let full = ContainerCredentialProvider(
      environment: [
        "AWS_CONTAINER_CREDENTIALS_FULL_URI": url + "/v2/credentials/abc", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile,
      ], transport: transport)
    let c = try await full.credentials()
    #expect(c?.accessKeyID == "AKIDNET" && c?.sessionToken == "net-session-token-000" && c?.source == "container")
    #expect(c?.expiration == Timestamp.parse("2099-01-01T00:00:00Z"))
    var relative = ContainerCredentialProvider(
      environment: [
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/abc", "AWS_CONTAINER_AUTHORIZATION_TOKEN": "wrong",
      ],
      transport: transport)
    relative.relativeBase = url
    await #expect(throws: AWSError.self) { _ = try await relative.credentials() }
    #expect(try await ContainerCredentialProvider(environment: [:], transport: transport).credentials() == nil)
    let remote = ContainerCredentialProvider(
      environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://198.51.100.7/creds"], transport: transport)
    await #expect(throws: AWSError.self) { _ = try await remote.credentials() }
  }

  @Test func instanceMetadataV2() async throws {
    let url = try Self.server.get().url
    let imds = InstanceMetadataCredentialProvider(environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": url], transport: transport)
    let c = try await imds.credentials()
    #expect(c?.accessKeyID == "AKIDNET" && c?.source == "instance-metadata")
    #expect(Redactor.shared.redact("imds-token-000") == "[REDACTED]")
    let disabled = InstanceMetadataCredentialProvider(
      environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": url, "AWS_EC2_METADATA_DISABLED": "true"], transport: transport)
    #expect(try await disabled.credentials() == nil)
    let nobody = InstanceMetadataCredentialProvider(
      environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:9"], transport: transport)
    #expect(try await nobody.credentials() == nil)
  }

  @Test func ssoFromTheTokenCache() async throws {
    let url = try Self.server.get().url
    let folder = NSTemporaryDirectory() + "rootmail-sso-\(getpid())"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    var sso = SSOCredentialProvider(
      cacheKey: "my-sso", accountID: "111122223333", roleName: "Admin", ssoRegion: "us-east-1", cacheFolder: folder,
      portalURL: url, transport: transport)
    // botocore names the file by the SHA-1 of the session name.
    #expect(sso.cacheFile == folder + "/0ad374308c5a4e22f723adf10145eafad7c4031c.json")
    await #expect(throws: AWSError.self) { _ = try await sso.credentials() }
    try #"{"accessToken": "sso-access-token-000", "expiresAt": "2099-01-01T00:00:00Z"}"#.write(
      toFile: sso.cacheFile, atomically: true, encoding: .utf8)
    let c = try await sso.credentials()
    #expect(c?.accessKeyID == "AKIDSSO" && c?.source == "sso" && c?.sessionToken == "sso-token-000")
    sso.now = { Date(timeIntervalSince1970: 4_200_000_000) }
    await #expect(throws: AWSError.self) { _ = try await sso.credentials() }
  }
}
