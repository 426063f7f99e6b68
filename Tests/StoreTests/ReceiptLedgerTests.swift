import Foundation
@_spi(RootmailHost) import RootmailKit
import Testing

/// The ReceiptLedger contract (its doc comments), run against every ledger in
/// `LedgerUnderTest`: what keeps a receiver from running twice on a mail, on one machine or
/// several, and what `mail dead-letters` and `mail replay` rely on.
@Suite struct ReceiptLedgerTests {
  static let t0 = 1_800_000_000
  static let lease = 60

  @Test(arguments: LedgerUnderTest.shared)
  func aReceiverIsClaimedOnceAndASecondClaimantIsRefused(ledger kind: LedgerUnderTest) async throws {
    let machines = try await kind.makeLedgers(machines: 2)
    let (a, b) = (machines[0], machines[1])
    let t = Self.t0
    let claimed = try #require(
      try await a.claim(mailID: "0123456789ab", receiver: "forward", worker: "a:1:x", now: t, leaseUntil: t + 60, maxAttempts: 5))
    #expect(claimed.state == .claimed && claimed.attempts == 1 && claimed.worker == "a:1:x" && claimed.leaseUntil == t + 60)
    #expect(claimed.mailID == "0123456789ab" && claimed.receiver == "forward")
    // Held by a live claim: neither another machine nor the holder itself gets it again.
    #expect(
      try await b.claim(
        mailID: "0123456789ab", receiver: "forward", worker: "b:1:y", now: t + 1, leaseUntil: t + 61, maxAttempts: 5) == nil)
    #expect(
      try await a.claim(
        mailID: "0123456789ab", receiver: "forward", worker: "a:1:x", now: t + 1, leaseUntil: t + 61, maxAttempts: 5) == nil)
    // Another receiver on the same mail, or the same receiver on another mail, is free.
    #expect(
      try await b.claim(
        mailID: "0123456789ab", receiver: "reset-link", worker: "b:1:y", now: t, leaseUntil: t + 60, maxAttempts: 5) != nil)
    #expect(
      try await b.claim(mailID: "0123456789ac", receiver: "forward", worker: "b:1:y", now: t, leaseUntil: t + 60, maxAttempts: 5)
        != nil)
    let receipts = try await a.receipts(mailID: "0123456789ab")
    #expect(receipts.map(\.receiver).sorted() == ["forward", "reset-link"])
    #expect(receipts.first { $0.receiver == "reset-link" }?.worker == "b:1:y")
    #expect(try await a.receipts(mailID: "ffffffffffff").isEmpty)
  }

  @Test(arguments: LedgerUnderTest.allCases)
  func settledReceiptsAreNeverClaimedAgain(ledger kind: LedgerUnderTest) async throws {
    let l = try await kind.makeLedger()
    let t = Self.t0
    for (receiver, state) in [("forward", Receipt.State.done), ("reset-link", .skipped), ("opsitem", .dead)] {
      var r = try #require(
        try await l.claim(mailID: "aaaa00000001", receiver: receiver, worker: "w", now: t, leaseUntil: t + 60, maxAttempts: 5))
      r.state = state
      r.detail = "\(state) detail"
      r.updatedAt = t + 5
      #expect(try await l.settle(r, worker: "w"))
      #expect(
        try await l.claim(
          mailID: "aaaa00000001", receiver: receiver, worker: "w2", now: t + 86_400, leaseUntil: t + 86_460, maxAttempts: 5)
          == nil)
    }
    let stored = try await l.receipts(mailID: "aaaa00000001")
    #expect(stored.count == 3)
    for receipt in stored {
      #expect(
        receipt.isSettled && receipt.detail == "\(receipt.state) detail" && receipt.updatedAt == t + 5 && receipt.attempts == 1)
    }
  }

  @Test(arguments: LedgerUnderTest.shared)
  func aClaimWhoseLeaseRanOutIsTakenOverAndItsHolderCanNoLongerSettle(ledger kind: LedgerUnderTest) async throws {
    let machines = try await kind.makeLedgers(machines: 2)
    let (a, b) = (machines[0], machines[1])
    let t = Self.t0
    var first = try #require(
      try await a.claim(mailID: "bbbb00000001", receiver: "forward", worker: "a", now: t, leaseUntil: t + 60, maxAttempts: 5))
    #expect(
      try await b.claim(
        mailID: "bbbb00000001", receiver: "forward", worker: "b", now: t + 60, leaseUntil: t + 120, maxAttempts: 5) == nil)
    let taken = try #require(
      try await b.claim(
        mailID: "bbbb00000001", receiver: "forward", worker: "b", now: t + 61, leaseUntil: t + 121, maxAttempts: 5))
    #expect(taken.worker == "b" && taken.attempts == 2 && taken.leaseUntil == t + 121)
    // The first worker comes back late: its outcome is refused and changes nothing.
    first.state = .done
    first.updatedAt = t + 62
    #expect(try await a.settle(first, worker: "a") == false)
    #expect(try await a.receipts(mailID: "bbbb00000001").first?.worker == "b")
    var second = taken
    second.state = .done
    second.detail = "sent to jdoe@example.com"
    second.updatedAt = t + 63
    #expect(try await b.settle(second, worker: "b"))
    let stored = try #require(try await a.receipts(mailID: "bbbb00000001").first)
    #expect(stored.state == .done && stored.detail == "sent to jdoe@example.com" && stored.attempts == 2)
    // Settled once: the holder cannot settle it a second time either.
    #expect(try await b.settle(second, worker: "b") == false)
  }

  @Test(arguments: LedgerUnderTest.allCases)
  func aClaimThatRanOutAfterTheLastAttemptIsDeadLettered(ledger kind: LedgerUnderTest) async throws {
    let l = try await kind.makeLedger()
    var t = Self.t0
    for attempt in 1...3 {
      let r = try #require(
        try await l.claim(
          mailID: "cccc00000001", receiver: "exec:/bin/crash", worker: "w\(attempt)", now: t, leaseUntil: t + 10, maxAttempts: 3))
      #expect(r.attempts == attempt)
      t += 11  // each worker dies mid-mail
    }
    #expect(
      try await l.claim(
        mailID: "cccc00000001", receiver: "exec:/bin/crash", worker: "w4", now: t, leaseUntil: t + 10, maxAttempts: 3) == nil)
    let dead = try #require(try await l.receipts(mailID: "cccc00000001").first)
    #expect(dead.state == .dead && dead.attempts == 3 && !dead.detail.isEmpty)
    #expect(try await l.receipts(in: [.dead], limit: 10).map(\.mailID) == ["cccc00000001"])
    #expect(
      try await l.claim(
        mailID: "cccc00000001", receiver: "exec:/bin/crash", worker: "w5", now: t + 1000, leaseUntil: t + 1010, maxAttempts: 3)
        == nil)
  }

  @Test(arguments: LedgerUnderTest.allCases)
  func onlyTheHolderSettlesAClaim(ledger kind: LedgerUnderTest) async throws {
    let l = try await kind.makeLedger()
    let t = Self.t0
    var r = try #require(
      try await l.claim(mailID: "dddd00000001", receiver: "forward", worker: "holder", now: t, leaseUntil: t + 60, maxAttempts: 5)
    )
    r.state = .done
    r.updatedAt = t + 1
    #expect(try await l.settle(r, worker: "intruder") == false)
    let stored = try #require(try await l.receipts(mailID: "dddd00000001").first)
    #expect(stored.state == .claimed && stored.worker == "holder")
    // A receipt nobody claimed cannot be settled.
    var unclaimed = r
    unclaimed.mailID = "dddd00000002"
    #expect(try await l.settle(unclaimed, worker: "holder") == false)
    #expect(try await l.receipts(mailID: "dddd00000002").isEmpty)
    #expect(try await l.settle(r, worker: "holder"))
  }

  @Test(arguments: LedgerUnderTest.allCases)
  func aFailedReceiptWaitsForItsRetryTime(ledger kind: LedgerUnderTest) async throws {
    let machines = try await kind.makeLedgers(machines: 2)
    let (a, b) = (machines[0], machines[1])
    let t = Self.t0
    var r = try #require(
      try await a.claim(mailID: "eeee00000001", receiver: "forward", worker: "a", now: t, leaseUntil: t + 60, maxAttempts: 5))
    r.state = .failed
    r.detail = "Throttling: rate exceeded"
    r.retryAt = t + 100
    r.updatedAt = t + 2
    #expect(try await a.settle(r, worker: "a"))
    let failed = try #require(try await b.receipts(mailID: "eeee00000001").first)
    #expect(
      failed.state == .failed && failed.retryAt == t + 100 && failed.detail == "Throttling: rate exceeded" && !failed.isSettled)
    #expect(
      try await b.claim(
        mailID: "eeee00000001", receiver: "forward", worker: "b", now: t + 99, leaseUntil: t + 159, maxAttempts: 5) == nil)
    let again = try #require(
      try await b.claim(
        mailID: "eeee00000001", receiver: "forward", worker: "b", now: t + 100, leaseUntil: t + 160, maxAttempts: 5))
    #expect(again.attempts == 2 && again.worker == "b" && again.state == .claimed)
  }

  @Test(arguments: LedgerUnderTest.allCases)
  func reopenMakesDeadAndFailedClaimableDoneOnlyWithForceAndLeavesLiveClaims(ledger kind: LedgerUnderTest) async throws {
    let l = try await kind.makeLedger()
    let t = Self.t0
    func settle(_ receiver: String, _ state: Receipt.State) async throws {
      var r = try #require(
        try await l.claim(mailID: "ffff00000001", receiver: receiver, worker: "w", now: t, leaseUntil: t + 60, maxAttempts: 5))
      r.state = state
      r.detail = "why"
      r.retryAt = t + 3600
      r.updatedAt = t + 1
      #expect(try await l.settle(r, worker: "w"))
    }
    try await settle("dead", .dead)
    try await settle("failed", .failed)
    try await settle("done", .done)
    try await settle("skipped", .skipped)
    _ = try #require(
      try await l.claim(mailID: "ffff00000001", receiver: "live", worker: "w", now: t, leaseUntil: t + 60, maxAttempts: 5))
    let now = t + 10
    #expect(try await l.reopen(mailID: "ffff00000001", receiver: "dead", force: false, now: now))
    #expect(try await l.reopen(mailID: "ffff00000001", receiver: "failed", force: false, now: now))
    #expect(try await l.reopen(mailID: "ffff00000001", receiver: "done", force: false, now: now) == false)
    #expect(try await l.reopen(mailID: "ffff00000001", receiver: "skipped", force: false, now: now) == false)
    #expect(try await l.reopen(mailID: "ffff00000001", receiver: "live", force: true, now: now) == false)
    #expect(try await l.reopen(mailID: "ffff00000001", receiver: "never-ran", force: true, now: now) == false)
    #expect(
      try await l.claim(mailID: "ffff00000001", receiver: "done", worker: "w", now: now, leaseUntil: now + 60, maxAttempts: 5)
        == nil)
    #expect(try await l.reopen(mailID: "ffff00000001", receiver: "done", force: true, now: now))
    #expect(try await l.reopen(mailID: "ffff00000001", receiver: "skipped", force: true, now: now))
    // Reopened: claimable now (before the failed one's retry time), attempts counted afresh.
    for receiver in ["dead", "failed", "done", "skipped"] {
      let r = try await l.claim(
        mailID: "ffff00000001", receiver: receiver, worker: "replay", now: now, leaseUntil: now + 60, maxAttempts: 1)
      #expect(r?.attempts == 1 && r?.worker == "replay", "\(receiver)")
    }
    // The live claim is still its holder's (where claims are shared: the local ledger takes
    // another worker's claim for a dead process's).
    guard LedgerUnderTest.shared.contains(kind) else { return }
    #expect(
      try await l.claim(mailID: "ffff00000001", receiver: "live", worker: "other", now: now, leaseUntil: now + 60, maxAttempts: 5)
        == nil)
    #expect(try await l.receipts(mailID: "ffff00000001").first { $0.receiver == "live" }?.worker == "w")
  }

  @Test(arguments: LedgerUnderTest.allCases)
  func receiptsInStatesAreListedOldestUpdateFirstUpToTheLimit(ledger kind: LedgerUnderTest) async throws {
    let l = try await kind.makeLedger()
    let t = Self.t0
    let plan: [(String, Receipt.State, Int)] = [
      ("000000000005", .dead, 50), ("000000000001", .dead, 10), ("000000000003", .failed, 30), ("000000000002", .done, 20),
      ("000000000004", .dead, 40), ("000000000006", .skipped, 5),
    ]
    for (mail, state, at) in plan {
      var r = try #require(
        try await l.claim(mailID: mail, receiver: "forward", worker: "w", now: t, leaseUntil: t + 60, maxAttempts: 5))
      r.state = state
      r.updatedAt = t + at
      #expect(try await l.settle(r, worker: "w"))
    }
    _ = try await l.claim(mailID: "000000000007", receiver: "forward", worker: "w", now: t, leaseUntil: t + 60, maxAttempts: 5)
    #expect(try await l.receipts(in: [.dead], limit: 10).map(\.mailID) == ["000000000001", "000000000004", "000000000005"])
    #expect(
      try await l.receipts(in: [.dead, .failed], limit: 3).map(\.mailID) == ["000000000001", "000000000003", "000000000004"])
    #expect(try await l.receipts(in: [.claimed], limit: 10).map(\.mailID) == ["000000000007"])
    #expect(try await l.receipts(in: Set(Receipt.State.allCases), limit: 100).count == 7)
    #expect(try await l.receipts(in: [], limit: 10).isEmpty)
    #expect(try await l.receipts(in: [.dead], limit: 0).isEmpty)
  }

  /// Two machines, each running two workers at once, go through 80 mails × 2 receivers in
  /// different orders: every (mail, receiver) is claimed by exactly one of them.
  @Test(.timeLimit(.minutes(30)), arguments: LedgerUnderTest.shared)
  func twoMachinesRacingClaimEachReceiverOnEachMailExactlyOnce(ledger kind: LedgerUnderTest) async throws {
    let machines = try await kind.makeLedgers(machines: 2)
    let mails = (0..<80).map { String(format: "%012x", 0xabc000 + $0) }
    let pairs = mails.flatMap { mail in ["forward", "exec:/usr/bin/notify --team ops"].map { (mail, $0) } }
    let t = Self.t0
    let claims = try await withThrowingTaskGroup(of: [String].self) { group in
      for (m, ledger) in machines.enumerated() {
        for w in 0..<2 {
          let worker = "machine\(m):\(w)"
          // Each worker walks the pairs in its own order, so claims collide all along.
          let order = (m + w) % 2 == 0 ? pairs : pairs.reversed()
          let rotated = Array(order[(w * 97)...] + order[..<(w * 97)])
          group.addTask {
            var won: [String] = []
            for (mail, receiver) in rotated {
              if let r = try await ledger.claim(
                mailID: mail, receiver: receiver, worker: worker, now: t, leaseUntil: t + 600, maxAttempts: 5)
              {
                #expect(r.worker == worker && r.attempts == 1)
                won.append("\(mail) \(receiver)")
              }
            }
            return won
          }
        }
      }
      var all: [[String]] = []
      for try await won in group { all.append(won) }
      return all
    }
    let flat = claims.flatMap { $0 }
    #expect(flat.count == pairs.count)
    #expect(Set(flat).count == pairs.count)
    #expect(claims.filter { !$0.isEmpty }.count >= 2, "the race had a single winner: the workers did not overlap")
    let held = try await machines[1].receipts(in: [.claimed], limit: 1000)
    #expect(held.count == pairs.count)
  }
}
