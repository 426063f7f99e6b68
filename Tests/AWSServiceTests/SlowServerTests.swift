import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Synchronization
import Testing

/// A server that answers, but slowly (Tests/Support/trickle_server.py: the endpoint's path says
/// how many bytes, in what chunks, how often). A trickle below the minimum speed is cut after
/// the read timeout although the server is never silent that long; a steady answer that never
/// ends is cut at `total_timeout`; a download gets its size's time at the minimum speed on top.
/// Each trickle lasts about a minute: before these limits the calls ran that long.
@Suite struct SlowServerTests {
  static let server = Result {
    try LocalServer(executable: "python3", arguments: [LocalServer.script("trickle_server.py"), "%PORT%"])
  }
  static let keys = AWSCredentials(accessKeyID: "AKIDTRICKLE", secretAccessKey: "trickle-secret-key", source: "test")

  /// A client whose endpoint sends `bytes` bytes as `chunk` bytes every `interval` ms.
  func client(bytes: Int, chunk: Int, interval: Int, readTimeout: Double, totalTimeout: Double) throws -> AWSClient {
    AWSClient(
      region: "us-east-1", endpointURL: try Self.server.get().url + "/\(bytes)/\(chunk)/\(interval)",
      credentialProvider: StaticCredentialProvider(Self.keys), retryPolicy: RetryPolicy(maxAttempts: 1),
      network: NetworkSettings(readTimeout: readTimeout, totalTimeout: totalTimeout))
  }

  /// Runs `body`, expecting an `AWSError` of `kind`; returns its text and the seconds taken.
  func failure(_ kind: AWSError.Kind = .unreachable, _ body: () async throws -> Void) async -> (String, Double) {
    let started = ContinuousClock.now
    var text = "no error"
    do {
      try await body()
    } catch let error as AWSError {
      #expect(error.kind == kind, "\(error)")
      text = error.description
    } catch {
      text = "\(error)"
    }
    let elapsed = ContinuousClock.now - started
    return (text, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
  }

  /// One byte a second for ten minutes: never silent for the 3 s read timeout, but far below
  /// 1 KiB/s, so the attempt ends about 3 s in.
  @Test func tricklingAnswerIsCutAtTheMinimumSpeed() async throws {
    let aws = try client(bytes: 600, chunk: 1, interval: 1000, readTimeout: 3, totalTimeout: 900)
    let (text, elapsed) = await failure { _ = try await aws.sts.getCallerIdentity() }
    #expect(text.contains("fewer than 1024 bytes a second for 3.0 seconds (read_timeout)"), "\(text)")
    #expect(elapsed < 3 + 120, "took \(elapsed) s")
  }

  /// 16 KiB/s for over fifteen minutes (fast enough, never silent): cut at the 3 s total timeout.
  @Test func endlessAnswerIsCutAtTheTotalTimeout() async throws {
    let aws = try client(bytes: 1 << 24, chunk: 4096, interval: 250, readTimeout: 10, totalTimeout: 3)
    let (text, elapsed) = await failure { _ = try await aws.sts.getCallerIdentity() }
    #expect(text.contains("not done within 3.0 seconds (total_timeout)"), "\(text)")
    #expect(elapsed < 3 + 120, "took \(elapsed) s")
  }

  /// 128 KiB at 16 KiB/s (8 s) against a 5 s total timeout: as a download it has 5 s + 128 s
  /// (its size at 1 KiB/s) and completes; the same answer to an API call is cut at 5 s.
  @Test func downloadGetsItsSizesTimeOnTopOfTheTotalTimeout() async throws {
    let aws = try client(bytes: 128 << 10, chunk: 4096, interval: 250, readTimeout: 10, totalTimeout: 5)
    let folder = try TemporaryFolder()
    let path = folder.path + "/object"
    let info = try await aws.s3.getObject("bucket", key: "big.eml", to: path)
    #expect(info.size == 128 << 10)
    #expect((try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) == 128 << 10)

    let (text, elapsed) = await failure { _ = try await aws.sts.getCallerIdentity() }
    #expect(text.contains("not done within 5.0 seconds (total_timeout)"), "\(text)")
    #expect(elapsed < 5 + 30, "took \(elapsed) s")
  }

  /// A request does not wait for another one to the same plain-HTTP host that has not answered
  /// yet: it gets a connection of its own at once. (libcurl's wait for a connection that might
  /// multiplex queued it until the slow one ended, here at the 10 s total timeout.)
  @Test func slowAnswerDoesNotHoldAnotherRequestToTheSameHost() async throws {
    let slowEndpoint = try Self.server.get().url + "/\(1 << 20)/4096/250/1000"
    let slow = AWSClient(
      region: "us-east-1", endpointURL: slowEndpoint, credentialProvider: StaticCredentialProvider(Self.keys),
      retryPolicy: RetryPolicy(maxAttempts: 1), network: NetworkSettings(readTimeout: 10, totalTimeout: 10))
    let fast = try client(bytes: 16, chunk: 16, interval: 0, readTimeout: 10, totalTimeout: 10)
    let slowDone = Mutex(false)
    let slowTask = Task {
      _ = try? await slow.sts.getCallerIdentity()
      slowDone.withLock { $0 = true }
    }
    // The slow request is sent and waits 1 s for its status line.
    try await Task.sleep(for: .milliseconds(300))
    // The fast server's answer is 16 bytes of "x", not XML: what matters is that it arrives.
    let (text, _) = await failure(.malformedResponse) { _ = try await fast.sts.getCallerIdentity() }
    #expect(!text.contains("total_timeout"), "\(text)")
    #expect(!slowDone.withLock { $0 }, "the fast request waited for the slow one")
    await slowTask.value
  }

  /// The `total_timeout` setting (here ROOTMAIL_TOTAL_TIMEOUT) reaches the command's calls.
  @Test func totalTimeoutSettingBoundsACommand() async throws {
    let endpoint = try Self.server.get().url + "/\(1 << 20)/4096/250"
    let cli = try RootmailCLI(extra: [
      "AWS_ACCESS_KEY_ID": "AKIDTRICKLE", "AWS_SECRET_ACCESS_KEY": "trickle-secret-key", "AWS_REGION": "us-east-1",
      "AWS_ENDPOINT_URL": endpoint, "AWS_EC2_METADATA_DISABLED": "true", "AWS_MAX_ATTEMPTS": "1",
      "ROOTMAIL_TOTAL_TIMEOUT": "3",
    ])
    let started = Date()
    let run = try cli.run(["whoami"], timeout: 120)
    let elapsed = Date().timeIntervalSince(started)
    #expect(run.status == 69, "\(run.stderr)")
    #expect(run.stderr.contains("not done within 3.0 seconds (total_timeout)"), "\(run.stderr)")
    #expect(elapsed < 3 + 120, "took \(elapsed) s")

    // `whoami --debug` shows it and where it came from.
    let moto = try MotoServer.shared()
    let shown = try RootmailCLI(extra: moto.environment().merging(["ROOTMAIL_TOTAL_TIMEOUT": "3"]) { $1 })
      .run(["whoami", "--debug", "-o", "json"], timeout: 60)
    #expect(shown.status == 0, "\(shown.stderr)")
    let json = try JSONValue.parse(shown.stdout)
    #expect(json["total_timeout"]?.stringValue == "3 s", "\(shown.stdout)")
    #expect(json["total_timeout_source"]?.stringValue?.contains("ROOTMAIL_TOTAL_TIMEOUT") == true, "\(shown.stdout)")
  }
}
