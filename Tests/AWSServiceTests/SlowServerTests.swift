import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Synchronization
import Testing

/// A server that answers, but slowly (Tests/Support/trickle_server.py: the endpoint's path says
/// how many bytes, in what chunks, how often). A trickle below the minimum speed is cut after
/// the read timeout although the server is never silent that long; a steady answer that never
/// ends is cut at `total_timeout`; a download gets its size's time at the minimum speed on top.
/// The trickles last ten minutes or more: before these limits the calls ran that long. How long
/// a call held its answer is timed by the server (the transfer runs on libcurl's own thread, and
/// this process's few cooperative threads can be held for minutes by the tests beside it).
@Suite struct SlowServerTests {
  static let server = Result {
    try LocalServer(executable: "python3", arguments: [LocalServer.script("trickle_server.py"), "%PORT%"])
  }
  static let keys = AWSCredentials(accessKeyID: "AKIDTRICKLE", secretAccessKey: "trickle-secret-key", source: "test")

  /// A client whose endpoint sends `bytes` bytes as `chunk` bytes every `interval` ms (`tag` in
  /// the path is for `servedSeconds`).
  func client(
    bytes: Int, chunk: Int, interval: Int, readTimeout: Double, totalTimeout: Double, tag: String = "untagged"
  ) throws -> AWSClient {
    AWSClient(
      region: "us-east-1", endpointURL: try Self.server.get().url + "/\(bytes)/\(chunk)/\(interval)/\(tag)",
      credentialProvider: StaticCredentialProvider(Self.keys), retryPolicy: RetryPolicy(maxAttempts: 1),
      network: NetworkSettings(readTimeout: readTimeout, totalTimeout: totalTimeout))
  }

  /// Runs `body`, expecting an `AWSError` of `kind`; returns its text.
  func failure(_ kind: AWSError.Kind = .unreachable, _ body: () async throws -> Void) async -> String {
    do {
      try await body()
    } catch let error as AWSError {
      #expect(error.kind == kind, "\(error)")
      return error.description
    } catch {
      return "\(error)"
    }
    return "no error"
  }

  /// How long the server sent the answer to the request whose path holds `tag` before the
  /// client hung up, as the server timed it; nil when the whole answer went out. (The server
  /// notices a hang-up at its next write or the one after.)
  func servedSeconds(_ tag: String) async throws -> Double? {
    // "cut <path> <seconds>" or "sent <path> <seconds>".
    let line = try await Self.server.get().line { line in
      let fields = line.split(separator: " ")
      return fields.count == 3 && ["cut", "sent"].contains(fields[0]) && fields[1].contains("/" + tag)
    }
    guard let fields = line?.split(separator: " ") else {
      Issue.record("the server never finished the answer to …/\(tag): \(try Self.server.get().output.suffix(2000))")
      return nil
    }
    return fields[0] == "cut" ? Double(fields[2]) : nil
  }

  /// Waits until the request whose path holds `tag` reached the server.
  func arrived(_ tag: String) async throws {
    let line = try await Self.server.get().line { $0.hasPrefix("start ") && $0.contains("/" + tag) }
    if line == nil { Issue.record("the request …/\(tag) never reached the server") }
  }

  /// A tag for one request's path (the server ignores it).
  static func tag() -> String { "t" + UUID().uuidString.lowercased() }

  /// One byte a second for ten minutes: never silent for the 3 s read timeout, but far below
  /// 1 KiB/s, so the attempt ends about 3 s in.
  @Test func tricklingAnswerIsCutAtTheMinimumSpeed() async throws {
    let tag = Self.tag()
    let aws = try client(bytes: 600, chunk: 1, interval: 1000, readTimeout: 3, totalTimeout: 900, tag: tag)
    let text = await failure { _ = try await aws.sts.getCallerIdentity() }
    #expect(text.contains("fewer than 1024 bytes a second for 3.0 seconds (read_timeout)"), "\(text)")
    let served = try await servedSeconds(tag)
    #expect(served.map { $0 < 3 + 120 } == true, "served for \(served.map { "\($0) s" } ?? "the whole 600 s")")
  }

  /// 16 KiB/s for over fifteen minutes (fast enough, never silent): cut at the 3 s total timeout.
  @Test func endlessAnswerIsCutAtTheTotalTimeout() async throws {
    let tag = Self.tag()
    let aws = try client(bytes: 1 << 24, chunk: 4096, interval: 250, readTimeout: 10, totalTimeout: 3, tag: tag)
    let text = await failure { _ = try await aws.sts.getCallerIdentity() }
    #expect(text.contains("not done within 3.0 seconds (total_timeout)"), "\(text)")
    let served = try await servedSeconds(tag)
    #expect(served.map { $0 < 3 + 120 } == true, "served for \(served.map { "\($0) s" } ?? "the whole 1024 s")")
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

    // (Uncut, the 8 s answer would end the call with a malformed response, not this.)
    let text = await failure { _ = try await aws.sts.getCallerIdentity() }
    #expect(text.contains("not done within 5.0 seconds (total_timeout)"), "\(text)")
  }

  /// Cancelling the task of a call in flight ends it at once, whatever its timeouts: the caller
  /// gets `CancellationError` and the connection is closed, as the server sees. (Uncancelled,
  /// this one-byte-a-second answer held the call for its read timeout: `mail watch` stopped
  /// only that late.) The read timeout is half an hour: a margin for this process's threads,
  /// which the tests beside it can hold for minutes between the request and the cancel.
  @Test func cancellingTheTaskEndsACallInFlight() async throws {
    let tag = Self.tag()
    let aws = try client(bytes: 3600, chunk: 1, interval: 1000, readTimeout: 1800, totalTimeout: 3600, tag: tag)
    let call = Task { try await aws.sts.getCallerIdentity() }
    try await arrived(tag)
    call.cancel()
    let result = await call.result
    #expect(throws: CancellationError.self) { try result.get() }
    let served = try await servedSeconds(tag)
    #expect(served != nil, "the whole answer went out: the connection stayed open")
    #expect((served ?? 0) < 1800, "cut by the read timeout, not by the cancellation")
  }

  /// A download cancelled midway leaves nothing behind: no file, no temporary file.
  @Test func cancellingADownloadRemovesItsTemporaryFile() async throws {
    let tag = Self.tag()
    let aws = try client(bytes: 3600, chunk: 1, interval: 1000, readTimeout: 1800, totalTimeout: 3600, tag: tag)
    let folder = try TemporaryFolder()
    let download = Task { try await aws.s3.getObject("bucket", key: "slow.eml", to: folder.path + "/object") }
    // The temporary file exists once the first byte is in.
    let giveUp = ContinuousClock.now + .seconds(600)
    while (try FileManager.default.contentsOfDirectory(atPath: folder.path)).isEmpty, ContinuousClock.now < giveUp {
      try await Task.sleep(for: .milliseconds(50))
    }
    download.cancel()
    let result = await download.result
    #expect(throws: CancellationError.self) { try result.get() }
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [])
    let served = try await servedSeconds(tag)
    #expect(served != nil && served! < 1800, "the download was not cut: \(String(describing: served))")
  }

  /// A request does not wait for another one to the same plain-HTTP host that has not answered
  /// yet: it gets a connection of its own at once. (libcurl's wait for a connection that might
  /// multiplex queued it until the slow one ended; the fast one's 10 s total timeout cuts that
  /// wait.) The slow one has no status line until its server is stopped, so no pause of this
  /// busy process lets it answer or end first.
  @Test func slowAnswerDoesNotHoldAnotherRequestToTheSameHost() async throws {
    let server = try LocalServer(executable: "python3", arguments: [LocalServer.script("trickle_server.py"), "%PORT%"])
    defer { server.stop() }
    // No status line for fifteen minutes.
    let slowEndpoint = server.url + "/16/16/0/900000"
    let slow = AWSClient(
      region: "us-east-1", endpointURL: slowEndpoint, credentialProvider: StaticCredentialProvider(Self.keys),
      retryPolicy: RetryPolicy(maxAttempts: 1), network: NetworkSettings(readTimeout: 1800, totalTimeout: 3600))
    let fast = AWSClient(
      region: "us-east-1", endpointURL: server.url + "/16/16/0", credentialProvider: StaticCredentialProvider(Self.keys),
      retryPolicy: RetryPolicy(maxAttempts: 1), network: NetworkSettings(readTimeout: 10, totalTimeout: 10))
    let slowDone = Mutex(false)
    let slowTask = Task {
      _ = try? await slow.sts.getCallerIdentity()
      slowDone.withLock { $0 = true }
    }
    // The slow request is sent and waits for its status line.
    try await Task.sleep(for: .milliseconds(300))
    // The fast server's answer is 16 bytes of "x", not XML: what matters is that it arrives.
    let text = await failure(.malformedResponse) { _ = try await fast.sts.getCallerIdentity() }
    #expect(!text.contains("total_timeout"), "\(text)")
    #expect(!slowDone.withLock { $0 }, "the fast request waited for the slow one")
    // Ends the slow answer (its connection closes).
    server.stop()
    await slowTask.value
  }

  /// The `total_timeout` setting (here ROOTMAIL_TOTAL_TIMEOUT) reaches the command's calls.
  @Test func totalTimeoutSettingBoundsACommand() async throws {
    // Over fifteen minutes uncut; the command runs in its own process, timed from here.
    let endpoint = try Self.server.get().url + "/\(1 << 24)/4096/250"
    let cli = try RootmailCLI(extra: [
      "AWS_ACCESS_KEY_ID": "AKIDTRICKLE", "AWS_SECRET_ACCESS_KEY": "trickle-secret-key", "AWS_REGION": "us-east-1",
      "AWS_ENDPOINT_URL": endpoint, "AWS_EC2_METADATA_DISABLED": "true", "AWS_MAX_ATTEMPTS": "1",
      "ROOTMAIL_TOTAL_TIMEOUT": "3",
    ])
    let started = Date()
    let run = try cli.run(["whoami"], timeout: 600)
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
