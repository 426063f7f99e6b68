import Glibc
import Testing

@_spi(RootmailHost) @testable import RootmailPluginMail

/// What `mail watch` takes for a second stop signal and what for a copy of the first (GNU
/// `timeout` signals its command, then the command's process group).
@Suite struct StopSignalTests {
  /// A signal `number` as `kill` from `pid` delivers it, or with another `code`.
  func key(_ number: Int32, pid: Int32, code: Int = SI_USER) -> Int {
    var info = siginfo_t()
    info.si_signo = number
    info.si_code = Int32(code)
    info._sifields._kill.si_pid = pid
    return withUnsafePointer(to: &info) { SignalSender.key(number, $0) }
  }

  let second = 1_000_000_000

  @Test func theSameSignalFromTheSameProcessWithinASecondIsACopy() {
    let first = key(SIGTERM, pid: 4242)
    #expect(SignalSender.isCopy(key: key(SIGTERM, pid: 4242), at: 5 * second, first: first, firstAt: 5 * second - 1000))
    // The first handler has not stored its time yet.
    #expect(SignalSender.isCopy(key: key(SIGTERM, pid: 4242), at: 5 * second, first: first, firstAt: 0))
    #expect(!SignalSender.isCopy(key: key(SIGTERM, pid: 4242), at: 6 * second, first: first, firstAt: 5 * second))
  }

  @Test func anotherSignalOrSenderIsASecondSignal() {
    let first = key(SIGTERM, pid: 4242)
    #expect(!SignalSender.isCopy(key: key(SIGINT, pid: 4242), at: 5, first: first, firstAt: 4))
    #expect(!SignalSender.isCopy(key: key(SIGTERM, pid: 4243), at: 5, first: first, firstAt: 4))
  }

  /// Senders the kernel does not name are never copies: a terminal's Ctrl-C (SI_KERNEL), and
  /// any process outside the watcher's pid namespace (pid 0: `docker stop`, then `docker kill`).
  @Test func signalsWithoutAKnownSenderAreNeverCopies() {
    for (pid, code) in [(Int32(0), SI_USER), (Int32(0), SI_KERNEL), (Int32(4242), SI_QUEUE)] {
      let first = key(SIGINT, pid: pid, code: code)
      #expect(!SignalSender.isCopy(key: first, at: 5, first: first, firstAt: 4), "pid \(pid), code \(code)")
    }
  }
}
