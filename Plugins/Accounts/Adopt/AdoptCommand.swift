@_spi(RootmailHost) import RootmailKit

/// `rootmail accounts adopt`: moves existing accounts' root email onto vended addresses.
struct AdoptCommand: RootmailCommand {
  static let configuration = CommandConfiguration(
    commandName: "adopt",
    abstract: "Move an existing account's root email onto a vended address, reading AWS's code from root mail.",
    discussion: """
      For each account: vends an address (or uses --email, an address of the receiving domain \
      without a mapping), asks AWS Account Management to change the root email \
      (StartPrimaryEmailUpdate), fetches root mail until AWS's verification-code mail arrives \
      (mail fetch, with backoff), accepts the update with the code and confirms it with \
      GetPrimaryEmail. The mapping records the account id, the previous root email \
      (tag PreviousRootEmail) and when (tag AdoptedAt).

      Only a mail SES authenticated as AWS's (DKIM, or SPF and DMARC, passed for an AWS domain), \
      sent to the new address, is read, and the code only from the line after "Your \
      verification code is:"; any other mail to the address is named on stderr and ignored. \
      The code is never printed or logged.

      --from-file reads CSV, one account a line: account_id[,owner[,strategy[,email]]] (a \
      header line account_id,… is skipped). Progress goes to a state file (FILE.state, or \
      --state-file), so a run stopped at any point resumes where it stopped and never vends a \
      second address for an account. No code within --code-timeout: adopt starts the update \
      once more, then gives that account up; a refused (expired) code: once more too.

      Exit 0 when every account moved, 1 when some failed (each named), 77 access denied, 78 the \
      organization is not set up for it (all features, trusted access for account.amazonaws.com).
      """)

  @OptionGroup var global: GlobalOptions

  @Option(name: .customLong("account-id"), help: ArgumentHelp("The account to adopt (12 digits).", valueName: "id"))
  var accountID: String?

  @Option(name: .customLong("from-file"), help: ArgumentHelp("Adopt every account of this CSV file.", valueName: "file"))
  var fromFile: String?

  @Option(
    name: .customLong("state-file"),
    help: ArgumentHelp("Where a bulk run keeps its progress (default: the --from-file path + .state).", valueName: "file"))
  var stateFile: String?

  @Option(help: "How the new address is built: uuid or name (default: the config's strategy).")
  var strategy: AdoptStrategy?

  @Option(help: ArgumentHelp("Who reads the account's root mail (the mapping's owner).", valueName: "address"))
  var owner: String?

  @Option(help: ArgumentHelp("Use this address of the receiving domain instead of vending one.", valueName: "address"))
  var email: String?

  @Option(
    name: .customLong("code-timeout"),
    help: ArgumentHelp("How long to wait for the code mail: 90s, 15m, or seconds.", valueName: "time"))
  var codeTimeout = "15m"

  @Option(help: ArgumentHelp("Accounts adopted at once (1–16).", valueName: "n"))
  var concurrency = 4

  @Flag(help: "Do not ask for confirmation.")
  var yes = false

  @Flag(name: .customLong("dry-run"), help: "Show what would be done; change nothing.")
  var dryRun = false

  func targets() throws -> [AdoptTarget] {
    switch (accountID, fromFile) {
    case (nil, nil): throw CLIError.usage("give --account-id or --from-file")
    case (.some, .some): throw CLIError.usage("--account-id and --from-file cannot be used together")
    case (let id?, nil):
      return [
        try AdoptInput.target(
          accountID: id, owner: owner, strategy: strategy?.rawValue, email: email, where: "--account-id")
      ]
    case (nil, let file?):
      if email != nil { throw CLIError.usage("--email names one address; put addresses in the file's 4th field") }
      if file == "-" && stateFile == nil { throw CLIError.usage("--from-file - (standard input) needs --state-file") }
      return try AdoptInput.parse(InputText.read(file, what: "accounts file"), source: file)
    }
  }

  func run(in context: CommandContext) async throws {
    let timeout = try DurationText.option(codeTimeout, name: "--code-timeout", seconds: 1...86_400)
    guard (1...16).contains(concurrency) else {
      throw CLIError.invalid(field: "--concurrency", value: String(concurrency), rule: "must be from 1 to 16")
    }
    let targets = try targets()
    let settings = Adopter.Settings(
      codeTimeout: timeout, dryRun: dryRun, defaultOwner: owner, defaultStrategy: strategy,
      receivingDomain: try context.config.receivingDomain(), trustedDomains: context.config.list(.trustedMailDomains),
      bulk: fromFile != nil)
    // The code mail is read from the bucket: a missing setting stops here, before AWS sends a code.
    if !dryRun { _ = try context.config.require(.bucket) }
    guard HostCommand.installed("Vend", context: context) else {
      throw CLIError.configuration(
        "adopt vends addresses with rootmail vend, and the vend plugin is not installed",
        hint: "install libRootmailPluginVend.so on the plugin path (rootmail plugins list)")
    }
    guard dryRun || RootMailReader.installed(context) else {
      throw CLIError.configuration(
        "adopt reads AWS's code from root mail, and the mail plugin is not installed",
        hint: "install libRootmailPluginMail.so on the plugin path (rootmail plugins list)")
    }
    let aws = try await context.aws()
    let details = try await aws.organizations.describeOrganization()
    if details.featureSet != "ALL" { throw AdoptError.notAllFeatures }
    if !(try await aws.organizations.servicesWithTrustedAccess()).contains("account.amazonaws.com") {
      throw AdoptError.trustedAccessMissing
    }
    let accounts = try await OrganizationReader(context: context).accounts()
    let store = try await context.openStore()
    var mapped: [String: MappingRecord] = [:]
    for m in try await store.list(MappingFilter()) {
      for id in [m.accountId, m.tags[Adopter.adoptingTag]].compactMap({ $0 }) where !id.isEmpty { mapped[id] = m }
    }
    if !dryRun {
      let what = targets.count == 1 ? "account \(targets[0].accountID)" : "\(targets.count) accounts"
      try Confirmation.require("Change the root email of \(what)", yes: yes)
    }
    let statePath = stateFile ?? fromFile.map { $0 + ".state" }
    let state = AdoptState(path: statePath ?? "")
    if let statePath, !dryRun { try await state.open() }
    let adopter = Adopter(
      context: context, management: AccountManagement(client: aws), store: store,
      vend: try HostCommand(context: context),
      mail: try RootMailReader(context: context), state: state, settings: settings,
      managementAccountID: details.managementAccountID,
      members: Dictionary(accounts.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a }), mappedAccounts: mapped)
    let (pending, done) = await Self.resumable(targets, state: state, context: context)
    let adopted = await Bounded.map(pending, limit: concurrency) { await adopter.adopt($0) }
    await state.close()
    let outcomes = targets.compactMap { t in (adopted + done).first { $0.accountID == t.accountID } }
    if targets.count == 1, let only = outcomes.first, let error = only.error {
      throw error  // one account: its error, as every command reports one
    }
    report(outcomes, context: context)
    let failed = outcomes.filter(\.failed)
    guard !failed.isEmpty else { return }
    let statuses = Set(failed.compactMap { ($0.error as? any RootmailError)?.exitStatus })
    throw CLIError(
      "\(failed.count) of \(outcomes.count) accounts were not moved: \(failed.map(\.accountID).joined(separator: ", "))",
      status: failed.count == outcomes.count && statuses.count == 1 ? statuses.first! : .failure,
      hint: "fix what is said for each above, then run the same command again: it resumes")
  }

  /// The targets still to do, and an outcome for those the state file says moved.
  static func resumable(_ targets: [AdoptTarget], state: AdoptState, context: CommandContext) async -> (
    [AdoptTarget], [Adopter.Outcome]
  ) {
    var pending: [AdoptTarget] = []
    var done: [Adopter.Outcome] = []
    for t in targets {
      if let entry = await state.entry(t.accountID), entry.step == .moved {
        context.note("\(t.accountID): moved in an earlier run (state file); skipped")
        done.append(Adopter.Outcome(accountID: t.accountID, previous: entry.previous, email: entry.email, result: .alreadyMoved))
      } else {
        pending.append(t)
      }
    }
    return (pending, done)
  }

  /// The summary: a table (or JSON) of every account's outcome.
  func report(_ outcomes: [Adopter.Outcome], context: CommandContext) {
    func result(_ o: Adopter.Outcome) -> (String, String) {
      switch o.result {
      case .moved: ("moved", "")
      case .alreadyMoved: ("already moved", "")
      case .planned: ("would move", "")
      case .failed(let why): ("failed", why)
      }
    }
    if context.outputFormat == .json {
      context.emit(
        .array(
          outcomes.map { o in
            let (r, why) = result(o)
            return .object([
              ("account_id", .string(o.accountID)), ("previous_email", o.previous.map(JSONValue.string) ?? .null),
              ("email", o.email.map(JSONValue.string) ?? .null), ("result", .string(r)),
              ("error", why.isEmpty ? .null : .string(why)),
            ])
          }))
      return
    }
    var table = Table(
      columns: ["account id", "previous email", "new email", "result", "error"],
      rows: outcomes.map { o in
        let (r, why) = result(o)
        return [o.accountID, o.previous ?? "", o.email ?? "", r, why]
      })
    table.fits = [.fixed, .cutMiddle, .cutMiddle, .fixed, .cutEnd]
    table.styles = outcomes.map { [.plain, .plain, .plain, $0.failed ? .warning : .good] }
    context.emit(table)
  }
}
