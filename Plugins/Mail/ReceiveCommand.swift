@_spi(RootmailHost) import RootmailKit

/// `rootmail mail receive`: runs the receivers over cached mail they have not settled.
struct ReceiveCommand: RootmailCommand {
  static let configuration = CommandConfiguration(
    commandName: "receive",
    abstract: "Run the receivers on cached mail they have not settled yet (a backfill).",
    discussion: """
      Receivers run only on newly fetched mail, so a receiver added later has never seen the \
      cache. This runs the configured receivers (or --receiver alone) on the cached mail received \
      --since an age or date, or on --all of it, through the same ledger as mail fetch: a \
      receiver that is done, skipped or dead on a mail is never run on it again (use mail replay \
      for that). Prints the summary line of mail fetch (with --output json, its receiver counts as \
      one JSON object on stdout); exits 1 when a receiver gave up on a mail in this run.
      """)

  @OptionGroup var global: GlobalOptions

  @Option(help: ArgumentHelp("Only this receiver (as written in receivers).", valueName: "receiver"))
  var receiver: String?

  @Option(help: ArgumentHelp("Mail received since: 30m, 12h, 7d, 2w, or a date (2026-11-30).", valueName: "age|date"))
  var since: String?

  @Flag(help: "Every cached mail.")
  var all = false

  func validate() throws {
    if (since == nil) == !all { throw ValidationError("give --since AGE|DATE or --all (not both)") }
    try SinceParser.check(since)
  }

  func run(in context: CommandContext) async throws {
    let stop = StopSignal()
    let session = try await ReceiveSession.open(context, stop: stop)
    guard !session.engine.receivers.isEmpty else {
      throw CLIError.configuration("no receivers are configured", hint: "set receivers in the config file")
    }
    let engine = try session.engine.limited(to: receiver)
    var query = MailQuery()
    if let since { query.receivedSince = SinceParser.seconds(since, now: MailTime.now()) }
    let summary = try await session.maildir.withFetchLock {
      var entries: [MailIndexEntry] = []
      try await session.index.list(query) { entries.append($0) }
      // Oldest first, as mail fetch receives.
      return try await engine.receive(entries.reversed())
    }
    if context.outputFormat == .json {
      context.emit(summary.json)
    } else {
      context.note("mail receive: \(summary.mails) mails; " + summary.line)
    }
    if summary.dead > 0 { throw ExitCode(ExitStatus.failure.rawValue) }
  }
}
