import Foundation
@_spi(RootmailHost) import RootmailKit
import RootmailSigV4
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// S3 keys with `.` and `..` segments are keys like any other: libcurl must not collapse them
/// (`RootMail/../outside.eml` was sent as `outside.eml`, so a listed key fetched another
/// object), and the path must go out exactly as SigV4 signed it.
@Suite struct S3DotSegmentTests {
  static let keys = AWSCredentials(accessKeyID: "AKIDDOTSEGMENTS", secretAccessKey: "dot-segments-secret", source: "test")
  static let dotted = ["RootMail/../outside.eml", "RootMail/./here.eml", "RootMail/a/../../b.eml", "RootMail/..", "RootMail/."]

  @Test func dotSegmentKeysAreTheirOwnObjectsInMoto() async throws {
    let s3 = try MotoServer.shared().client().s3
    let bucket = "rootmail-dot-segments"
    try await s3.createBucket(bucket)
    try await s3.putObject(bucket, key: "outside.eml", body: Array("outside".utf8))
    try await s3.putObject(bucket, key: "b.eml", body: Array("b".utf8))
    for key in Self.dotted { try await s3.putObject(bucket, key: key, body: Array("inside \(key)".utf8)) }

    let listed = try await s3.listAllObjects(bucket, prefix: "RootMail/")
    #expect(Set(listed.map(\.key)) == Set(Self.dotted))
    let folder = try TemporaryFolder()
    for (i, key) in (Self.dotted + ["outside.eml", "b.eml"]).enumerated() {
      let path = folder.path + "/\(i)"
      try await s3.getObject(bucket, key: key, to: path)
      let expected = key.hasPrefix("RootMail/") ? "inside \(key)" : String(key.dropLast(4))
      #expect(try String(contentsOfFile: path, encoding: .utf8) == expected, "\(key)")
    }
    #expect(try await s3.headObject(bucket, key: "RootMail/../outside.eml")?.size == "inside RootMail/../outside.eml".utf8.count)
    #expect(try await s3.deleteObjects(bucket, keys: Self.dotted + ["outside.eml", "b.eml"]).isEmpty)
    try await s3.deleteBucket(bucket)
  }

  /// What arrives (Tests/Support/request_echo_server.py) is the path signed, and botocore signs
  /// that request as it arrived to the same Authorization header.
  @Test func pathArrivesAsSignedAndBotocoreAgrees() async throws {
    let echo = try LocalServer(executable: "python3", arguments: [LocalServer.script("request_echo_server.py"), "%PORT%"])
    defer { echo.stop() }
    let client = AWSClient(
      region: "us-east-1", endpointURL: echo.url, credentialProvider: StaticCredentialProvider(Self.keys),
      retryPolicy: RetryPolicy(maxAttempts: 1))
    let folder = try TemporaryFolder()
    var requests: [String] = []
    var received: [JSONValue] = []
    for (i, key) in Self.dotted.enumerated() {
      let path = folder.path + "/\(i)"
      try await client.s3.getObject("bucket", key: key, to: path)
      let seen = try JSONValue.parse(try String(contentsOfFile: path, encoding: .utf8))
      #expect(seen["target"]?.stringValue == "/bucket/" + AWSURI.encode(key, keepSlash: true), "\(key)")
      received.append(seen)
      requests.append(try Self.botocoreSpec(seen, url: echo.url))
    }
    let signed = try ChildProcess.run(
      ["python3", LocalServer.script("botocore_sign.py")], input: Array((requests.joined(separator: "\n") + "\n").utf8),
      timeoutSeconds: 120)
    try #require(signed.status == 0, "\(String(decoding: signed.stderr, as: UTF8.self))")
    let answers = String(decoding: signed.stdout, as: UTF8.self).split(separator: "\n")
    try #require(answers.count == received.count)
    for (seen, answer) in zip(received, answers) {
      let authorization = Self.header(seen, "Authorization")
      let botocore = try JSONValue.parse(String(answer))["authorization"]?.stringValue
      #expect(authorization != nil && authorization == botocore, "\(seen["target"]?.stringValue ?? "")")
    }
  }

  static func header(_ seen: JSONValue, _ name: String) -> String? {
    seen["headers"]?.arrayValue?.first { $0.arrayValue?.first?.stringValue?.lowercased() == name.lowercased() }?
      .arrayValue?.last?.stringValue
  }

  /// The request as it arrived, in botocore_sign.py's input shape (its clock set to X-Amz-Date).
  static func botocoreSpec(_ seen: JSONValue, url: String) throws -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
    let date = try #require(header(seen, "X-Amz-Date").flatMap(formatter.date(from:)))
    let headers = (seen["headers"]?.arrayValue ?? []).filter {
      $0.arrayValue?.first?.stringValue?.lowercased() != "authorization"
    }
    let spec: JSONValue = .object([
      ("service", .string("s3")), ("region", .string("us-east-1")),
      ("method", seen["method"] ?? .string("GET")), ("url", .string(url + (seen["target"]?.stringValue ?? ""))),
      ("headers", .array(headers)), ("body_hex", seen["body_hex"] ?? .string("")),
      ("access_key", .string(keys.accessKeyID)), ("secret_key", .string(keys.secretAccessKey)), ("token", .null),
      ("epoch", .int(Int(date.timeIntervalSince1970))), ("unsigned", .bool(false)),
    ])
    return spec.compact
  }
}
