import Glibc
import Synchronization

/// The first SIGINT or SIGTERM caught in this process, 0 before one: its number and its sender
/// (`SignalSender.key`). The handler only stores it and a time (atomics and `clock_gettime` are
/// async-signal-safe) and ends the process on a second signal.
private let firstSignal = Atomic<Int>(0)
/// When the first signal was caught (CLOCK_MONOTONIC, nanoseconds; 0 until stored).
private let firstSignalAt = Atomic<Int>(0)

/// What tells a second signal from a copy of the first.
enum SignalSender {
  /// A repeat of the first signal from the same process within this time is a copy: GNU
  /// `timeout` signals its command and then its process group, which holds the command too.
  static let copyWindow = 1_000_000_000

  /// `number` and who sent it: the sending process (`kill`), or -1 when that is not known, so
  /// never a copy: the kernel (a terminal's Ctrl-C), or a sender outside this process's pid
  /// namespace (`docker stop`, then `docker kill`), which the kernel gives as pid 0.
  static func key(_ number: Int32, _ info: UnsafePointer<siginfo_t>?) -> Int {
    var sender = -1
    if let info, info.pointee.si_code == SI_USER, info.pointee._sifields._kill.si_pid > 0 {
      sender = Int(info.pointee._sifields._kill.si_pid)
    }
    return Int(number) | (sender + 1) << 8
  }

  /// Whether a signal `key` caught at `at` repeats the first (`first`, caught at `firstAt`, 0
  /// while the handler that caught it has not stored the time yet) as a copy.
  static func isCopy(key: Int, at: Int, first: Int, firstAt: Int) -> Bool {
    key == first && key >> 8 != 0 && (firstAt == 0 || at - firstAt < copyWindow)
  }

  /// CLOCK_MONOTONIC in nanoseconds.
  static func now() -> Int {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return time.tv_sec * 1_000_000_000 + time.tv_nsec
  }
}

/// SIGINT and SIGTERM, turned into a flag the receive loop reads between mails, and a
/// cancellation of the fetch in progress (a fetch interrupted at any point loses nothing).
/// A second signal ends the process at once (exit 128 + the signal's number: 130 for SIGINT,
/// 143 for SIGTERM, as a shell reports a process the signal killed): the ledger makes that
/// safe too. The same signal again from the same process within a second is not a second
/// signal but a copy (`SignalSender`).
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

  /// Catches SIGINT and SIGTERM from now on; a task looks at what the handler stored every
  /// 50 ms and calls `request`.
  func install() {
    // Initialised here, never first in the handler.
    _ = firstSignal.load(ordering: .relaxed) + firstSignalAt.load(ordering: .relaxed) + SignalSender.copyWindow
    var action = sigaction()
    action.__sigaction_handler.sa_sigaction = { number, info, _ in
      let at = SignalSender.now()
      let key = SignalSender.key(number, UnsafePointer(info))
      let first = firstSignal.compareExchange(expected: 0, desired: key, ordering: .relaxed)
      if first.exchanged {
        firstSignalAt.store(at, ordering: .relaxed)
        return
      }
      let firstAt = firstSignalAt.load(ordering: .relaxed)
      if !SignalSender.isCopy(key: key, at: at, first: first.original, firstAt: firstAt) { _exit(128 + number) }
    }
    action.sa_flags = SA_SIGINFO | SA_RESTART
    sigemptyset(&action.sa_mask)
    for number in [SIGINT, SIGTERM] { sigaction(number, &action, nil) }
    Task.detached { [self] in
      while !requested {
        if firstSignal.load(ordering: .relaxed) != 0 {
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
