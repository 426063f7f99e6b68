@_spi(RootmailHost) import RootmailKit
import Synchronization
import Testing

/// The standard retry mode on its own, with an injected random source and sleeper.
@Suite struct RetryPolicyTests {
  final class Sleeps: Sendable {
    let values = Mutex<[Double]>([])
  }

  func policy(maxAttempts: Int = 3, random: Double = 1.0, sleeps: Sleeps) -> RetryPolicy {
    RetryPolicy(
      maxAttempts: maxAttempts, base: 1, maxBackoff: 20, random: { random },
      sleep: { s in sleeps.values.withLock { $0.append(s) } })
  }

  @Test func backoffIsFullJitterExponentialCappedAt20Seconds() {
    let p = RetryPolicy(maxAttempts: 10, base: 1, maxBackoff: 20, random: { 0.5 })
    #expect(p.delay(afterAttempt: 1) == 0.5)
    #expect(p.delay(afterAttempt: 2) == 1.0)
    #expect(p.delay(afterAttempt: 4) == 4.0)
    #expect(p.delay(afterAttempt: 7) == 20.0)
    #expect(RetryPolicy(base: 1, random: { 0 }).delay(afterAttempt: 3) == 0)
  }

  @Test(arguments: [
    (RetryPolicy.Outcome.serviceError(status: 400, code: "ThrottlingException"), true),
    (.serviceError(status: 400, code: "Throttling"), true),
    (.serviceError(status: 503, code: "SlowDown"), true),
    (.serviceError(status: 400, code: "ProvisionedThroughputExceededException"), true),
    (.serviceError(status: 500, code: "InternalError"), true),
    (.serviceError(status: 502, code: "HTTP502"), true),
    (.serviceError(status: 503, code: "ServiceUnavailable"), true),
    (.serviceError(status: 504, code: "HTTP504"), true),
    (.transportError(retryable: true, timeout: false), true),
    (.transportError(retryable: true, timeout: true), true),
    (.serviceError(status: 400, code: "ConditionalCheckFailedException"), false),
    (.serviceError(status: 403, code: "AccessDenied"), false),
    (.serviceError(status: 404, code: "NoSuchBucket"), false),
    (.serviceError(status: 400, code: "ValidationException"), false),
    (.serviceError(status: 501, code: "NotImplemented"), false),
    (.transportError(retryable: false, timeout: false), false),
  ])
  func retriesOnlyThrottlingTransientAndTransport(outcome: RetryPolicy.Outcome, retryable: Bool) {
    #expect(RetryPolicy.isRetryable(outcome) == retryable)
  }

  @Test func stopsAfterMaxAttemptsAndSleepsBetween() async {
    let sleeps = Sleeps()
    let p = policy(maxAttempts: 4, sleeps: sleeps)
    var calls = 0
    await #expect(throws: TransportError.self) {
      _ = try await p.run(
        { _ -> Int in
          calls += 1
          throw TransportError.connectionDropped("test")
        }, classify: { _ in .transportError(retryable: true, timeout: false) })
    }
    #expect(calls == 4)
    #expect(sleeps.values.withLock { $0 } == [1, 2, 4])
  }

  @Test func neverRetriesOther4xx() async {
    let sleeps = Sleeps()
    var calls = 0
    await #expect(throws: CLIError.self) {
      _ = try await policy(sleeps: sleeps).run(
        { _ -> Int in
          calls += 1
          throw CLIError("denied")
        }, classify: { _ in .serviceError(status: 403, code: "AccessDenied") })
    }
    #expect(calls == 1)
    #expect(sleeps.values.withLock { $0 }.isEmpty)
  }

  @Test func succeedsAfterThrottlingAndRefillsQuota() async throws {
    let sleeps = Sleeps()
    let p = policy(maxAttempts: 3, random: 0.25, sleeps: sleeps)
    let value = try await p.run(
      { attempt -> Int in
        if attempt < 3 { throw CLIError("throttled") }
        return 42
      },
      classify: { r in
        if case .success = r { return .success }
        return .serviceError(status: 400, code: "ThrottlingException")
      })
    #expect(value == 42)
    #expect(sleeps.values.withLock { $0 } == [0.25, 0.5])
    #expect(p.quota.available == RetryQuota.capacity - 5)
  }

  @Test func quotaRunsOutAndStopsRetrying() {
    let quota = RetryQuota()
    var granted = 0
    while quota.acquire(timeout: false), granted < 1000 { granted += 1 }
    #expect(granted == RetryQuota.capacity / 5)
    let p = RetryPolicy(maxAttempts: 5, quota: quota)
    #expect(p.retryDelay(after: .serviceError(status: 503, code: nil), attempt: 1) == nil)
  }

  @Test func maxAttemptsFromEnvironment() throws {
    #expect(try RetryPolicy.standard(environment: [:]).maxAttempts == 3)
    #expect(try RetryPolicy.standard(environment: ["AWS_MAX_ATTEMPTS": "7"]).maxAttempts == 7)
    #expect(throws: CLIError.self) { try RetryPolicy.standard(environment: ["AWS_MAX_ATTEMPTS": "zero"]) }
  }
}
