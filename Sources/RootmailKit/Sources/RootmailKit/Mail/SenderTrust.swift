/// How far a mail can be believed about who sent it, from SES's verdicts and the sender it
/// claims: the rule the `forward` receiver, `mail forward`, `mail list`'s trust column and
/// `mail show`'s banner share (beside `MailTrust`, the reset-link rule it builds on).
///
/// - `aws`: passes `MailTrust` (DKIM for an AWS domain, or SPF and DMARC for one).
/// - `spoofedAWS`: its From, Sender or Return-Path claims an AWS domain
///   (`trusted_mail_domains`) but it does not pass: never forwarded to an owner.
/// - `unverified`: any other mail that fails DMARC or has no passing DKIM or SPF: forwarded
///   marked.
/// - `verified`: ordinary mail that authenticated.
@_spi(RootmailHost) public enum SenderTrust: Sendable, Equatable {
  case aws
  case spoofedAWS(why: String)
  case unverified(results: String)
  case verified

  /// The assessment of a mail with `verdicts` whose sender addresses (From, Sender,
  /// Return-Path; any may be empty) are `senders`.
  public static func assess(verdicts: MailVerdicts, senders: [String], trustedDomains: [String]) -> SenderTrust {
    switch level(verdicts: verdicts, senders: senders, lowercasedDomains: trustedDomains.map { $0.lowercased() }) {
    case .aws: return .aws
    case .spoofedAWS: return .spoofedAWS(why: MailTrust.refusal(verdicts, trustedDomains: trustedDomains) ?? "")
    case .unverified: return .unverified(results: results(verdicts))
    case .verified: return .verified
    }
  }

  /// The four cases without their text.
  public enum Level: Sendable, Equatable {
    case aws, spoofedAWS, unverified, verified
  }

  /// The case `assess` would give, without building its text: for a list of thousands of
  /// mails. `lowercasedDomains` are `trusted_mail_domains` in lower case.
  public static func level(verdicts: MailVerdicts, senders: [String], lowercasedDomains: [String]) -> Level {
    if MailTrust.passes(verdicts, lowercasedDomains: lowercasedDomains) { return .aws }
    if senders.contains(where: { claimsTrustedDomain($0, lowercasedDomains: lowercasedDomains) }) { return .spoofedAWS }
    if verdicts.dmarc == "fail" || (verdicts.dkim != "pass" && verdicts.spf != "pass") { return .unverified }
    return .verified
  }

  /// The assessment of a parsed mail: its verdicts, and the addresses of its From, Sender and
  /// Return-Path headers.
  public static func assess(_ mail: ParsedMail, trustedDomains: [String]) -> SenderTrust {
    // Every From (a second one is a classic spoof), Sender and Return-Path, each address of it.
    var senders = [mail.fromAddress]
    for header in mail.headers where ["from", "sender", "return-path"].contains(header.name.lowercased()) {
      senders += header.value.split(separator: ",").map { address(in: String($0)) }
    }
    return assess(verdicts: mail.verdicts, senders: senders, trustedDomains: trustedDomains)
  }

  /// `dkim=pass, spf=fail, dmarc=none` (`none` where SES recorded nothing).
  public static func results(_ v: MailVerdicts) -> String {
    func shown(_ s: String) -> String { s.isEmpty ? "none" : s }
    return "dkim=\(shown(v.dkim)), spf=\(shown(v.spf)), dmarc=\(shown(v.dmarc))"
  }

  /// One character for a list: `✓` trusted AWS mail, `!` fails authentication (a spoofed AWS
  /// sender or unverified mail), blank for ordinary mail.
  public var mark: String { level.mark }

  /// The case without its text.
  public var level: Level {
    switch self {
    case .aws: .aws
    case .spoofedAWS: .spoofedAWS
    case .unverified: .unverified
    case .verified: .verified
    }
  }

  /// Whether a sender address's domain is a trusted domain or below one.
  static func claimsTrustedDomain(_ address: String, lowercasedDomains: [String]) -> Bool {
    guard let at = address.lastIndex(of: "@") else { return false }
    let domain = address[address.index(after: at)...].lowercased().filter { $0 != ">" }.trimmingSpaces()
    return MailTrust.isTrusted(domain, lowercasedDomains: lowercasedDomains)
  }

  /// The address in a header value: what stands between `<` and `>`, else the value itself.
  static func address(in value: String) -> String {
    if let open = value.lastIndex(of: "<"), let close = value[open...].firstIndex(of: ">") {
      return String(value[value.index(after: open)..<close])
    }
    return value.trimmingSpaces()
  }
}

@_spi(RootmailHost) extension SenderTrust.Level {
  /// One character for a list: `✓` trusted AWS mail, `!` fails authentication, blank otherwise.
  public var mark: String {
    switch self {
    case .aws: "✓"
    case .spoofedAWS, .unverified: "!"
    case .verified: " "
    }
  }
}
