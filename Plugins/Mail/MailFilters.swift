@_spi(RootmailHost) import RootmailKit

/// The filters `mail list` and `mail search` share, and the index query they make.
struct MailFilters: ParsableArguments {
  @Option(help: ArgumentHelp("Only mail to this address (To, Cc or Delivered-To).", valueName: "address"))
  var to: String?

  @Option(
    help: ArgumentHelp("Only mail to this account's address (an account name or an address).", valueName: "name|email"),
    completion: ValueCompletion.accountCompletion)
  var account: String?

  @Option(help: ArgumentHelp("Only mail received since: 30m, 12h, 7d, 2w, or a date (2026-11-30).", valueName: "age|date"))
  var since: String?

  @Option(name: .customLong("class"), help: ArgumentHelp("Only mail of this class.", valueName: "class"))
  var mailClass: MailClass?

  @Option(help: ArgumentHelp("Only mail whose subject contains this (any case).", valueName: "text"))
  var subject: String?

  @Option(help: ArgumentHelp("At most this many mails.", valueName: "n"))
  var limit: Int?

  @Option(help: ArgumentHelp("Only mail from this sender address.", valueName: "address"))
  var from: String?

  @Flag(help: "Only mail with attachments.")
  var hasAttachments = false

  @Flag(help: "Only mail that passes the trust rule for an AWS sender (✓ in the list).")
  var trusted = false

  @Flag(help: "Only mail that fails authentication (! in the list): a spoofed AWS sender or unverified mail.")
  var untrusted = false

  @Flag(help: "Also list mail with a filtered subject (welcome, account ready).")
  var all = false

  func validate() throws {
    try SinceParser.check(since)
    if let limit, limit < 1 { throw ValidationError("--limit must be 1 or more") }
    if trusted && untrusted { throw ValidationError("--trusted and --untrusted cannot be combined") }
  }

  /// The index query these filters make, and the trust filter applied to its rows.
  func query(_ context: CommandContext) async throws -> (MailQuery, TrustColumn) {
    var query = MailQuery(subjectContains: subject, limit: limit)
    query.mailClass = mailClass?.rawValue
    if !all && mailClass == nil { query.excludedSubjects = context.config.list(.filteredSubjects) }
    if let to { query.recipient = to.lowercased() }
    if let account { try await AccountSelection.narrow(&query, to: account, context) }
    if let since { query.receivedSince = SinceParser.seconds(since, now: MailTime.now()) }
    query.fromAddress = from
    query.hasAttachments = hasAttachments
    var rule = TrustColumn(trustedDomains: context.config.list(.trustedMailDomains))
    rule.wanted = trusted ? .trusted : untrusted ? .untrusted : nil
    if rule.wanted != nil {
      query.limit = nil
      rule.limit = limit
    }
    return (query, rule)
  }

  /// The filters given, as a user typed them, for the "no mail matches" note.
  func described() -> String {
    var parts: [String] = []
    if let to { parts.append("--to \(to)") }
    if let account { parts.append("--account \(account)") }
    if let since { parts.append("--since \(since)") }
    if let mailClass { parts.append("--class \(mailClass.rawValue)") }
    if let subject { parts.append("--subject \(subject)") }
    if let from { parts.append("--from \(from)") }
    if hasAttachments { parts.append("--has-attachments") }
    if trusted { parts.append("--trusted") }
    if untrusted { parts.append("--untrusted") }
    return parts.joined(separator: " ")
  }
}

/// `--since` values: an age (`30m`, `12h`, `7d`, `2w`) or a date/time (`2026-11-30`,
/// `2026-11-30T08:00:00Z`), as seconds since 1970.
enum SinceParser {
  /// A usage error (exit 64) for a `--since` value that is neither an age (more than 0: `0d`
  /// would match no mail) nor a date.
  static func check(_ text: String?) throws {
    guard let text, seconds(text, now: 0) == nil else { return }
    throw ValidationError("--since \(String(text.prefix(80))): use 30m, 12h, 7d, 2w, or a date such as 2026-11-30")
  }

  static func seconds(_ text: String, now: Int) -> Int? {
    let t = text.trimmingSpaces().lowercased()
    if let unit = t.last, let n = Int(t.dropLast()), n > 0, n < 100_000 {
      switch unit {
      case "m": return now - n * 60
      case "h": return now - n * 3600
      case "d": return now - n * 86400
      case "w": return now - n * 7 * 86400
      default: break
      }
    }
    if t.count == 10 { return MailTime.seconds(iso: t + "T00:00:00Z") }
    return MailTime.seconds(iso: t)
  }
}
