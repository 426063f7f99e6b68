import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Synchronization
import Testing

/// `accounts adopt --from-file`: 20 accounts, the run killed with SIGKILL in the middle and run
/// again; each account moves once and gets one address.
@Suite(.serialized) struct BulkAdoptTests {
  typealias H = AccountsHarness

  @Test func twentyAccountsKilledMidRunResumeAndMoveOnce() async throws {
    let h = try await H(server: H.bulkServer, members: 20)
    let file = try h.cli.write(
      "account_id,owner\n" + h.members.map { "\($0.id),team@corp.example.org" }.joined(separator: "\n") + "\n",
      to: "accounts.csv")
    let arguments = ["accounts", "adopt", "--from-file", file, "--yes", "--concurrency", "4", "--code-timeout", "10m"]
    // The first run moves one account at a time (each waits seconds for its code mail), and is
    // watched from a thread of its own: a task on the concurrency pool may not run for a long
    // while when other tests block the pool's threads, and once saw the run finish all 20.
    var firstArguments = arguments
    firstArguments[firstArguments.firstIndex(of: "4")!] = "1"
    let first = try h.cli.start(firstArguments, timeout: 1800)
    // Kill it once some accounts have moved and others have not (bounded by work: the state file).
    let statePath = file + ".state"
    let watch = DispatchSemaphore(value: 0)
    let seen = Mutex<(moved: Int, running: Bool)>((0, true))
    Thread.detachNewThread {
      while true {
        usleep(20_000)
        let text = (try? String(contentsOfFile: statePath, encoding: .utf8)) ?? ""
        let moved = text.split(separator: "\n").filter { $0.contains("\"step\":\"moved\"") }.count
        let running = first.process.isRunning
        if moved >= 2 && running { kill(first.pid, SIGKILL) }
        if moved >= 2 || !running {
          seen.withLock { $0 = (moved, running) }
          watch.signal()
          return
        }
      }
    }
    watch.wait()
    _ = first.wait()
    let (moved, wasRunning) = seen.withLock { $0 }
    #expect(wasRunning, "the run ended before it could be killed")
    #expect(moved < 20)

    let second = try h.cli.run(arguments, timeout: 1800)
    #expect(second.status == 0, "\(second.stderr)")
    #expect(second.stderr.contains("moved in an earlier run (state file); skipped"))
    let accepted = try await h.moto.acceptedPrimaryEmails()
    let accepts = try await h.successfulCalls("account:AcceptPrimaryEmailUpdate")
    let mappings = try h.mappings()
    #expect(mappings.count == 20, "\(mappings.map(\.accountEmail))")
    for member in h.members {
      let mine = mappings.filter { $0.accountId == member.id }
      #expect(mine.count == 1, "\(member.id) has \(mine.count) mappings")
      #expect(accepted[member.id] == mine.first?.accountEmail)
      #expect(accepts[member.id] == 1, "\(member.id) accepted \(accepts[member.id] ?? 0) times")
      #expect(mine.first?.tags["PreviousRootEmail"] == member.email)
    }
    // The summary table names every account.
    for member in h.members { #expect(second.stdout.contains(member.id)) }
  }
}
