@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Synchronization
import Testing

/// An `ExpiredToken` answer makes the client drop its cached credentials, fetch fresh ones and
/// send the call again, once (against Tests/Support/expired_token_server.py, which refuses the
/// access key AKIDEXPIRED as STS refuses an expired session).
@Suite struct ExpiredTokenTests {
  static let server = Result {
    try LocalServer(executable: "python3", arguments: [LocalServer.script("expired_token_server.py"), "%PORT%"])
  }

  /// Gives out the keys of `keys` in turn (the last one again when they run out), counting calls.
  final class RotatingProvider: AWSCredentialProvider {
    let keys: [String]
    let calls = Mutex(0)
    init(_ keys: [String]) { self.keys = keys }
    func credentials() async throws -> AWSCredentials? {
      let n = calls.withLock { n in
        defer { n += 1 }
        return n
      }
      return AWSCredentials(
        accessKeyID: keys[min(n, keys.count - 1)], secretAccessKey: "expired-token-test-secret", sessionToken: "session",
        source: "test")
    }
  }

  func client(_ provider: RotatingProvider) throws -> AWSClient {
    AWSClient(
      region: "us-east-1", endpointURL: try Self.server.get().url, credentialProvider: provider,
      retryPolicy: RetryPolicy(maxAttempts: 1), timeout: 10)
  }

  @Test func expiredCredentialsAreRefreshedAndTheCallSentAgain() async throws {
    let provider = RotatingProvider(["AKIDEXPIRED", "AKIDFRESH"])
    let identity = try await client(provider).sts.getCallerIdentity()
    #expect(identity.arn == "arn:aws:iam::123456789012:user/fresh")
    #expect(provider.calls.withLock { $0 } == 2)
  }

  @Test func onlyOneRetryWhenTheFreshCredentialsAreExpiredToo() async throws {
    let provider = RotatingProvider(["AKIDEXPIRED"])
    await #expect {
      _ = try await client(provider).sts.getCallerIdentity()
    } throws: { error in
      (error as? AWSError)?.code == "ExpiredToken" && (error as? AWSError)?.exitStatus == .configuration
    }
    #expect(provider.calls.withLock { $0 } == 2)
  }
}
