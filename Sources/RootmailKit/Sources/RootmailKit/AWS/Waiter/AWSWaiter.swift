/// Polls an operation until its answer (or error) matches an acceptor, as the AWS SDKs' waiters
/// do (soto-core's `AWSClient.Waiter` is the model): acceptors say success, failure or retry;
/// delays grow from `minDelay` towards `maxDelay` with jitter; the whole wait is bounded by
/// `timeout`. Stacks, Route53 changes, SES verification and account creation all wait with it.
@_spi(RootmailHost) public struct AWSWaiter<Output: Sendable>: Sendable {
  /// What a matching acceptor means.
  public enum State: Sendable {
    /// The wait is over: return the answer.
    case success
    /// The wait is over and the thing failed: throw `AWSWaiterError.failed`.
    case failure
    /// Poll again (also for an error that means "not yet").
    case retry
  }

  /// A state and the answers it applies to; the first matching acceptor wins.
  public struct Acceptor: Sendable {
    public let state: State
    public let matches: @Sendable (Result<Output, any Error>) -> Bool

    public init(_ state: State, matches: @escaping @Sendable (Result<Output, any Error>) -> Bool) {
      self.state = state
      self.matches = matches
    }

    /// Matches an answer for which `test` is true.
    public static func output(_ state: State, _ test: @escaping @Sendable (Output) -> Bool) -> Acceptor {
      Acceptor(state) { result in
        if case .success(let output) = result { return test(output) }
        return false
      }
    }

    /// Matches an `AWSError` with this code (`NoSuchEntity`, `ValidationError`, …).
    public static func errorCode(_ state: State, _ code: String) -> Acceptor {
      Acceptor(state) { result in
        if case .failure(let error as AWSError) = result { return error.code == code }
        return false
      }
    }
  }

  public var acceptors: [Acceptor]
  public var minDelay: Duration
  public var maxDelay: Duration
  public var timeout: Duration
  /// What is being waited for, for messages ("stack rootmail to finish").
  public var subject: String

  public init(
    _ subject: String, acceptors: [Acceptor], minDelay: Duration = .seconds(2), maxDelay: Duration = .seconds(30),
    timeout: Duration = .seconds(1800)
  ) {
    self.subject = subject
    self.acceptors = acceptors
    self.minDelay = minDelay
    self.maxDelay = max(maxDelay, minDelay)
    self.timeout = timeout
  }

  /// Polls `poll` until an acceptor says success (returns the answer) or failure (throws
  /// `AWSWaiterError.failed`), or `timeout` passes (throws `AWSWaiterError.timedOut`). An error
  /// no acceptor matches is thrown as it is. `onPoll` sees every answer that means "not yet".
  public func wait(
    onPoll: @Sendable (Output) -> Void = { _ in },
    sleep: @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
    _ poll: @Sendable () async throws -> Output
  ) async throws -> Output {
    let clock = ContinuousClock()
    let start = clock.now
    var attempt = 0
    while true {
      attempt += 1
      let result: Result<Output, any Error>
      do { result = .success(try await poll()) } catch { result = .failure(error) }
      switch acceptors.first(where: { $0.matches(result) })?.state {
      case .success?:
        return try result.get()
      case .failure?:
        switch result {
        case .success(let output): throw AWSWaiterError.failed(subject: subject, last: "\(output)")
        case .failure(let error): throw AWSWaiterError.failed(subject: subject, last: "\(error)")
        }
      case .retry?:
        if case .success(let output) = result { onPoll(output) }
      case nil:
        // No acceptor: an error is thrown as it is; an answer means "not yet".
        let output = try result.get()
        onPoll(output)
      }
      let elapsed = clock.now - start
      guard elapsed < timeout else { throw AWSWaiterError.timedOut(subject: subject, after: timeout) }
      try await sleep(min(delay(attempt: attempt), timeout - elapsed))
    }
  }

  /// The pause after the `attempt`th poll: `minDelay` doubled each attempt up to `maxDelay`,
  /// then a random point between `minDelay` and that (jitter, so many waiters spread out).
  public func delay(attempt: Int, random: (ClosedRange<Double>) -> Double = { Double.random(in: $0) }) -> Duration {
    let minimum = minDelay.seconds
    let maximum = maxDelay.seconds
    let ceiling = min(maximum, minimum * Double(1 << min(max(attempt - 1, 0), 30)))
    guard ceiling > minimum else { return minDelay }
    return .milliseconds(Int64(random(minimum...ceiling) * 1000))
  }
}

/// Why a wait ended without success.
@_spi(RootmailHost) public enum AWSWaiterError: RootmailError, Equatable {
  /// An acceptor said the thing failed; `last` is the answer it saw.
  case failed(subject: String, last: String)
  /// The timeout passed first.
  case timedOut(subject: String, after: Duration)

  public var description: String {
    switch self {
    case .failed(let subject, let last): return "waiting for \(subject): it failed (\(last))"
    case .timedOut(let subject, let after): return "waiting for \(subject): still not done after \(after.seconds) s"
    }
  }

  public var exitStatus: ExitStatus { .failure }
}

@_spi(RootmailHost) extension Duration {
  /// The duration in seconds, as a Double.
  public var seconds: Double {
    let (s, attoseconds) = components
    return Double(s) + Double(attoseconds) / 1e18
  }
}
