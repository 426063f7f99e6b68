import RootmailKit

/// `rootmail mail fetch`: downloads the mail the local cache lacks.
struct FetchCommand: RootmailCommand {
  static let configuration = CommandConfiguration(
    commandName: "fetch",
    abstract: "Download new mail from the bucket into the local cache and index it.",
    discussion: """
      Lists the prefix page by page and downloads only the objects the cache lacks, streaming \
      each to disk. Safe to interrupt at any moment: the next run finishes the work, and no mail \
      is stored or indexed twice. Prints a one-line summary (new, already had, failed) on stderr; \
      exits 1 when some mail could not be fetched.
      """)

  @OptionGroup var global: GlobalOptions

  @Option(help: ArgumentHelp("The bucket SES stores mail in (default: config bucket).", valueName: "bucket"))
  var bucket: String?

  @Option(help: ArgumentHelp("Key prefix of the mail (default: config bucket_prefix, RootMail/).", valueName: "prefix"))
  var prefix: String?

  @Option(help: ArgumentHelp("Downloads in flight at once (1–64).", valueName: "n"))
  var concurrency: Int = 8

  func validate() throws {
    guard (1...64).contains(concurrency) else {
      throw CLIError.invalid(field: "--concurrency", value: String(concurrency), rule: "must be 1 to 64")
    }
  }

  func run(in context: CommandContext) async throws {
    guard let bucket = bucket ?? context.config.string(.bucket), !bucket.isEmpty else {
      throw CLIError.configuration("no bucket to fetch mail from", hint: "pass --bucket or set bucket in the config file")
    }
    let prefix = prefix ?? context.config.string(.bucketPrefix) ?? "RootMail/"
    let maildir = Maildir(environment: context.environment)
    try maildir.prepare()
    let index = try await MailIndexLoader.open(path: maildir.indexPath)
    let lookup = MappingLookup(context: context)
    let bar = ProgressLine(enabled: Terminal.stderrIsTerminal)
    let start = ContinuousClock.now
    let fetcher = MailFetcher(
      s3: try context.aws().s3, bucket: bucket, prefix: prefix, concurrency: concurrency, maildir: maildir, index: index,
      filteredSubjects: context.config.list(.filteredSubjects), mapping: { await lookup.record(for: $0) },
      progress: { bar.show("fetching: \($0.new) new, \($0.alreadyHad) already had, \($0.failed) failed") },
      indexed: { _ in },
      failure: { key, error in
        bar.clear()
        context.warn("could not fetch \(TerminalSafe.escaped(key)): \(error)")
      })
    let summary = try await maildir.withFetchLock { try await fetcher.run() }
    bar.clear()
    context.note(
      "mail fetch: \(summary.new) new, \(summary.alreadyHad) already had, \(summary.failed) failed"
        + " (\(ProgressLine.seconds(ContinuousClock.now - start)) s)")
    if summary.failed > 0 { throw ExitCode(ExitStatus.failure.rawValue) }
  }
}

/// The mapping of a recipient address from the configured store, looked up once per address;
/// a store that cannot be opened is reported once and then left alone.
actor MappingLookup {
  let context: CommandContext
  private var store: (any MappingStore)?
  private var unavailable = false

  init(context: CommandContext) { self.context = context }

  func record(for address: String) async -> MappingRecord? {
    if unavailable { return nil }
    do {
      if store == nil { store = try await context.openStore() }
      return try await store?.get(email: address)
    } catch {
      unavailable = true
      context.warn("mail is indexed without mappings: the mapping store failed: \(error)")
      return nil
    }
  }
}
