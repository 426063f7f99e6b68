@_spi(RootmailHost) import RootmailKit
import Synchronization

/// One `mail fetch` (and one `mail watch` iteration): holding the Maildir's fetch lock,
/// download what the cache lacks, then run the receivers on the new mail and on older mail
/// whose retry is due. Receivers are resolved by `prepare`, before any mail is fetched.
struct FetchAndReceive {
  /// What one run did.
  struct Summary: Sendable {
    var fetch = MailFetcher.Summary()
    var receive = ReceiveEngine.Summary()

    /// `mail fetch --output json`: `{"new": 2, "already_had": 10, "failed": 0, "changed": 0,
    /// "seconds": 0.4, "receivers": {…}}`.
    func json(seconds: String) -> JSONValue {
      .object([
        ("new", .int(fetch.new)), ("already_had", .int(fetch.alreadyHad)), ("failed", .int(fetch.failed)),
        ("changed", .int(fetch.changed)), ("seconds", .number(seconds)), ("receivers", receive.json),
      ])
    }
  }

  let context: CommandContext
  let bucket: String
  let prefix: String
  let concurrency: Int
  let maildir: Maildir
  let index: any MailIndex
  let engine: ReceiveEngine
  let lookup: MappingLookup
  let stop: StopSignal
  /// Mails a run gives the receivers at most (the rest waits for the next run).
  var receiveLimit = 100_000

  /// Resolves the bucket and the receivers (configuration errors, exit 78, come from here,
  /// before anything is fetched) and opens the cache.
  static func prepare(
    _ context: CommandContext, bucket: String?, prefix: String?, concurrency: Int, stop: StopSignal
  ) async throws -> FetchAndReceive {
    guard let bucket = bucket ?? context.config.string(.bucket), !bucket.isEmpty else {
      throw CLIError.configuration("no bucket to fetch mail from", hint: "pass --bucket or set bucket in the config file")
    }
    let session = try await ReceiveSession.open(context, stop: stop)
    var engine = session.engine
    engine.parallel = concurrency
    return FetchAndReceive(
      context: context, bucket: bucket, prefix: prefix ?? context.config.string(.bucketPrefix) ?? "RootMail/",
      concurrency: concurrency, maildir: session.maildir, index: session.index, engine: engine,
      lookup: session.lookup, stop: stop)
  }

  /// The fetcher of this run's bucket and prefix, showing progress on `bar` and calling
  /// `failed` too for a key it could not fetch.
  func makeFetcher(_ s3: S3, bar: ProgressLine, failed: @escaping @Sendable (String, any Error) -> Void = { _, _ in })
    -> MailFetcher
  {
    MailFetcher(
      s3: s3, bucket: bucket, prefix: prefix, concurrency: concurrency, maildir: maildir, index: index,
      filteredSubjects: context.config.list(.filteredSubjects), mapping: { [lookup] in try await lookup.record(for: $0) },
      progress: { bar.show($0.progressLine) },
      indexed: { _ in },
      failure: { [context] key, error in
        bar.clear()
        context.warn("could not fetch \(TerminalSafe.escaped(key)): \(error)")
        failed(key, error)
      },
      warning: { [context] text in
        bar.clear()
        context.warn(text)
      }, receivingDomain: try? context.config.receivingDomain())
  }

  func run() async throws -> Summary {
    let s3 = try context.aws().s3
    return try await maildir.withFetchLock {
      var summary = Summary()
      if stop.requested { return summary }
      let bar = ProgressLine(enabled: Terminal.stderrIsTerminal)
      let fetcher = makeFetcher(s3, bar: bar)
      // The fetch runs in its own task, cancelled by a stop: what it indexed stays pending and
      // is received by the next run.
      summary.fetch = try await stop.unlessStopped { try await fetcher.run() } ?? summary.fetch
      bar.clear()
      // With no receivers configured this only takes the new mail off the pending queue.
      if !stop.requested {
        // On a terminal, a line while the receivers run: how many outcomes so far.
        let outcomes = Mutex(0)
        let shown =
          bar.enabled
          ? engine.reporting { [engine] processed in
            // The line cleared first: a -v line starts at the terminal's left edge. One outcome
            // at a time, so lines from parallel receivers do not mix.
            outcomes.withLock { count in
              count += 1
              bar.clear()
              engine.report(processed)
              bar.show(
                "receivers: \(Plural.count(count, "outcome")) so far (\(TerminalSafe.quoted(processed.receiver, limit: 60)))")
            }
          } : engine
        summary.receive = try await shown.receiveDue(limit: receiveLimit)
        bar.clear()
      }
      return summary
    }
  }
}
