import Glibc
@_spi(RootmailHost) import RootmailKit

/// Turns the `receivers` setting into receivers, once per command and before any mail is
/// fetched: a name no plugin declares, or a receiver whose `make` refuses its spec, is a
/// configuration error (exit 78).
enum ReceiverSetup {
  /// Makes each receiver of `specs` from the declaration `declaration(name)` returns.
  /// `known` lists every declared receiver name, for the error message.
  static func make(
    _ specs: [ReceiverSpec], declaration: (String) -> ReceiverDeclaration?, known: [String],
    context: ReceiverContext
  ) throws -> [ReceiveEngine.Configured] {
    var made: [ReceiveEngine.Configured] = []
    for spec in specs {
      guard let declared = declaration(spec.name) else {
        let list = known.isEmpty ? "none" : known.sorted().joined(separator: ", ")
        throw CLIError.configuration(
          "unknown receiver \"\(TerminalSafe.quoted(spec.name))\" in receivers (known receivers: \(list))",
          hint: "fix the receivers setting, or put the plugin that declares it on the plugin path (rootmail plugins list)")
      }
      do {
        made.append(ReceiveEngine.Configured(spec: spec, receiver: try declared.make(spec, context)))
      } catch {
        // The receiver's own hint (how to set what it lacks) stays with its error.
        let inner = error as? any RootmailError
        let named = "receiver \(TerminalSafe.quoted(spec.id))"
        let why = inner?.description ?? "\(error)"
        // A receiver's error may name it already (`receiver exec:…: …`): not twice over.
        throw CLIError.configuration(
          why.hasPrefix("receiver ") ? why : "\(named): \(why)",
          hint: inner?.hint ?? "fix its settings in the config file (docs/receivers.md), or take it out of receivers")
      }
    }
    return made
  }

  /// The configured receivers, loaded through the host's plugins (only those the setting
  /// names, found through the plugin index).
  static func configured(_ context: CommandContext, receiverContext: ReceiverContext) throws
    -> [ReceiveEngine.Configured]
  {
    let specs = try ReceiverSpec.configured(context.config)
    guard !specs.isEmpty else { return [] }
    let lenient = context.config.source(of: .receivers) ?? .defaultValue == .defaultValue
    return try load(specs, context, receiverContext: receiverContext, skipMissing: lenient)
  }

  /// The receivers `specs` name, loaded through the host's plugins (only those the specs
  /// name, found through the plugin index). With `skipMissing` (the default receivers list), a
  /// receiver whose plugin is not installed is left out with a warning.
  static func load(
    _ specs: [ReceiverSpec], _ context: CommandContext, receiverContext: ReceiverContext, skipMissing: Bool = false
  ) throws -> [ReceiveEngine.Configured] {
    let catalog = context.host.receivers(named: specs.map(\.name))
    for refusal in catalog.refusals { context.warn(refusal.description) }
    let known = Set(catalog.plugins.flatMap(\.descriptor.receiverNames))
    var wanted = specs
    if skipMissing {
      // The default list names built-in receivers: without their plugin (a partial install)
      // mail is still fetched, with a warning; a list the user wrote must be right (exit 78).
      wanted = specs.filter { spec in
        guard known.contains(spec.name) else {
          context.warn("receiver \(spec.name) (the default receivers) is not installed: not running it")
          return false
        }
        return true
      }
    }
    return try make(
      wanted, declaration: { catalog.declaration($0)?.0 }, known: Array(known), context: receiverContext)
  }

  /// `host:pid:random`: what this process's claims are recorded under.
  static func workerID() -> String {
    var name = [CChar](repeating: 0, count: 256)
    let host = gethostname(&name, name.count - 1) == 0 ? String(cString: name) : "localhost"
    return "\(host):\(getpid()):\(RandomHex.make(length: 8))"
  }

  /// How long a claim is held: the longest an `exec:` receiver may run, plus a minute.
  static func leaseSeconds(_ config: Config) -> Int { (config.integer(.execTimeout) ?? 60) + 60 }

  /// The ledger receipts go to: the shared one in DynamoDB when the store or `receipt_table`
  /// says so (watchers on several machines claim through it), else the mail index's own.
  static func ledger(_ context: CommandContext, index: any MailIndex) async throws -> any ReceiptLedger {
    try await ReceiptLedgerLocator.open(context: context) ?? index.receipts
  }

  /// The engine for a command: its receivers, the ledger, and mail read from `maildir`.
  static func engine(
    _ context: CommandContext, receivers: [ReceiveEngine.Configured], receiverContext: ReceiverContext,
    index: any MailIndex, maildir: Maildir, lookup: MappingLookup, stop: StopSignal
  ) async throws -> ReceiveEngine {
    let verbose = context.logger.logLevel <= .info
    return ReceiveEngine(
      receivers: receivers, index: index, ledger: try await ledger(context, index: index), context: receiverContext,
      load: { entry in
        let raw = try maildir.read(id: entry.id)
        let parsed = try await MailParserLoader.shared().parse(raw)
        let mapping = entry.accountEmail.isEmpty ? nil : try await lookup.record(for: entry.accountEmail)
        return ReceivedMail(entry: entry, raw: raw, parsed: parsed, mapping: mapping)
      },
      maxAttempts: context.config.integer(.maxAttempts) ?? 5, leaseSeconds: leaseSeconds(context.config),
      worker: workerID(), clock: { MailTime.now() },
      report: { processed in if verbose { context.note(ReceiptLines.verbose(processed)) } },
      shouldStop: { stop.requested })
  }
}

/// What a command that runs receivers works with: the Maildir, its index, the engine.
struct ReceiveSession {
  let maildir: Maildir
  let index: any MailIndex
  let lookup: MappingLookup
  let engine: ReceiveEngine

  /// Resolves the receivers (configuration errors, exit 78, come from here, before any mail is
  /// touched), then opens the cache.
  static func open(_ context: CommandContext, stop: StopSignal) async throws -> ReceiveSession {
    let receiverContext = ReceiverContext(command: context)
    let receivers = try ReceiverSetup.configured(context, receiverContext: receiverContext)
    let maildir = try Maildir(environment: context.environment).prepared()
    let index = try await MailIndexLoader.open(path: maildir.indexPath)
    let lookup = MappingLookup(receivers: receiverContext)
    let engine = try await ReceiverSetup.engine(
      context, receivers: receivers, receiverContext: receiverContext, index: index, maildir: maildir, lookup: lookup,
      stop: stop)
    return ReceiveSession(maildir: maildir, index: index, lookup: lookup, engine: engine)
  }
}

/// Lines about receipts for people.
enum ReceiptLines {
  /// `-v`: `mail 0a1b2c3d4e5f reset-link: done (stored /rootmail/pw_reset_link/root)`.
  static func verbose(_ p: ReceiveEngine.Processed) -> String {
    var state = p.state.rawValue
    if p.state == .failed { state += " (attempt \(p.attempts), retry after \(shortTime(p.retryAt)))" }
    if p.state == .dead { state += " (attempt \(p.attempts))" }
    let detail = p.detail.isEmpty ? "" : ": " + p.detail
    return "mail \(p.mailID) \(TerminalSafe.escaped(p.receiver)): \(state)\(TerminalSafe.escaped(detail))"
  }

  /// `2026-12-01 13:05:09` (UTC).
  static func shortTime(_ seconds: Int) -> String {
    String(Timestamp.format(secondsSinceEpoch: seconds).prefix(19).map { $0 == "T" ? " " : $0 })
  }
}
