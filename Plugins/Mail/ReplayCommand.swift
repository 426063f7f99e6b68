@_spi(RootmailHost) import RootmailKit
import Synchronization

/// `rootmail mail replay ID|--all`: runs receivers again on mail they failed on.
struct ReplayCommand: RootmailCommand {
  static let configuration = CommandConfiguration(
    commandName: "replay",
    abstract: "Run the receivers again on a mail, or on every dead letter, now.",
    discussion: """
      Reopens the failed and dead receipts (their attempts start again from 0) and runs those \
      receivers at once, printing each outcome. A receiver that did its work (done) or had none \
      to do (skipped) is not run again unless --force, nor is any receiver on a mail mail \
      fetch quarantined (rootmail stopped twice while parsing it). A mail fetched before receivers were \
      set up has no receipts: replaying it runs every configured receiver on it. Exits 1 when \
      a replayed receiver failed again.
      """)

  @OptionGroup var global: GlobalOptions

  @Argument(help: ArgumentHelp("The mail's id from mail list or mail dead-letters (a unique prefix will do).", valueName: "id"))
  var id: String?

  @Flag(help: "Replay every mail on the dead-letter list, and every failed one waiting for a retry.")
  var all = false

  @Option(help: ArgumentHelp("Only this receiver (as written in receivers).", valueName: "receiver"))
  var receiver: String?

  @Flag(help: "Also run receivers that are done or skipped on the mail again.")
  var force = false

  @Flag(
    help: "Move the queue's dead-letter queue back to the queue (config queue, or --queue), for mail watch to receive.")
  var queueDeadLetters = false

  @Option(help: ArgumentHelp("The SQS queue for --queue-dead-letters (default: config queue).", valueName: "queue"))
  var queue: String?

  func validate() throws {
    if queueDeadLetters {
      if id != nil || all || receiver != nil || force {
        throw ValidationError("--queue-dead-letters takes no mail ID, --all, --receiver or --force")
      }
      return
    }
    if queue != nil { throw ValidationError("--queue goes with --queue-dead-letters") }
    if (id == nil) == !all { throw ValidationError("give a mail ID or --all (not both)") }
  }

  func run(in context: CommandContext) async throws {
    if queueDeadLetters {
      guard let name = ReceiptQueueInfo.configured(context, flag: queue) else {
        throw CLIError.configuration("no queue to replay dead letters to", hint: "pass --queue or set queue in the config")
      }
      let moved = try await QueueDeadLetters.open(context, queue: name).moveBack()
      context.note("mail replay: moved \(Plural.count(moved, "message")) from the dead-letter queue back to the queue")
      return
    }
    let session = try await ReceiveSession.open(context, stop: StopSignal())
    var engine = try session.engine.limited(to: receiver)
    let configured = engine.receivers.map(\.spec.id)
    // Only --force runs receivers on a quarantined mail: parsing it may stop rootmail again.
    engine.runQuarantined = force
    let wanted = receiver.map { [$0] } ?? configured
    let outcomes = Outcomes()
    engine = engine.reporting { processed in
      session.engine.report(processed)
      outcomes.append(processed)
    }
    let ledger = engine.ledger
    try await session.maildir.withFetchLock {
      var entries: [MailIndexEntry]
      if let id {
        entries = [try await MailCache(maildir: session.maildir, index: session.index).entry(id)]
      } else {
        let open = try await ledger.receipts(in: [.dead, .failed], limit: 1_000_000)
        let ids = Set(open.filter { wanted.contains($0.receiver) }.map(\.mailID))
        entries = try await session.index.entries(ids: Array(ids))
      }
      let now = MailTime.now()
      for entry in entries {
        for name in wanted { _ = try await ledger.reopen(mailID: entry.id, receiver: name, force: force, now: now) }
      }
      try await session.index.schedulePending(ids: entries.map(\.id), at: now)
      _ = try await engine.receive(entries)
    }
    let ran = outcomes.all
    if ran.isEmpty {
      context.note(
        all
          ? "mail replay: no dead letters" + (receiver.map { " for \($0)" } ?? "")
          : "mail replay: nothing to run (the receivers are done or skipped on this mail; --force runs them again)")
      return
    }
    if context.outputFormat == .json {
      context.emit(
        .array(
          ran.map { p in
            .object([
              ("mail_id", .string(p.mailID)), ("receiver", .string(p.receiver)), ("outcome", .string(p.state.rawValue)),
              ("attempts", .int(p.attempts)), ("detail", .string(p.detail)),
            ])
          }))
    } else {
      var table = Table(columns: ["mail", "receiver", "outcome", "detail"])
      for p in ran { table.rows.append([p.mailID, p.receiver, p.state.rawValue, p.detail]) }
      context.emit(table)
    }
    if ran.contains(where: { $0.state == .failed || $0.state == .dead }) { throw ExitCode(ExitStatus.failure.rawValue) }
  }
}

/// The outcomes a replay collected (the engine reports from its own task).
final class Outcomes: Sendable {
  private let list = Mutex<[ReceiveEngine.Processed]>([])
  func append(_ p: ReceiveEngine.Processed) { list.withLock { $0.append(p) } }
  var all: [ReceiveEngine.Processed] { list.withLock { $0 } }
}
