@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// A local server that answers every request with a broken response, chosen by the path of the
/// endpoint URL: the client must report a clear error and never crash.
@Suite struct GarbageResponseTests {

  static let server = Result {
    try LocalServer(executable: "python3", arguments: [LocalServer.script("garbage_server.py"), "%PORT%"])
  }

  func client(_ mode: String) throws -> AWSClient {
    let creds = AWSCredentials(accessKeyID: "AKIDGARBAGE", secretAccessKey: "garbage-secret-key", source: "test")
    let url = try Self.server.get().url + "/" + mode
    return AWSClient(
      region: "us-east-1", endpointURL: url, credentialProvider: StaticCredentialProvider(creds),
      retryPolicy: RetryPolicy(maxAttempts: 2, base: 0.001), timeout: 5)
  }

  func expectError(_ mode: String, kind: AWSError.Kind, _ body: (AWSClient) async throws -> Void) async throws {
    do {
      try await body(try client(mode))
      Issue.record("\(mode): no error")
    } catch let error as AWSError {
      #expect(error.kind == kind, "\(mode): \(error)")
      #expect(!error.description.isEmpty && error.hint != nil)
      #expect(error.exitStatus == .unavailable)
    }
  }

  @Test func malformedBodiesAreClearErrors() async throws {
    let key: DynamoDBItem = ["AccountEmail": .s("x")]
    try await expectError("truncjson", kind: .malformedResponse) { _ = try await $0.dynamoDB.getItem("t", key: key) }
    try await expectError("notjson", kind: .malformedResponse) { _ = try await $0.dynamoDB.getItem("t", key: key) }
    try await expectError("array", kind: .malformedResponse) { _ = try await $0.dynamoDB.getItem("t", key: key) }
    try await expectError("notxml", kind: .malformedResponse) { _ = try await $0.sts.getCallerIdentity() }
    try await expectError("truncxml", kind: .malformedResponse) { _ = try await $0.sts.getCallerIdentity() }
    try await expectError("wrongroot", kind: .malformedResponse) { _ = try await $0.sts.getCallerIdentity() }
    try await expectError("empty", kind: .malformedResponse) { _ = try await $0.sts.getCallerIdentity() }
  }

  @Test func truncatedAndNonHTTPResponsesAreRetriedThenReported() async throws {
    let key: DynamoDBItem = ["AccountEmail": .s("x")]
    try await expectError("short", kind: .unreachable) { _ = try await $0.dynamoDB.getItem("t", key: key) }
    try await expectError("nohttp", kind: .unreachable) { _ = try await $0.dynamoDB.getItem("t", key: key) }
    do {
      _ = try await client("garbage500").dynamoDB.getItem("t", key: key)
      Issue.record("garbage500: no error")
    } catch let error as AWSError {
      #expect(error.kind == .service && error.status == 500 && error.attempts == 2)
    }
  }
}
