@_spi(RootmailHost) import RootmailKit

/// `rootmail mail watch`: `mail fetch` in a loop until SIGINT or SIGTERM.
struct WatchCommand: RootmailCommand {
  static let configuration = CommandConfiguration(
    commandName: "watch",
    abstract: "Fetch new mail and run the receivers on it in a loop, until stopped.",
    discussion: """
      Every --interval: fetch what the bucket has that the cache lacks, run the configured \
      receivers on it and on older mail whose retry is due (at most 1000 mails an iteration; \
      the rest follow at once). SIGINT or SIGTERM stops it cleanly: requests in flight are \
      cancelled, the mails in hand (at most --concurrency) are finished, their outcomes \
      recorded, and it exits 0; a second signal ends it at once (exit 130 for SIGINT, 143 for \
      SIGTERM, still safe: what did not finish is retried by the next run). Across restarts no receiver \
      runs twice on one mail. A failed fetch (network, throttling) is reported and retried at \
      the next iteration; a configuration error (exit 78) or access denied (exit 77) ends it. \
      Mail a receiver gives up on is logged with the same summary line as mail fetch prints \
      (naming rootmail mail dead-letters) and watching goes on. With -v, a line per receiver \
      and mail on stderr. Run it under systemd: see docs/mail.md.

      With --queue (or queue in the config): long-poll that SQS queue for SES's notifications \
      (deploy --queue makes it) instead of listing the bucket each interval; each mail is \
      fetched within seconds of its arrival, by one of any number of watchers sharing the queue. \
      A notification that is not SES's Received notification for the bucket and prefix, from \
      the receipt topic, is logged and deleted, never fetched. A message is deleted once every \
      receiver settled on its mail; a stop makes the others visible again at once. At start-up \
      and every --reconcile-interval, one full listing receives what no notification announced. \
      A queue the credentials may not use stops it (exit 77, naming the action).
      """)

  @OptionGroup var global: GlobalOptions

  @Option(help: ArgumentHelp("Time between fetches: 30s, 5m, 1h, or seconds (1s to 24h).", valueName: "time"))
  var interval: String = "60s"

  @OptionGroup var fetch: FetchOptions

  @Option(
    help: ArgumentHelp(
      "Long-poll this SQS queue (name or URL) for new mail instead of listing every --interval (default: config queue).",
      valueName: "queue"))
  var queue: String?

  @Option(
    help: ArgumentHelp(
      "With a queue: time between full listings of the bucket (default: config reconcile_interval, 1h; 1m to 24h).",
      valueName: "time"))
  var reconcileInterval: String?

  func validate() throws {
    guard DurationText.seconds(interval) != nil else {
      throw ValidationError(
        "invalid --interval \"\(TerminalSafe.quoted(interval))\": use 30s, 5m, 1h or plain seconds, from 1s to 24h")
    }
    if let reconcileInterval, DurationText.seconds(reconcileInterval, in: 60...86_400) == nil {
      throw ValidationError(
        "invalid --reconcile-interval \"\(TerminalSafe.quoted(reconcileInterval))\": use 5m, 1h or plain seconds,"
          + " from 1m to 24h")
    }
    if let queue, queue.isEmpty { throw ValidationError("--queue needs a queue name or URL") }
  }

  func run(in context: CommandContext) async throws {
    let seconds = DurationText.seconds(interval) ?? 60
    let stop = StopSignal()
    stop.install()
    // Opening the cache and the ledger and finding the queue may call AWS: a stop ends them too.
    let (bucket, prefix, concurrency, queueName) = (fetch.bucket, fetch.prefix, fetch.concurrency, queue)
    let setup = try await stop.unlessStopped { () async throws -> (FetchAndReceive, ReceiptQueueInfo?) in
      let run = try await FetchAndReceive.prepare(
        context, bucket: bucket, prefix: prefix, concurrency: concurrency, stop: stop)
      guard let name = ReceiptQueueInfo.configured(context, flag: queueName) else { return (run, nil) }
      return (run, try await ReceiptQueueInfo.resolve(context, queue: name))
    }
    guard let setup else {
      context.note("mail watch: stopped")
      return
    }
    var run = setup.0
    run.receiveLimit = 1000
    if let info = setup.1 {
      let reconcile =
        reconcileInterval.flatMap { DurationText.seconds($0) } ?? context.config.integer(.reconcileInterval) ?? 3600
      try await QueueWatch(context: context, run: run, queue: info, reconcileSeconds: reconcile, stop: stop).watch()
      return
    }
    context.logger.info("mail watch: fetching every \(seconds) s from \(run.bucket)")
    while !stop.requested {
      var backlog = false
      do {
        let summary = try await run.run()
        backlog = summary.receive.mails >= run.receiveLimit
        if summary.fetch.new + summary.fetch.failed > 0 || summary.receive.mails > 0 {
          context.note(
            "mail watch: \(summary.fetch.new) new, \(summary.fetch.failed) failed; \(summary.receive.line)")
        }
      } catch let error as RootmailError
        where error.exitStatus == .configuration || error.exitStatus == .noPermission
      {
        throw error
      } catch {
        if stop.requested { break }
        context.warn("mail watch: \(error) (trying again in \(seconds) s)")
      }
      if !backlog { await stop.sleep(seconds: seconds) }
    }
    context.note("mail watch: stopped")
  }
}
