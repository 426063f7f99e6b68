@_spi(RootmailHost) import RootmailKit
import Synchronization
import Testing

/// The kit's one waiter: acceptors decide, delays grow within bounds, the timeout holds.
/// Timeouts of the waits that must succeed are generous: other suites running at the same time
/// block the cooperative threads with child processes, so a sleep may wake late.
@Suite struct WaiterTests {
  @Test func successAfterRetriesAndFailureAcceptor() async throws {
    let calls = Mutex(0)
    let waiter = AWSWaiter<Int>(
      "a count", acceptors: [.output(.success) { $0 >= 3 }, .output(.failure) { $0 < 0 }],
      minDelay: .milliseconds(1), maxDelay: .milliseconds(4), timeout: .seconds(1800))
    let seen = Mutex<[Int]>([])
    let poll: @Sendable () async throws -> Int = {
      calls.withLock {
        $0 += 1
        return $0
      }
    }
    let value = try await waiter.wait(onPoll: { v in seen.withLock { $0.append(v) } }, poll)
    #expect(value == 3 && seen.withLock { $0 } == [1, 2])
    await #expect(throws: AWSWaiterError.self) {
      _ = try await waiter.wait { -1 }
    }
  }

  @Test func errorsRetryOnlyWhenAnAcceptorSaysSo() async throws {
    let calls = Mutex(0)
    let notYet = AWSError(service: "X", operation: "Y", code: "NotYet", message: "")
    let waiter = AWSWaiter<Int>(
      "x", acceptors: [.errorCode(.retry, "NotYet"), .output(.success) { _ in true }], minDelay: .milliseconds(1),
      maxDelay: .milliseconds(2), timeout: .seconds(1800))
    let v = try await waiter.wait {
      let n = calls.withLock {
        $0 += 1
        return $0
      }
      if n < 3 { throw notYet }
      return n
    }
    #expect(v == 3)
    let other = AWSError(service: "X", operation: "Y", code: "AccessDenied", message: "")
    await #expect(throws: AWSError.self) { _ = try await waiter.wait { throw other } }
  }

  @Test func timeoutAndDelayBounds() async throws {
    let waiter = AWSWaiter<Int>(
      "forever", acceptors: [.output(.success) { _ in false }], minDelay: .milliseconds(10), maxDelay: .milliseconds(40),
      timeout: .milliseconds(150))
    let polls = Mutex(0)
    await #expect(throws: AWSWaiterError.self) {
      _ = try await waiter.wait {
        polls.withLock { $0 += 1 }
        return 0
      }
    }
    // 150 ms with pauses of at least 10 ms: at most 16 polls, however slow the machine.
    #expect((1...16).contains(polls.withLock { $0 }))
    for attempt in 1...20 {
      let d = waiter.delay(attempt: attempt)
      #expect(d >= .milliseconds(10) && d <= .milliseconds(40))
    }
    #expect(waiter.delay(attempt: 1, random: { $0.upperBound }) == .milliseconds(10))
    #expect(waiter.delay(attempt: 3, random: { $0.upperBound }) == .milliseconds(40))
  }
}
