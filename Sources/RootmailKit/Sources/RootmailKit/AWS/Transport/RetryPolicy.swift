import Synchronization

/// AWS's "standard" retry mode, as botocore implements it: up to `maxAttempts` attempts
/// (`AWS_MAX_ATTEMPTS`, default 3); a retry only for throttling errors, transient server errors
/// (500, 502, 503, 504) and transport failures (refused or dropped connections, timeouts), never
/// for another 4xx; a delay before retry n of `random() * base * 2^(n-1)` seconds, capped at
/// `maxBackoff` (full jitter); and a retry quota shared by every call of a client, so that a
/// failing service is not hammered. The random source and the sleeper are injected for tests.
@_spi(RootmailHost) public struct RetryPolicy: Sendable {
  public var maxAttempts: Int
  /// Seconds; botocore's base is 1 (tests and benchmarks may use less).
  public var base: Double
  public var maxBackoff: Double
  public let random: @Sendable () -> Double
  public let sleep: @Sendable (Double) async -> Void
  public let quota: RetryQuota

  public init(
    maxAttempts: Int = 3, base: Double = 1, maxBackoff: Double = 20,
    random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
    sleep: @escaping @Sendable (Double) async -> Void = RetryPolicy.taskSleep, quota: RetryQuota = RetryQuota()
  ) {
    self.maxAttempts = max(1, maxAttempts)
    self.base = base
    self.maxBackoff = maxBackoff
    self.random = random
    self.sleep = sleep
    self.quota = quota
  }

  /// The policy the environment asks for: `AWS_MAX_ATTEMPTS` (or the config's `max_attempts`).
  public static func standard(environment: [String: String], configured: Int? = nil) throws -> RetryPolicy {
    if let text = environment["AWS_MAX_ATTEMPTS"], !text.isEmpty {
      guard let n = Int(text), n >= 1 else {
        throw CLIError.configuration("invalid AWS_MAX_ATTEMPTS \"\(text)\": must be a whole number of at least 1")
      }
      return RetryPolicy(maxAttempts: n)
    }
    return RetryPolicy(maxAttempts: configured ?? 3)
  }

  public static let taskSleep: @Sendable (Double) async -> Void = { seconds in
    try? await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000))
  }

  /// The delay before attempt `attempt + 1`, after `attempt` attempts failed (attempt ≥ 1).
  public func delay(afterAttempt attempt: Int) -> Double {
    let exponent = min(attempt - 1, 40)
    return min(maxBackoff, random() * base * Double(1 << UInt64(exponent)))
  }

  /// What one attempt ended with, as far as retrying is concerned.
  public enum Outcome: Sendable, Equatable {
    case success
    /// An HTTP response with an error: its status and AWS error code (if any).
    case serviceError(status: Int, code: String?)
    /// No response (`TransportError`); `retryable` as the error says.
    case transportError(retryable: Bool, timeout: Bool)
  }

  /// Error codes AWS uses for throttling (botocore's list).
  public static let throttlingCodes: Set<String> = [
    "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
    "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
    "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
    "EC2ThrottledException",
  ]
  /// Error codes that mean a transient fault whatever the status.
  public static let transientCodes: Set<String> = ["RequestTimeout", "RequestTimeoutException", "InternalError"]
  public static let transientStatuses: Set<Int> = [500, 502, 503, 504]

  /// Whether this outcome deserves another attempt (ignoring the attempt count and quota).
  public static func isRetryable(_ outcome: Outcome) -> Bool {
    switch outcome {
    case .success: return false
    case .transportError(let retryable, _): return retryable
    case .serviceError(let status, let code):
      if let code, throttlingCodes.contains(code) || transientCodes.contains(code) { return true }
      return transientStatuses.contains(status)
    }
  }

  public static func isThrottling(_ code: String?) -> Bool { code.map(throttlingCodes.contains) ?? false }

  /// Decides after a failed attempt: the delay to wait before the next one, or nil to give up.
  /// Takes the retry cost from the quota.
  public func retryDelay(after outcome: Outcome, attempt: Int) -> Double? {
    guard attempt < maxAttempts, Self.isRetryable(outcome) else { return nil }
    var timeout = false
    if case .transportError(_, let t) = outcome { timeout = t }
    guard quota.acquire(timeout: timeout) else { return nil }
    return delay(afterAttempt: attempt)
  }

  /// Runs `body` (one attempt, given its number from 1) until it succeeds, fails for good, or
  /// the attempts are used up; `classify` says what an attempt's result means.
  public func run<T>(
    _ body: (Int) async throws -> T, classify: (Result<T, any Error>) -> Outcome
  ) async throws -> T {
    var attempt = 1
    while true {
      let result: Result<T, any Error>
      do { result = .success(try await body(attempt)) } catch { result = .failure(error) }
      let outcome = classify(result)
      if outcome == .success {
        quota.release(retried: attempt > 1)
        return try result.get()
      }
      guard let wait = retryDelay(after: outcome, attempt: attempt) else { return try result.get() }
      await sleep(wait)
      attempt += 1
    }
  }
}

/// The standard mode's retry token bucket: 500 tokens, a retry costs 5 (10 after a timeout), a
/// success after a retry gives the cost back, a first-try success gives 1.
@_spi(RootmailHost) public final class RetryQuota: Sendable {
  public static let capacity = 500
  private let tokens = Mutex(RetryQuota.capacity)

  public init() {}

  public var available: Int { tokens.withLock { $0 } }

  /// Takes the cost of a retry; false when the bucket is too low.
  public func acquire(timeout: Bool) -> Bool {
    let cost = timeout ? 10 : 5
    return tokens.withLock { t in
      guard t >= cost else { return false }
      t -= cost
      return true
    }
  }

  public func release(retried: Bool) {
    tokens.withLock { t in t = min(RetryQuota.capacity, t + (retried ? 5 : 1)) }
  }
}
