import Foundation
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// The bounds tests put on work instead of on wall-clock time (which a busy machine stretches):
/// a run's CPU limit, the calling thread's CPU time, and a wait that holds no cooperative thread.
@Suite struct RootmailCLIBoundsTests {
  /// A busy loop is killed once it has used its second of CPU; a sleeping program, using none,
  /// is not.
  @Test func cpuLimitKillsOnlyTheProgramThatUsesTheCPU() throws {
    let busy = try RootmailCLI.start("/bin/sh", ["-c", "while :; do :; done"], environment: nil, timeout: 600, cpuLimit: 1)
    let killed = busy.wait()
    #expect(killed.exceededCPULimit && !killed.timedOut)
    let sleeping = try RootmailCLI.run("/bin/sh", ["-c", "sleep 2; echo done"], timeout: 600, cpuLimit: 1)
    #expect(!sleeping.exceededCPULimit && sleeping.status == 0 && sleeping.stdout == "done\n")
  }

  /// Sleeping uses no CPU time of the thread; a loop does.
  @Test func threadCPUTimeCountsWorkNotWaiting() {
    let (_, slept) = ThreadCPUTime.measure { usleep(300_000) }
    #expect(slept < 0.1, "\(slept) s")
    let (sum, worked) = ThreadCPUTime.measure {
      var x: UInt64 = 0
      for i in 0..<50_000_000 { x &+= UInt64(i) &* 2_654_435_761 }
      return x
    }
    #expect(sum != 0 && worked > 0.001, "\(worked) s")
  }

  /// `await result` gives what `wait()` gives.
  @Test func awaitingTheResultWaitsForTheExit() async throws {
    let running = try RootmailCLI.start("/bin/sh", ["-c", "sleep 1; echo out; echo err >&2; exit 3"], environment: nil)
    let result = await running.result
    #expect(result.status == 3 && result.stdout == "out\n" && result.stderr == "err\n" && !result.timedOut)
  }
}
