@_spi(RootmailHost) import RootmailKit
import Synchronization

/// Runs the configured receivers on indexed mail and records what each made of it.
///
/// For every mail it is given, each receiver in turn is claimed in the ledger, run, and its
/// outcome settled: done and skipped for good; a retryable failure as `failed`, to be tried
/// again after `ReceiverBackoff.delay(attempts:)`, until `maxAttempts` attempts, then `dead`; a
/// non-retryable failure `dead` at once. A receiver whose claim the ledger refuses (settled,
/// backing off, held by a live worker) is not run, so a receiver that succeeded never runs
/// again on the same mail. A mail leaves the index's pending queue only when every receiver's
/// receipt is settled, so a process killed mid-mail leaves it pending and the next run retries
/// what had not finished. The engine checks `shouldStop` between mails only: a mail it started
/// is finished, its receipts settled.
struct ReceiveEngine: Sendable {
  /// One configured receiver, made once per command.
  struct Configured: Sendable {
    let spec: ReceiverSpec
    let receiver: any MailReceiver
  }

  /// One receiver's outcome on one mail, for `-v` and the summary.
  struct Processed: Sendable, Equatable {
    let mailID: String
    let receiver: String
    /// The state the receipt was settled in (done, skipped, failed, dead).
    let state: Receipt.State
    let attempts: Int
    let detail: String
    /// failed: when it will be tried again.
    let retryAt: Int
  }

  /// What a run did, counted by settled state.
  struct Summary: Sendable, Equatable {
    var mails = 0
    var done = 0
    var skipped = 0
    var failed = 0
    var dead = 0

    mutating func count(_ state: Receipt.State) {
      switch state {
      case .done: done += 1
      case .skipped: skipped += 1
      case .failed: failed += 1
      case .dead: dead += 1
      case .claimed: break
      }
    }

    mutating func add(_ other: Summary) {
      mails += other.mails
      done += other.done
      skipped += other.skipped
      failed += other.failed
      dead += other.dead
    }

    /// The counts for `--output json`: `{"mails": 4, "done": 3, "skipped": 1, "to_retry": 0, "dead": 0}`.
    var json: JSONValue {
      .object([
        ("mails", .int(mails)), ("done", .int(done)), ("skipped", .int(skipped)), ("to_retry", .int(failed)),
        ("dead", .int(dead)),
      ])
    }

    /// `receivers: 3 done, 1 skipped, 0 to retry, 0 dead`.
    /// With mail newly dead-lettered, the line names the command that lists it.
    var line: String {
      "receivers: \(done) done, \(skipped) skipped, \(failed) to retry, \(dead) dead"
        + (dead > 0 ? " (see rootmail mail dead-letters)" : "")
    }
  }

  let receivers: [Configured]
  let index: any MailIndex
  let ledger: any ReceiptLedger
  let context: ReceiverContext
  /// The mail a receiver gets: raw bytes from the Maildir, the parse, the mapping.
  let load: @Sendable (MailIndexEntry) async throws -> ReceivedMail
  let maxAttempts: Int
  /// How long a claim is held: the longest a receiver may take (exec_timeout) plus a margin.
  let leaseSeconds: Int
  /// `host:pid:random`, what claims are recorded under.
  let worker: String
  /// Seconds since 1970 (a parameter so tests move time instead of sleeping).
  let clock: @Sendable () -> Int
  /// Called after each receiver's outcome is settled (`-v` prints a line).
  var report: @Sendable (Processed) -> Void
  /// Asked before each mail; true once SIGINT/SIGTERM arrived.
  let shouldStop: @Sendable () -> Bool
  /// Only these receivers (spec ids) run (`mail replay --receiver`); the others still decide
  /// whether a mail stays pending.
  var only: Set<String>? = nil
  /// Mails received at once (their receivers run concurrently with other mails').
  var parallel = 1
  /// Whether receivers run on a quarantined mail (`mail replay --force`); else they are
  /// skipped on it without reading it.
  var runQuarantined = false

  /// This engine running only `receiver` (as written in `receivers`; nil: all of them), or a
  /// usage error (exit 64) listing the configured ones.
  func limited(to receiver: String?) throws -> ReceiveEngine {
    guard let receiver else { return self }
    let configured = receivers.map(\.spec.id)
    guard configured.contains(receiver) else {
      throw CLIError.usage(
        "--receiver \(TerminalSafe.quoted(receiver)): not in receivers (configured: \(configured.joined(separator: ", ")))")
    }
    var copy = self
    copy.only = [receiver]
    return copy
  }

  /// This engine, reporting to `report` instead.
  func reporting(_ report: @escaping @Sendable (Processed) -> Void) -> ReceiveEngine {
    var copy = self
    copy.report = report
    return copy
  }

  /// Mails read from the pending queue at a time.
  static let pageSize = 100

  /// Runs the receivers on `entries`, `parallel` mails at a time (each mail's receivers one
  /// after another, in order), starting no mail once `shouldStop` says so.
  func receive(_ entries: [MailIndexEntry]) async throws -> Summary {
    var summary = Summary()
    // No receivers: every mail only leaves the pending queue, all in one write (not a read of
    // its receipts and a write per mail, which was most of a fetch's index work).
    if receivers.isEmpty {
      guard !entries.isEmpty, !shouldStop() else { return summary }
      try await index.markReceived(ids: entries.map(\.id))
      summary.mails = entries.count
      return summary
    }
    guard parallel > 1 else {
      for entry in entries {
        if shouldStop() { break }
        summary.add(try await receive(entry))
      }
      return summary
    }
    try await withThrowingTaskGroup(of: Summary.self) { group in
      var next = 0
      func start() {
        guard next < entries.count, !shouldStop() else { return }
        let entry = entries[next]
        next += 1
        group.addTask { try await receive(entry) }
      }
      for _ in 0..<parallel { start() }
      while let one = try await group.next() {
        summary.add(one)
        start()
      }
    }
    return summary
  }

  /// Runs the receivers on every pending mail whose turn has come (a retry due, a mail a killed
  /// run left unfinished, a replay), oldest first, each mail at most once per call and at most
  /// `limit` mails.
  func receiveDue(limit: Int = 100_000) async throws -> Summary {
    var summary = Summary()
    var seen = Set<String>()
    // Rows read past `pageSize`: as many as the last page held of mail already seen and still
    // due (kept due by a receiver this call did not run), so the page reaches new mail behind
    // them; doubled while a whole page is seen mail. Not `seen.count`: that read every mail
    // received so far again, all at once (a 20,000-mail fetch read 12,800 rows at the end).
    var extra = 0
    while seen.count < limit, !shouldStop() {
      let page = try await index.pendingReceive(dueBy: clock(), limit: Self.pageSize + extra)
      let unseen = page.filter { !seen.contains($0.id) }
      if unseen.isEmpty {
        if page.count < Self.pageSize + extra { break }
        extra = 2 * extra + Self.pageSize
        continue
      }
      extra = page.count - unseen.count
      let fresh = Array(unseen.prefix(min(Self.pageSize, limit - seen.count)))
      seen.formUnion(fresh.map(\.id))
      summary.add(try await receive(fresh))
    }
    return summary
  }

  /// Every receiver on one mail, then the mail's place in the pending queue.
  func receive(_ entry: MailIndexEntry) async throws -> Summary {
    var summary = Summary()
    summary.mails = 1
    var mail: ReceivedMail?
    var loadError: String?
    let skipQuarantined = !runQuarantined && MailFacts.isQuarantined(entry)
    for configured in receivers where only?.contains(configured.spec.id) ?? true {
      let now = clock()
      guard
        let claimed = try await ledger.claim(
          mailID: entry.id, receiver: configured.spec.id, worker: worker, now: now, leaseUntil: now + leaseSeconds,
          maxAttempts: maxAttempts)
      else { continue }
      if mail == nil && loadError == nil && !skipQuarantined {
        do { mail = try await load(entry) } catch { loadError = "cannot read the mail from the cache: \(error)" }
      }
      let outcome: ReceiverOutcome
      if skipQuarantined {
        outcome = .skipped("quarantined: rootmail stopped twice while parsing this mail (mail replay --force runs it)")
      } else if let mail {
        outcome = await configured.receiver.receive(mail, context: context)
      } else {
        outcome = .failed(loadError ?? "cannot read the mail", retryable: true)
      }
      let settled = settling(claimed, outcome: outcome, now: clock())
      guard try await ledger.settle(settled, worker: worker) else {
        context.logger.warning("mail \(entry.id): \(configured.spec.id) lost its claim before it settled")
        continue
      }
      summary.count(settled.state)
      report(
        Processed(
          mailID: entry.id, receiver: configured.spec.id, state: settled.state, attempts: settled.attempts,
          detail: settled.detail, retryAt: settled.retryAt))
    }
    try await reschedule(entry.id)
    return summary
  }

  /// The receipt as `outcome` leaves it.
  func settling(_ claimed: Receipt, outcome: ReceiverOutcome, now: Int) -> Receipt {
    var r = claimed
    r.updatedAt = now
    r.retryAt = 0
    switch outcome {
    case .done(let what):
      r.state = .done
      r.detail = ReceiptText.clean(what)
    case .skipped(let why):
      r.state = .skipped
      r.detail = ReceiptText.clean(why)
    case .failed(let why, let retryable):
      r.detail = ReceiptText.clean(why)
      if retryable && r.attempts < maxAttempts {
        r.state = .failed
        r.retryAt = now + ReceiverBackoff.delay(attempts: r.attempts)
      } else {
        r.state = .dead
      }
    }
    return r
  }

  /// Takes the mail off the pending queue when every receiver has settled, or keeps it there
  /// until the earliest retry or lease end.
  private func reschedule(_ id: String) async throws {
    let receipts = try await ledger.receipts(mailID: id)
    var next: Int?
    for configured in receivers {
      guard let r = receipts.first(where: { $0.receiver == configured.spec.id }) else {
        next = min(next ?? .max, clock())
        continue
      }
      switch r.state {
      case .done, .skipped, .dead: continue
      case .failed: next = min(next ?? .max, r.retryAt)
      case .claimed: next = min(next ?? .max, r.leaseUntil + 1)
      }
    }
    if let next {
      try await index.schedulePending(ids: [id], at: next)
    } else {
      try await index.markReceived(ids: [id])
    }
  }
}
