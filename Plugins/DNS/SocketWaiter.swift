import CLDNS
@_spi(RootmailHost) import RootmailKit
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// Waits for many sockets at once on one thread: `dns check` asks two dozen questions at once,
/// and a thread made for each (ldns blocks) cost more than the questions. An exchange makes
/// its non-blocking socket, sends, and awaits `ready`; the waiter's one thread polls every
/// socket awaited and resumes each caller when its socket is ready or its time is up. The
/// thread is made on first use and kept (blocked in poll when idle).
final class SocketWaiter: Sendable {
  /// The process's waiter.
  static let shared = SocketWaiter()

  private struct Waiting {
    let id: UInt64
    let fd: Int32
    let events: Int16
    let until: ContinuousClock.Instant
    let continuation: CheckedContinuation<Bool, Never>
  }

  private struct State {
    var waiting: [Waiting] = []
    var nextID: UInt64 = 0
    /// nil: not tried yet; false: no thread could be made (each caller polls for itself).
    var running: Bool?
  }

  private let state = Mutex(State())
  /// Written to wake the thread when a socket is added; -1 if none could be made.
  private let wake: Int32 = eventfd(0, Int32(EFD_CLOEXEC | EFD_NONBLOCK))

  /// True once `fd` has any of `events` (or an error), false when `until` came first.
  func ready(_ fd: Int32, for events: Int16, until: ContinuousClock.Instant) async -> Bool {
    guard startIfNeeded() else { return Self.pollHere(fd, events, until) }
    return await withCheckedContinuation { continuation in
      state.withLock { state in
        state.waiting.append(Waiting(id: state.nextID, fd: fd, events: events, until: until, continuation: continuation))
        state.nextID &+= 1
      }
      var one: UInt64 = 1
      _ = write(wake, &one, 8)
    }
  }

  /// Makes the thread now, if not yet made: `dns check` does so before it asks AWS, because
  /// making a thread waits while another thread loads a library (glibc's loader lock), and the
  /// AWS side loads libcurl and its thirty libraries just then.
  func prepare() { _ = startIfNeeded() }

  /// Starts the thread on first use; false when there is none. Decided under the lock, so no
  /// caller waits on a thread that was never made.
  private func startIfNeeded() -> Bool {
    state.withLock { state in
      if let running = state.running { return running }
      let started = wake >= 0 && OwnThread.start({ [self] in run() }) != nil
      state.running = started
      return started
    }
  }

  /// The thread: poll everything awaited, answer the ready and the expired, again.
  private func run() {
    var fds: [pollfd] = []
    var ids: [UInt64] = []
    while true {
      let now = ContinuousClock.now
      var nearest: ContinuousClock.Instant?
      fds.removeAll(keepingCapacity: true)
      ids.removeAll(keepingCapacity: true)
      fds.append(pollfd(fd: wake, events: Int16(POLLIN), revents: 0))
      state.withLock { state in
        for w in state.waiting {
          fds.append(pollfd(fd: w.fd, events: w.events, revents: 0))
          ids.append(w.id)
          if nearest.map({ w.until < $0 }) ?? true { nearest = w.until }
        }
      }
      let timeout = nearest.map { Self.milliseconds($0 - now) } ?? -1
      // An error (EINTR) leaves every revents 0: only the expired are answered, then again.
      _ = poll(&fds, nfds_t(fds.count), timeout)
      if fds[0].revents != 0 {
        var value: UInt64 = 0
        _ = read(wake, &value, 8)
      }
      var readyIDs = Set<UInt64>()
      for (i, id) in ids.enumerated() where fds[i + 1].revents != 0 { readyIDs.insert(id) }
      // Only a socket this poll looked at may be out of time: one added meanwhile, already
      // past its time (its caller was not scheduled for a while), is polled first next round.
      let polled = Set(ids)
      let after = ContinuousClock.now
      let answered = state.withLock { state -> [(CheckedContinuation<Bool, Never>, Bool)] in
        var answered: [(CheckedContinuation<Bool, Never>, Bool)] = []
        state.waiting.removeAll { w in
          if readyIDs.contains(w.id) {
            answered.append((w.continuation, true))
            return true
          }
          if w.until <= after && polled.contains(w.id) {
            answered.append((w.continuation, false))
            return true
          }
          return false
        }
        return answered
      }
      for (continuation, ready) in answered { continuation.resume(returning: ready) }
    }
  }

  /// Without the thread: a blocking poll of the one socket here.
  private static func pollHere(_ fd: Int32, _ events: Int16, _ until: ContinuousClock.Instant) -> Bool {
    var one = pollfd(fd: fd, events: events, revents: 0)
    while true {
      let now = ContinuousClock.now
      guard now < until else { return false }
      let count = poll(&one, 1, milliseconds(until - now))
      if count > 0 { return true }
      if count < 0 && errno != EINTR { return false }
    }
  }

  /// A poll timeout: whole milliseconds, rounded up (so a wait never ends early), at least 0.
  static func milliseconds(_ duration: Duration) -> Int32 {
    let (seconds, attoseconds) = duration.components
    guard seconds >= 0, duration > .zero else { return 0 }
    let total = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
    return Int32(clamping: total)
  }
}
