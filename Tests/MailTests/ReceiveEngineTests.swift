import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Synchronization
import Testing

@_spi(RootmailHost) @testable import RootmailPluginMail

/// The receive engine over the real SQLite mail index and ledger, with receivers defined here
/// (real `MailReceiver`s: one records its calls, one fails a number of times first). Time is
/// a parameter of the engine, so backoff is checked by moving the clock, not by sleeping.
@Suite struct ReceiveEngineTests {
  /// What every receiver of a test appends to: `"<receiver> <mail id>"`.
  final class CallLog: Sendable {
    private let calls = Mutex<[String]>([])
    func add(_ call: String) { calls.withLock { $0.append(call) } }
    var all: [String] { calls.withLock { $0 } }
    func count(_ receiver: String) -> Int { all.filter { $0.hasPrefix(receiver + " ") }.count }
  }

  /// A receiver that records each call, fails (retryably or not) its first `failures` calls
  /// per mail, then returns `final`.
  struct Scripted: MailReceiver {
    let name: String
    let log: CallLog
    var failures = 0
    var retryable = true
    var final: ReceiverOutcome = .done("ok")

    func receive(_ mail: ReceivedMail, context: ReceiverContext) async -> ReceiverOutcome {
      let before = log.all.filter { $0 == "\(name) \(mail.entry.id)" }.count
      log.add("\(name) \(mail.entry.id)")
      if before < failures { return .failed("try \(before + 1) failed, see https://example.com/x", retryable: retryable) }
      return final
    }
  }

  final class TestClock: Sendable {
    private let value: Atomic<Int>
    init(_ start: Int) { value = Atomic(start) }
    var now: Int { value.load(ordering: .relaxed) }
    func set(_ t: Int) { value.store(t, ordering: .relaxed) }
  }

  /// A fresh index in a temporary folder.
  struct Fixture {
    let folder: TemporaryFolder
    let index: any MailIndex
    let clock = TestClock(1_000_000)
    let log = CallLog()

    init() async throws {
      folder = try TemporaryFolder(prefix: "rootmail-receive")
      index = try await MailIndexLoader.open(path: folder.path + "/mail-index.sqlite")
    }

    /// Indexes `count` mails fetched at the clock's time; returns them in key order.
    func insert(_ count: Int, from first: Int = 0) async throws -> [MailIndexEntry] {
      let entries = (first..<first + count).map { n in
        let key = "RootMail/mail-\(String(format: "%04d", n))"
        return MailIndexEntry(
          id: MailID.make(key: key), key: key, size: 10, eTag: "", receivedAt: clock.now, date: nil, messageID: "",
          from: "", fromAddress: "", recipients: ["root@aws.example.com"], subject: "mail \(n)", mailClass: "other",
          verdicts: MailVerdicts(), fetchedAt: clock.now)
      }
      return try await index.insert(entries)
    }

    func engine(_ receivers: [any MailReceiver & Named], maxAttempts: Int = 5, worker: String = "test:1:aaaa")
      -> ReceiveEngine
    {
      let command = CommandContext(config: Config(resolved: [:], filePath: nil), environment: [:])
      let clock = self.clock
      return ReceiveEngine(
        receivers: receivers.map { ReceiveEngine.Configured(spec: ReceiverSpec(name: $0.name), receiver: $0) },
        index: index, ledger: index.receipts, context: ReceiverContext(command: command),
        load: { entry in ReceivedMail(entry: entry, raw: Array("Subject: x\r\n\r\nbody".utf8), parsed: ParsedMail(), mapping: nil)
        },
        maxAttempts: maxAttempts, leaseSeconds: 120, worker: worker, clock: { clock.now }, report: { _ in },
        shouldStop: { false })
    }

    func receipt(_ mail: MailIndexEntry, _ receiver: String) async throws -> Receipt? {
      try await index.receipts.receipts(mailID: mail.id).first { $0.receiver == receiver }
    }

    var pending: [String] {
      get async throws { try await index.pendingReceive(dueBy: Int.max - 1, limit: 1000).map(\.id) }
    }
  }

  @Test func receiversRunInOrderOnceOnEveryNewMail() async throws {
    let f = try await Fixture()
    let mails = try await f.insert(3)
    let engine = f.engine([Scripted(name: "first", log: f.log), Scripted(name: "second", log: f.log)])
    let summary = try await engine.receiveDue()
    #expect(summary.mails == 3 && summary.done == 6)
    #expect(f.log.all == mails.flatMap { ["first \($0.id)", "second \($0.id)"] })
    #expect(try await f.pending.isEmpty)
    // Done is never run again: not by the next run, not later, not by a new engine.
    f.clock.set(f.clock.now + 86_400)
    _ = try await engine.receiveDue()
    try await f.index.schedulePending(ids: mails.map(\.id), at: f.clock.now)
    _ = try await f.engine([Scripted(name: "first", log: f.log), Scripted(name: "second", log: f.log)], worker: "other:2:b")
      .receiveDue()
    #expect(f.log.all.count == 6)
    #expect(try await f.receipt(mails[0], "first")?.state == .done)
    #expect(try await f.receipt(mails[0], "first")?.attempts == 1)
  }

  @Test func mailsReceivedInParallelStillGetEachReceiverOnceInOrder() async throws {
    let f = try await Fixture()
    let mails = try await f.insert(40)
    var engine = f.engine([Scripted(name: "first", log: f.log), Scripted(name: "second", log: f.log)])
    engine.parallel = 8
    #expect(try await engine.receiveDue().done == 80)
    let calls = f.log.all
    #expect(calls.count == 80 && Set(calls).count == 80)
    for mail in mails {
      let first = try #require(calls.firstIndex(of: "first \(mail.id)"))
      let second = try #require(calls.firstIndex(of: "second \(mail.id)"))
      #expect(first < second)
    }
    #expect(try await f.pending.isEmpty)
  }

  @Test func aFailedRetryWaitsForItsBackoff() async throws {
    let f = try await Fixture()
    let mail = try #require(try await f.insert(1).first)
    let start = f.clock.now
    let engine = f.engine([Scripted(name: "flaky", log: f.log, failures: 2), Scripted(name: "steady", log: f.log)])
    #expect(try await engine.receiveDue().failed == 1)
    var r = try #require(try await f.receipt(mail, "flaky"))
    #expect(r.state == .failed && r.attempts == 1 && r.retryAt == start + 30)
    // The link in the error is not recorded.
    #expect(r.detail == "try 1 failed, see <link removed>")
    // The other receiver ran and is not run again; the mail stays pending for the retry.
    #expect(f.log.count("steady") == 1)
    #expect(try await f.pending == [mail.id])
    #expect(try await f.index.pendingReceive(dueBy: start + 29, limit: 10).isEmpty)
    f.clock.set(start + 29)
    _ = try await engine.receiveDue()
    #expect(f.log.count("flaky") == 1)
    f.clock.set(start + 30)
    _ = try await engine.receiveDue()
    r = try #require(try await f.receipt(mail, "flaky"))
    #expect(f.log.count("flaky") == 2 && r.attempts == 2 && r.retryAt == start + 30 + 60)
    f.clock.set(start + 89)
    _ = try await engine.receiveDue()
    #expect(f.log.count("flaky") == 2)
    f.clock.set(start + 90)
    #expect(try await engine.receiveDue().done == 1)
    r = try #require(try await f.receipt(mail, "flaky"))
    #expect(r.state == .done && r.attempts == 3)
    #expect(f.log.count("steady") == 1)
    #expect(try await f.pending.isEmpty)
  }

  @Test func backoffDoublesFromThirtySecondsToAnHour() {
    #expect((1...9).map(ReceiverBackoff.delay(attempts:)) == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600])
    #expect(ReceiverBackoff.delay(attempts: 100) == 3600)
  }

  @Test func deadAfterMaxAttemptsAndAtOnceWhenNotRetryable() async throws {
    let f = try await Fixture()
    let mails = try await f.insert(2)
    let engine = f.engine(
      [
        Scripted(name: "broken", log: f.log, failures: 100),
        Scripted(name: "refuses", log: f.log, failures: 100, retryable: false),
      ], maxAttempts: 3)
    for step in 0..<10 {
      _ = try await engine.receiveDue()
      f.clock.set(f.clock.now + 3600)
      if step > 5 { #expect(try await f.pending.isEmpty) }
    }
    #expect(f.log.count("broken") == 6)  // 3 attempts on each of 2 mails
    #expect(f.log.count("refuses") == 2)  // 1 on each
    let dead = try await f.index.receipts.receipts(in: [.dead], limit: 100)
    #expect(dead.count == 4)
    let broken = try #require(dead.first { $0.receiver == "broken" && $0.mailID == mails[0].id })
    #expect(broken.attempts == 3 && broken.detail == "try 3 failed, see <link removed>")
    #expect(try await f.receipt(mails[1], "refuses")?.attempts == 1)
  }

  @Test func replayRerunsDeadReceiversAndDoneOnlyWithForce() async throws {
    let f = try await Fixture()
    let mail = try #require(try await f.insert(1).first)
    let engine = f.engine(
      [Scripted(name: "good", log: f.log), Scripted(name: "bad", log: f.log, failures: 1, retryable: false)])
    _ = try await engine.receiveDue()
    #expect(try await f.receipt(mail, "bad")?.state == .dead)
    let ledger = f.index.receipts
    // Without force a done receipt is not reopened; the dead one is, attempts from 0.
    #expect(try await ledger.reopen(mailID: mail.id, receiver: "good", force: false, now: f.clock.now) == false)
    #expect(try await ledger.reopen(mailID: mail.id, receiver: "bad", force: false, now: f.clock.now))
    #expect(try await f.receipt(mail, "bad")?.attempts == 0)
    try await f.index.schedulePending(ids: [mail.id], at: f.clock.now)
    _ = try await engine.receive([mail])
    #expect(f.log.count("good") == 1 && f.log.count("bad") == 2)
    #expect(try await f.receipt(mail, "bad")?.state == .done)
    #expect(try await ledger.receipts(in: [.dead], limit: 10).isEmpty)
    // --force reruns a done receiver; `only` limits a replay to one receiver.
    #expect(try await ledger.reopen(mailID: mail.id, receiver: "good", force: true, now: f.clock.now))
    var only = engine
    only.only = ["good"]
    _ = try await only.receive([mail])
    #expect(f.log.count("good") == 2 && f.log.count("bad") == 2)
    #expect(try await f.pending.isEmpty)
  }

  @Test func aClaimLeftByADeadProcessIsTakenOverAndCounts() async throws {
    let f = try await Fixture()
    let mails = try await f.insert(2)
    let ledger = f.index.receipts
    // A process claimed both mails and died (kill -9) before settling; the second had used
    // its last attempt.
    for (n, mail) in mails.enumerated() {
      for attempt in 0..<(n == 0 ? 1 : 3) {
        let claim = try await ledger.claim(
          mailID: mail.id, receiver: "once", worker: "gone:99:\(attempt)", now: f.clock.now,
          leaseUntil: f.clock.now + 3600, maxAttempts: 3)
        #expect(claim != nil)
      }
    }
    let engine = f.engine([Scripted(name: "once", log: f.log)], maxAttempts: 3)
    _ = try await engine.receiveDue()
    #expect(f.log.all == ["once \(mails[0].id)"])
    #expect(try await f.receipt(mails[0], "once")?.attempts == 2)
    let dead = try #require(try await f.receipt(mails[1], "once"))
    #expect(dead.state == .dead && dead.detail == "the process ended while the receiver ran")
    #expect(try await f.pending.isEmpty)
  }

  @Test func settlingAClaimAnotherWorkerTookChangesNothing() async throws {
    let f = try await Fixture()
    let mail = try #require(try await f.insert(1).first)
    let ledger = f.index.receipts
    let first = try #require(
      try await ledger.claim(
        mailID: mail.id, receiver: "r", worker: "a", now: 1, leaseUntil: 10, maxAttempts: 5))
    _ = try #require(
      try await ledger.claim(mailID: mail.id, receiver: "r", worker: "b", now: 11, leaseUntil: 20, maxAttempts: 5))
    var settled = first
    settled.state = .done
    #expect(try await ledger.settle(settled, worker: "a") == false)
    #expect(try await f.receipt(mail, "r")?.worker == "b")
  }

  @Test func stopIsHonouredBetweenMailsOnly() async throws {
    let f = try await Fixture()
    _ = try await f.insert(5)
    let stopped = Atomic<Bool>(false)
    let log = f.log
    struct Stopper: MailReceiver, Named {
      let name = "stopper"
      let log: CallLog
      let stop: @Sendable () -> Void
      func receive(_ mail: ReceivedMail, context: ReceiverContext) async -> ReceiverOutcome {
        log.add("stopper \(mail.entry.id)")
        stop()
        return .done("")
      }
    }
    let base = f.engine([])
    let engine = ReceiveEngine(
      receivers: [
        .init(
          spec: ReceiverSpec(name: "stopper"), receiver: Stopper(log: log, stop: { stopped.store(true, ordering: .relaxed) })),
        .init(spec: ReceiverSpec(name: "after"), receiver: Scripted(name: "after", log: log)),
      ], index: base.index, ledger: base.ledger, context: base.context, load: base.load, maxAttempts: 5,
      leaseSeconds: 60, worker: "w", clock: base.clock, report: { _ in }, shouldStop: { stopped.load(ordering: .relaxed) })
    let summary = try await engine.receiveDue()
    // The mail in hand is finished (both receivers), no other mail is started.
    #expect(summary.mails == 1 && log.all.count == 2)
    #expect(try await f.pending.count == 4)
  }

  /// A ledger that counts the calls made to it (forwarding them to `base`).
  final class CountingLedger: ReceiptLedger {
    let base: any ReceiptLedger
    let calls = Atomic<Int>(0)
    init(_ base: any ReceiptLedger) { self.base = base }
    func count() { calls.add(1, ordering: .relaxed) }
    func claim(mailID: String, receiver: String, worker: String, now: Int, leaseUntil: Int, maxAttempts: Int)
      async throws -> Receipt?
    {
      count()
      return try await base.claim(
        mailID: mailID, receiver: receiver, worker: worker, now: now, leaseUntil: leaseUntil, maxAttempts: maxAttempts)
    }
    func settle(_ receipt: Receipt, worker: String) async throws -> Bool {
      count()
      return try await base.settle(receipt, worker: worker)
    }
    func receipts(in states: Set<Receipt.State>, limit: Int) async throws -> [Receipt] {
      count()
      return try await base.receipts(in: states, limit: limit)
    }
    func receipts(mailID: String) async throws -> [Receipt] {
      count()
      return try await base.receipts(mailID: mailID)
    }
    func reopen(mailID: String, receiver: String, force: Bool, now: Int) async throws -> Bool {
      count()
      return try await base.reopen(mailID: mailID, receiver: receiver, force: force, now: now)
    }
  }

  /// With no receivers configured (`mail fetch` with `receivers` empty), new mail only leaves
  /// the pending queue: a write per page of mail, not a ledger read and an index write per mail
  /// (those were most of a 2,000-mail fetch's index work). A stop leaves the page pending.
  @Test func withNoReceiversPendingMailLeavesTheQueueWithoutALedgerCallPerMail() async throws {
    let f = try await Fixture()
    _ = try await f.insert(250)
    let base = f.engine([])
    let ledger = CountingLedger(base.ledger)
    let engine = ReceiveEngine(
      receivers: [], index: base.index, ledger: ledger, context: base.context, load: base.load, maxAttempts: 5,
      leaseSeconds: 60, worker: "w", clock: base.clock, report: { _ in }, shouldStop: { false })
    let summary = try await engine.receiveDue()
    #expect(summary == ReceiveEngine.Summary(mails: 250))
    #expect(ledger.calls.load(ordering: .relaxed) == 0)
    #expect(try await f.pending.isEmpty)
    _ = try await f.insert(3, from: 250)
    let stopped = ReceiveEngine(
      receivers: [], index: base.index, ledger: ledger, context: base.context, load: base.load, maxAttempts: 5,
      leaseSeconds: 60, worker: "w", clock: base.clock, report: { _ in }, shouldStop: { true })
    #expect(try await stopped.receiveDue().mails == 0)
    #expect(try await f.pending.count == 3)
  }

  /// An index that records the largest page of pending mail asked of it (forwarding to `base`).
  final class PageWatchingIndex: MailIndex {
    let base: any MailIndex
    let largestPage = Atomic<Int>(0)
    init(_ base: any MailIndex) { self.base = base }
    func pendingReceive(dueBy now: Int, limit: Int) async throws -> [MailIndexEntry] {
      largestPage.max(limit, ordering: .relaxed)
      return try await base.pendingReceive(dueBy: now, limit: limit)
    }
    func indexedKeys(among keys: [String]) async throws -> Set<String> { try await base.indexedKeys(among: keys) }
    func insert(_ entries: [MailIndexEntry], searchTexts: [String: String]) async throws -> [MailIndexEntry] {
      try await base.insert(entries, searchTexts: searchTexts)
    }
    func search(_ text: String, _ query: MailQuery, each body: (MailIndexEntry) throws -> Void) async throws {
      try await base.search(text, query, each: body)
    }
    func entriesWithoutSearchText(limit: Int) async throws -> [MailIndexEntry] {
      try await base.entriesWithoutSearchText(limit: limit)
    }
    func setSearchTexts(_ texts: [String: String]) async throws { try await base.setSearchTexts(texts) }
    func list(_ query: MailQuery, each body: (MailIndexEntry) throws -> Void) async throws {
      try await base.list(query, each: body)
    }
    func entries(idPrefix: String) async throws -> [MailIndexEntry] { try await base.entries(idPrefix: idPrefix) }
    func count() async throws -> Int { try await base.count() }
    var receipts: any ReceiptLedger { base.receipts }
    func markReceived(ids: [String]) async throws { try await base.markReceived(ids: ids) }
    func schedulePending(ids: [String], at: Int) async throws { try await base.schedulePending(ids: ids, at: at) }
    func entries(ids: [String]) async throws -> [MailIndexEntry] { try await base.entries(ids: ids) }
    func quickCheck(limit: Int) async throws -> [String] { try await base.quickCheck(limit: limit) }
  }

  /// The pending queue is read a page at a time, however many mails were received before in
  /// the same call (it read every one of them again with each page: 12,800 rows at once at the
  /// end of a 20,000-mail fetch, which made the fetch's memory grow with its size); mails a
  /// receiver not run here keeps due are still each received once, and the call ends.
  @Test func thePendingQueueIsReadAPageAtATime() async throws {
    let f = try await Fixture()
    _ = try await f.insert(1000)
    let base = f.engine([])
    let watched = PageWatchingIndex(f.index)
    let engine = ReceiveEngine(
      receivers: [], index: watched, ledger: base.ledger, context: base.context, load: base.load, maxAttempts: 5,
      leaseSeconds: 60, worker: "w", clock: base.clock, report: { _ in }, shouldStop: { false })
    #expect(try await engine.receiveDue().mails == 1000)
    #expect(try await f.pending.isEmpty)
    #expect(watched.largestPage.load(ordering: .relaxed) <= 2 * ReceiveEngine.pageSize)
    // Only the first receiver runs (a replay's --receiver): every mail stays due for the second.
    _ = try await f.insert(250, from: 1000)
    var two = f.engine([Scripted(name: "first", log: f.log), Scripted(name: "second", log: f.log)])
    two = try two.limited(to: "first")
    #expect(try await two.receiveDue().mails == 250)
    #expect(f.log.count("first") == 250 && f.log.count("second") == 0)
    #expect(try await f.pending.count == 250)
  }

  @Test func anUnknownReceiverIsAConfigurationErrorNamingItAndTheKnownOnes() throws {
    let command = CommandContext(config: Config(resolved: [:], filePath: nil), environment: [:])
    let declared = ReceiverDeclaration(name: "known-one", summary: "") { _, _ in Scripted(name: "known-one", log: CallLog()) }
    do {
      _ = try ReceiverSetup.make(
        [ReceiverSpec(name: "known-one"), ReceiverSpec(name: "nosuch")], declaration: { $0 == "known-one" ? declared : nil },
        known: ["known-one", "other"], context: ReceiverContext(command: command))
      Issue.record("an unknown receiver was accepted")
    } catch let error as CLIError {
      #expect(error.exitStatus == .configuration)
      #expect(error.message.contains("nosuch") && error.message.contains("known-one, other"))
    }
  }

  /// An index written before receivers existed (the "v1-mail" schema, made here with Python's
  /// sqlite3): after the upgrade its mail is not pending, so no receiver runs on old mail,
  /// while mail indexed afterwards is.
  @Test func mailIndexedBeforeTheUpgradeIsNotPending() async throws {
    let folder = try TemporaryFolder(prefix: "rootmail-upgrade")
    let path = folder.path + "/mail-index.sqlite"
    let schema = """
      PRAGMA journal_mode=WAL;
      CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
      INSERT INTO grdb_migrations VALUES ('v1-mail');
      CREATE TABLE mail (key TEXT PRIMARY KEY NOT NULL, id TEXT NOT NULL, size INTEGER NOT NULL,
        etag TEXT NOT NULL, received_at INTEGER NOT NULL, date INTEGER, message_id TEXT NOT NULL,
        from_display TEXT NOT NULL, from_address TEXT NOT NULL, recipients TEXT NOT NULL,
        subject TEXT NOT NULL, class TEXT NOT NULL, spam TEXT NOT NULL, virus TEXT NOT NULL,
        spf TEXT NOT NULL, dkim TEXT NOT NULL, dmarc TEXT NOT NULL, spf_domain TEXT NOT NULL,
        dkim_domains TEXT NOT NULL, dmarc_domain TEXT NOT NULL, account_email TEXT NOT NULL,
        account_name TEXT NOT NULL, owner TEXT NOT NULL, attachments INTEGER NOT NULL,
        parse_warnings TEXT NOT NULL, fetched_at INTEGER NOT NULL);
      CREATE INDEX mail_id ON mail(id);
      CREATE INDEX mail_received ON mail(received_at);
      INSERT INTO mail VALUES ('RootMail/old', 'aaaaaaaaaaaa', 1, '', 1, NULL, '', '', '', '', 'old',
        'other', '', '', '', '', '', '', '', '', '', '', '', 0, '', 1);
      """
    let made = try TestPython.sqlite(["script", path], input: schema)
    #expect(made.status == 0, "\(made.stderr)")
    chmod(path, 0o600)
    let index = try await MailIndexLoader.open(path: path)
    #expect(try await index.count() == 1)
    #expect(try await index.pendingReceive(dueBy: Int.max - 1, limit: 10).isEmpty)
    let key = "RootMail/new"
    let new = MailIndexEntry(
      id: MailID.make(key: key), key: key, size: 1, eTag: "", receivedAt: 2, date: nil, messageID: "", from: "",
      fromAddress: "", recipients: [], subject: "new", mailClass: "other", verdicts: MailVerdicts(), fetchedAt: 2)
    _ = try await index.insert([new])
    #expect(try await index.pendingReceive(dueBy: 2, limit: 10).map(\.id) == [new.id])
  }

  @Test func receiptTextIsOneLineWithoutLinks() {
    #expect(ReceiptText.clean("stored\nhttps://signin.aws.amazon.com/reset?token=abc in SSM") == "stored <link removed> in SSM")
    #expect(ReceiptText.clean(String(repeating: "x ", count: 400)).count == 300)
  }

  @Test func verboseLinesEscapeWhatAReceiverWrote() {
    let line = ReceiptLines.verbose(
      .init(
        mailID: "0a1b2c3d4e5f", receiver: "exec:/bin/x\u{1b}[2J", state: .failed, attempts: 2,
        detail: ReceiptText.clean("bad \u{1b}]0;title\u{7} https://signin.aws.amazon.com/x?t=secret"), retryAt: 60))
    #expect(!line.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
    #expect(!line.contains("signin.aws") && !line.contains("secret"))
    #expect(line.hasPrefix("mail 0a1b2c3d4e5f exec:/bin/x\\u{1b}[2J: failed (attempt 2, retry after 1970-01-01 00:01:00)"))
  }

  @Test func intervals() {
    #expect(DurationText.seconds("30s") == 30)
    #expect(DurationText.seconds("5m") == 300)
    #expect(DurationText.seconds(" 1H ") == 3600)
    #expect(DurationText.seconds("45") == 45)
    #expect(DurationText.seconds("1.5m") == 90)
    #expect(DurationText.parse("500ms") == .milliseconds(500))
    #expect(DurationText.seconds("30s", in: 60...86_400) == nil)
    for bad in ["", "0", "0s", "-5", "5x", "25h", "500ms", "m", "99999999", "1e3", "0x10", "inf", "nan", "1..5s", "8d"] {
      #expect(DurationText.seconds(bad) == nil, "\(bad)")
    }
  }
}

/// A receiver that knows the name it is configured under (for `Fixture.engine`).
protocol Named { var name: String { get } }
extension ReceiveEngineTests.Scripted: Named {}
