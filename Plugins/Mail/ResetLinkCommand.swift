import RootmailKit

/// `rootmail mail reset-link --account …`: the newest trusted AWS root password-reset link.
struct ResetLinkCommand: RootmailCommand {
  static let configuration = CommandConfiguration(
    commandName: "reset-link",
    abstract: "Print the newest AWS root-user password-reset link sent to an account.",
    discussion: """
      Only a mail SES authenticated as AWS's counts: DKIM passed for a domain in \
      trusted_mail_domains (amazon.com, amazonaws.com, aws), or SPF and DMARC both passed for \
      one; and only an https link on an AWS sign-in host. Other "Password Assistance" mail is \
      reported on stderr as refused, with the reason. The link's age goes to stderr; exits 1 \
      when there is no trusted link younger than 10 minutes, unless --any-age.
      """)

  /// How long AWS's reset links are good for.
  static let maximumAge = 600

  @OptionGroup var global: GlobalOptions

  @Option(help: ArgumentHelp("The account: its name or its root-user address.", valueName: "name|email"))
  var account: String

  @Flag(name: .customLong("any-age"), help: "Print the newest trusted link however old it is.")
  var anyAge = false

  func run(in context: CommandContext) async throws {
    let cache = try await MailCache.open(context)
    var query = MailQuery(mailClass: MailClass.passwordReset.rawValue)
    if account.contains("@") {
      query.recipient = account.lowercased()
    } else if let record = try? await context.openStore().get(accountName: account) {
      query.recipient = record.accountEmail.lowercased()
    } else {
      query.accountName = account
    }
    let trusted = context.config.list(.trustedMailDomains)
    let shown = TerminalSafe.escaped(account)
    for entry in try await cache.index.list(query) {
      let (_, mail) = try cache.load(entry)
      let received = Timestamp.format(secondsSinceEpoch: entry.receivedAt)
      switch ResetLinkRule.evaluate(mail, trustedDomains: trusted) {
      case .refused(let reason):
        context.warn("refused password-reset mail \(entry.id) received \(received): \(TerminalSafe.escaped(reason))")
      case .trusted(let link):
        let age = max(0, MailTime.now() - entry.receivedAt)
        context.note("reset link from mail \(entry.id), received \(received) (\(Self.describe(age)) ago)")
        if age > Self.maximumAge && !anyAge {
          throw CLIError(
            "the newest trusted reset link for \(shown) is \(Self.describe(age)) old; AWS reset links last 10 minutes",
            hint: "request a new one, or pass --any-age to print it anyway")
        }
        context.print(TerminalSafe.escaped(link))
        return
      }
    }
    throw CLIError(
      "no trusted password-reset mail for \(shown) in the cache", hint: "run rootmail mail fetch first, or check the account")
  }

  static func describe(_ seconds: Int) -> String {
    if seconds < 120 { return "\(seconds) s" }
    if seconds < 7200 { return "\(seconds / 60) min" }
    if seconds < 172_800 { return "\(seconds / 3600) h" }
    return "\(seconds / 86400) days"
  }
}

/// The trust rule for a password-reset mail: SES's verdicts (see `MailTrust`) and an https
/// link on an AWS sign-in host.
enum ResetLinkRule {
  enum Verdict: Equatable {
    case trusted(String)
    case refused(String)
  }

  static func evaluate(_ mail: ParsedMail, trustedDomains: [String]) -> Verdict {
    if let why = MailTrust.refusal(mail.verdicts, trustedDomains: trustedDomains) { return .refused(why) }
    let links = MailBody.links(mail)
    if let link = MailLinks.resetLink(in: links) { return .trusted(link) }
    if let lookAlike = links.first(where: { $0.lowercased().contains("signin") || $0.lowercased().contains("reset") }) {
      let host = MailLinks.httpsHost(lookAlike) ?? "not https"
      return .refused("its link \(String(lookAlike.prefix(80))) is not https on an AWS sign-in host (\(host))")
    }
    return .refused("it has no https link on an AWS sign-in host")
  }
}
