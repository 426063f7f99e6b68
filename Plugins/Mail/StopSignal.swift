import Dispatch
import Glibc
import Synchronization

/// SIGINT and SIGTERM, turned into a flag the receive loop reads between mails, and a
/// cancellation of the fetch in progress (a fetch interrupted at any point loses nothing).
/// A second signal ends the process at once (exit 130): the ledger makes that safe too.
final class StopSignal: Sendable {
  private let flag = Atomic<Bool>(false)
  private let onStop = Mutex<(@Sendable () -> Void)?>(nil)
  /// The dispatch sources, kept alive for the life of the process.
  private let sources = Mutex<[any DispatchSourceSignal]>([])

  init() {}

  var requested: Bool { flag.load(ordering: .acquiring) }

  /// Sets the flag and runs what `whenStopped` registered.
  func request() {
    if flag.exchange(true, ordering: .acquiringAndReleasing) {
      _exit(130)
    }
    onStop.withLock { $0 }?()
  }

  /// Runs `action` when the stop is requested (at once if it was already), in place of what
  /// was registered before.
  func whenStopped(_ action: @escaping @Sendable () -> Void) {
    onStop.withLock { $0 = action }
    if requested { action() }
  }

  /// Catches SIGINT and SIGTERM from now on (their default action is ignored, and a dispatch
  /// source on its own queue calls `request`).
  func install() {
    let queue = DispatchQueue(label: "rootmail.signals")
    for number in [SIGINT, SIGTERM] {
      signal(number, SIG_IGN)
      sources.withLock { list in
        let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
        source.setEventHandler { [weak self] in self?.request() }
        source.resume()
        list.append(source)
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
