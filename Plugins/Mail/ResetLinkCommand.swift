@_spi(RootmailHost) import RootmailKit

/// `rootmail mail reset-link --account …`: the newest trusted AWS root password-reset link.
struct ResetLinkCommand: RootmailCommand {
  static let configuration = CommandConfiguration(
    commandName: "reset-link",
    abstract: "Print the newest AWS root-user password-reset link sent to an account.",
    discussion: """
      Only a mail SES authenticated as AWS's counts: DMARC passed for a From domain in \
      trusted_mail_domains (amazon.com, amazonaws.com, aws), and DKIM or SPF passed for one, \
      each stated once; and only an https link on an AWS sign-in host. Other "Password Assistance" mail is \
      reported on stderr as refused, with the reason. The link's age goes to stderr; exits 1 \
      when there is no trusted link younger than 10 minutes, unless --any-age. With --from-ssm, \
      prints the link the reset-link receiver stored in SSM (/rootmail/pw_reset_link/<alias>, \
      gone 10 minutes after the mail arrived) instead of reading the local cache; exits 1 when \
      there is none, or when it was stored over 10 minutes ago, unless --any-age. With --output \
      json, prints {"link", "age_seconds", "mail_id" or "parameter", "received" or "stored"}.
      """)

  /// How long AWS's reset links are good for.
  static let maximumAge = 600

  @OptionGroup var global: GlobalOptions

  @Option(
    help: ArgumentHelp("The account: its name or its root-user address.", valueName: "name|email"),
    completion: ValueCompletion.accountCompletion)
  var account: String

  @Flag(name: .customLong("any-age"), help: "Print the newest trusted link however old it is.")
  var anyAge = false

  @Flag(name: .customLong("from-ssm"), help: "Read the link the reset-link receiver stored in SSM Parameter Store.")
  var fromSSM = false

  func run(in context: CommandContext) async throws {
    if fromSSM { return try await printFromSSM(context) }
    let cache = try await MailCache.open(context)
    var query = MailQuery(mailClass: MailClass.passwordReset.rawValue)
    try await AccountSelection.narrow(&query, to: account, context)
    let trusted = context.config.list(.trustedMailDomains)
    let shown = TerminalSafe.escaped(account)
    for entry in try await cache.index.list(query) {
      let (_, mail, _) = try await cache.load(entry)
      let received = Timestamp.format(secondsSinceEpoch: entry.receivedAt)
      switch ResetLinkRule.evaluate(mail, trustedDomains: trusted) {
      case .refused(let reason):
        context.warn("refused password-reset mail \(entry.id) received \(received): \(TerminalSafe.escaped(reason))")
      case .trusted(let link):
        let age = max(0, MailTime.now() - entry.receivedAt)
        context.note("reset link from mail \(entry.id), received \(received) (\(Self.describe(age)) ago)")
        try checkAge(age, of: "the newest trusted reset link for \(shown)")
        emit(link, age: age, from: ("mail_id", entry.id), at: ("received", entry.receivedAt), context)
        return
      }
    }
    throw CLIError(
      "no trusted password-reset mail for \(shown) in the cache", hint: "run rootmail mail fetch first, or check the account")
  }

  /// `--from-ssm`: the parameter of the account's address, read with decryption.
  func printFromSSM(_ context: CommandContext) async throws {
    guard let email = try await AccountSelection.address(of: account, context) else {
      throw CLIError("no mapping for account \(TerminalSafe.quoted(account))", hint: "pass the root-user address instead")
    }
    let name = try ResetLinkParameter.name(forRecipient: email)
    guard let parameter = try await context.aws().ssm.getParameter(name, withDecryption: true) else {
      throw CLIError(
        "no reset link in SSM parameter \(name)", hint: "links expire 10 minutes after the mail; request a new one and fetch")
    }
    Redactor.shared.register(parameter.value)
    // SSM's expiration policy deletes the parameter, but not always on the minute: its age is
    // checked here too.
    let age = parameter.lastModified.map { max(0, MailTime.now() - $0) }
    if let age {
      context.note("reset link stored \(Timestamp.format(secondsSinceEpoch: MailTime.now() - age)) (\(Self.describe(age)) ago)")
      try checkAge(age, of: "the reset link in SSM parameter \(name)")
    }
    emit(parameter.value, age: age, from: ("parameter", name), at: ("stored", parameter.lastModified), context)
  }

  /// Refuses a link older than AWS keeps it good for, unless --any-age.
  func checkAge(_ age: Int, of what: String) throws { try Self.checkAge(age, anyAge: anyAge, of: what) }

  static func checkAge(_ age: Int, anyAge: Bool, of what: String) throws {
    guard age > maximumAge && !anyAge else { return }
    throw CLIError(
      "\(what) is \(Self.describe(age)) old; AWS reset links last 10 minutes",
      hint: "request a new one, or pass --any-age to print it anyway")
  }

  /// The link on stdout: alone, or with -o json as `{"link", "age_seconds", "mail_id" |
  /// "parameter", "received" | "stored"}`.
  func emit(
    _ link: String, age: Int?, from source: (String, String), at time: (String, Int?), _ context: CommandContext
  ) {
    guard context.outputFormat == .json else {
      context.print(TerminalSafe.escaped(link))
      return
    }
    context.emit(
      .object([
        ("link", .string(link)), ("age_seconds", age.map { .int($0) } ?? .null), (source.0, .string(source.1)),
        (time.0, time.1.map { .string(Timestamp.format(secondsSinceEpoch: $0)) } ?? .null),
      ]))
  }

  static func describe(_ seconds: Int) -> String {
    if seconds < 120 { return "\(seconds) s" }
    if seconds < 7200 { return "\(seconds / 60) min" }
    if seconds < 172_800 { return "\(seconds / 3600) h" }
    return "\(seconds / 86400) days"
  }
}
