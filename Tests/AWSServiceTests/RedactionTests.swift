@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// The client's debug log, captured by a handler that does not redact: it must carry the
/// request and response but no secret, signature or token.
@Suite struct RedactionTests {
  @Test func debugLogNeverCarriesSecrets() async throws {
    let moto = try MotoServer.shared()
    let captured = CapturedLog()
    let logger = captured.logger()
    let creds = AWSCredentials(
      accessKeyID: "AKIDREDACTTEST", secretAccessKey: "redaction-secret-key-123", sessionToken: "redaction-session-token-456",
      source: "test")
    let client = AWSClient(
      region: "us-east-1", endpointURL: moto.url, credentialProvider: StaticCredentialProvider(creds), logger: logger)
    _ = try await client.sts.getCallerIdentity()
    let role = try await client.sts.assumeRole(roleArn: "arn:aws:iam::123456789012:role/r", sessionName: "redaction")
    let log = captured.lines.withLock { $0 }.joined(separator: "\n")
    #expect(log.contains("aws request STS.GetCallerIdentity") && log.contains("aws response STS.AssumeRole"))
    #expect(log.contains("Authorization: [REDACTED]") && log.contains("X-Amz-Security-Token: [REDACTED]"))
    for secret in ["redaction-secret-key-123", "redaction-session-token-456", "Signature=", role.secretAccessKey] {
      #expect(!log.contains(secret), "\(secret) leaked")
    }
    #expect(!log.contains(role.sessionToken ?? "-"), "the assumed role's token is never logged")
  }

  /// A mail a fetch downloads and keeps (`getObjectKeepingBytes`) holds reset links: its bytes
  /// are not in the debug log, while the request is.
  @Test func keptDownloadsAreNotLogged() async throws {
    let moto = try MotoServer.shared()
    let captured = CapturedLog()
    let logger = captured.logger()
    let client = AWSClient(
      region: "us-east-1", endpointURL: moto.url,
      credentialProvider: StaticCredentialProvider(
        AWSCredentials(accessKeyID: "AKIDTESTMOTO", secretAccessKey: "test-secret-key-for-moto", source: "test")),
      logger: logger)
    let bucket = "rootmail-kept-\(UInt32.random(in: 0...UInt32.max))"
    try await client.s3.createBucket(bucket)
    let mail = Array("Subject: reset\r\n\r\nhttps://signin.aws.amazon.com/resetpassword?token=kept-secret-token\r\n".utf8)
    try await client.s3.putObject(bucket, key: "RootMail/reset", body: mail)
    let folder = try TemporaryFolder(prefix: "rootmail-kept")
    let file = folder.path + "/reset.eml"
    #expect(try await client.s3.getObjectKeepingBytes(bucket, key: "RootMail/reset", to: file) == mail)
    // The lines from the GetObject on (the PutObject before logs the body it sends).
    let lines = captured.lines.withLock { $0 }
    let get = try #require(lines.firstIndex { $0.hasPrefix("aws request S3.GetObject") })
    let log = lines[get...].joined(separator: "\n")
    #expect(log.contains("aws response S3.GetObject"))
    #expect(!log.contains("kept-secret-token"))
  }
}
