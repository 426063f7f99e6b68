@_spi(RootmailHost) import RootmailKit

/// `rootmail mail fetch`: downloads the mail the local cache lacks.
struct FetchCommand: RootmailCommand, StartsWithAWSRequests {
  static let configuration = CommandConfiguration(
    commandName: "fetch",
    abstract: "Download new mail from the bucket into the local cache and index it.",
    discussion: """
      Lists the prefix page by page and downloads only the objects the cache lacks, streaming \
      each to disk. Safe to interrupt at any moment: the next run finishes the work, and no mail \
      is stored or indexed twice. Then runs the configured receivers (config receivers) on the \
      new mail and on older mail whose retry is due; a receiver that failed is retried with \
      backoff and, after max_attempts, listed by `rootmail mail dead-letters`. Prints a one-line \
      summary (new, already had, failed; receiver outcomes) on stderr, with --output json the same \
      counts as one JSON object on stdout, and with -v a line per receiver and mail. Exit status: 0 when all went well (receivers that will be retried \
      included), 1 when some mail could not be fetched or a receiver gave up on a mail in this run \
      (it went to `rootmail mail dead-letters`), 78 when receivers names a receiver no plugin \
      declares.
      """)

  @OptionGroup var global: GlobalOptions

  @OptionGroup var fetch: FetchOptions

  func run(in context: CommandContext) async throws {
    let start = ContinuousClock.now
    let run = try await FetchAndReceive.prepare(
      context, bucket: fetch.bucket, prefix: fetch.prefix, concurrency: fetch.concurrency, stop: StopSignal())
    let summary = try await run.run()
    let seconds = ProgressLine.seconds(ContinuousClock.now - start)
    if context.outputFormat == .json {
      context.emit(summary.json(seconds: seconds))
    } else {
      context.note(
        "mail fetch: \(summary.fetch.new) new, \(summary.fetch.alreadyHad) already had, \(summary.fetch.failed) failed"
          + (summary.fetch.changed > 0 ? ", \(summary.fetch.changed) changed since listed" : "")
          + " (\(seconds) s); " + summary.receive.line)
    }
    // Cron and systemd must notice mail that a receiver gave up on, as they notice a failed
    // download.
    if summary.fetch.failed > 0 || summary.receive.dead > 0 { throw ExitCode(ExitStatus.failure.rawValue) }
  }
}

/// The mapping of a recipient address, from the store the receivers share (`ReceiverContext`:
/// one store per command). An answer is kept for a minute, so a batch of mail for one account
/// costs one lookup while a long `mail watch` still sees a changed owner; a store that cannot
/// be opened is reported once and then left alone. A lookup ended by the task's cancellation (a
/// stop) throws instead: the mail must not be indexed as if it had no mapping.
actor MappingLookup {
  let receivers: ReceiverContext
  private var store: (any MappingStore)?
  private var unavailable = false
  private var recent: [String: (record: MappingRecord?, at: Int)] = [:]
  static let keepSeconds = 60
  static let maximumKept = 10_000

  init(receivers: ReceiverContext) { self.receivers = receivers }

  func record(for address: String) async throws -> MappingRecord? {
    if unavailable { return nil }
    let now = MailTime.now()
    if let kept = recent[address], now - kept.at < Self.keepSeconds { return kept.record }
    do {
      if store == nil { store = try await receivers.store() }
      let record = try await store?.get(email: address)
      if recent.count >= Self.maximumKept { recent.removeAll(keepingCapacity: true) }
      recent[address] = (record, now)
      return record
    } catch {
      // Whatever the store made of it (a CancellationError, an error naming the request).
      if Task.isCancelled { throw CancellationError() }
      unavailable = true
      receivers.command.warn("mail is indexed without mappings: the mapping store failed: \(error)")
      return nil
    }
  }
}
