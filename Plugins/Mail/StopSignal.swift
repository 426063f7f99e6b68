import Glibc
import Synchronization

/// SIGINT and SIGTERM caught so far in this process. The handler only counts (an atomic add is
/// async-signal-safe) and ends the process on a second signal.
private let caughtSignals = Atomic<Int>(0)

/// SIGINT and SIGTERM, turned into a flag the receive loop reads between mails, and a
/// cancellation of the fetch in progress (a fetch interrupted at any point loses nothing).
/// A second signal ends the process at once (exit 128 + the signal's number: 130 for SIGINT,
/// 143 for SIGTERM, as a shell reports a process the signal killed): the ledger makes that
/// safe too.
///
/// The signals are caught with a handler, not ignored: a caught signal is back at its default
/// in a program the process starts (an `exec:` receiver), an ignored one would stay ignored.
final class StopSignal: Sendable {
  private let flag = Atomic<Bool>(false)
  private let onStop = Mutex<(@Sendable () -> Void)?>(nil)

  init() {}

  var requested: Bool { flag.load(ordering: .acquiring) }

  /// Sets the flag and runs what `whenStopped` registered.
  func request() {
    guard !flag.exchange(true, ordering: .acquiringAndReleasing) else { return }
    onStop.withLock { $0 }?()
  }

  /// Runs `action` when the stop is requested (at once if it was already), in place of what
  /// was registered before.
  func whenStopped(_ action: @escaping @Sendable () -> Void) {
    onStop.withLock { $0 = action }
    if requested { action() }
  }

  /// Runs `body` in a task of its own that the stop cancels (its AWS requests end at once);
  /// nil when the stop ended it.
  func unlessStopped<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T? {
    let task = Task { try await body() }
    whenStopped { task.cancel() }
    do {
      return try await task.value
    } catch  where requested {
      return nil
    }
  }

  /// Catches SIGINT and SIGTERM from now on; a task looks at what the handler counted every
  /// 50 ms and calls `request`.
  func install() {
    _ = caughtSignals.load(ordering: .relaxed)  // initialised here, never first in the handler
    for number in [SIGINT, SIGTERM] {
      signal(number) { caught in
        if caughtSignals.add(1, ordering: .relaxed).newValue > 1 { _exit(128 + caught) }
      }
    }
    Task.detached { [self] in
      while !requested {
        if caughtSignals.load(ordering: .relaxed) > 0 {
          request()
          return
        }
        try? await Task.sleep(for: .milliseconds(50))
      }
    }
  }

  /// Sleeps `seconds`, waking early when the stop is requested.
  func sleep(seconds: Int) async {
    let end = ContinuousClock.now + .seconds(seconds)
    while !requested && ContinuousClock.now < end {
      try? await Task.sleep(for: min(.milliseconds(100), end - ContinuousClock.now))
    }
  }
}
