/// The trust rule for a password-reset mail, shared by `mail reset-link` and the `reset-link`
/// receiver: SES's verdicts (see `MailTrust`) and an https link on an AWS sign-in host.
@_spi(RootmailHost) public enum ResetLinkRule {
  public enum Verdict: Sendable, Equatable {
    /// The link (never log it: whoever holds it can set the root password).
    case trusted(String)
    /// Why the mail's link is not trusted; never contains a link.
    case refused(String)
  }

  public static func evaluate(_ mail: ParsedMail, trustedDomains: [String]) -> Verdict {
    if let why = MailTrust.refusal(mail.verdicts, trustedDomains: trustedDomains) { return .refused(why) }
    let links = MailLinks.all(in: mail)
    if let link = MailLinks.resetLink(in: links) { return .trusted(link) }
    if let lookAlike = links.first(where: { $0.lowercased().contains("signin") || $0.lowercased().contains("reset") }) {
      let host = MailLinks.httpsHost(lookAlike).map { "host \($0)" } ?? "not https"
      return .refused("its reset link is not https on an AWS sign-in host (\(host))")
    }
    return .refused("it has no https link on an AWS sign-in host")
  }
}

@_spi(RootmailHost) extension MailLinks {
  /// Every link of a mail, each once, in document order: URLs in the HTML parts (`href`
  /// values and text alike, character references decoded), then in the text parts. Enough for
  /// AWS's reset mail, which is plain HTML; `mail show` reads HTML with a real parser.
  /// Not bounded by `maximumPerMail`: the trust rule looks at every link.
  public static func all(in mail: ParsedMail) -> [String] {
    var links = LinkList(limit: .max)
    for html in mail.htmlParts { for l in find(in: CharacterReferences.decodingHTML(html), limit: .max) { links.add(l) } }
    for text in mail.textParts { for l in find(in: text, limit: .max) { links.add(l) } }
    return links.links
  }

  /// URLs in HTML source: `&amp;`, `&#38;` and the other character references are decoded
  /// first, so `href="…?a=1&amp;b=2"` gives `…?a=1&b=2`; a URL ends at a quote or `<`.
  public static func inHTML(_ html: String) -> [String] { find(in: CharacterReferences.decodingHTML(html)) }
}

/// Where the `reset-link` receiver keeps a reset link, and where `mail reset-link --from-ssm`
/// reads it: the SSM parameter `/rootmail/pw_reset_link/<alias>` (awscdk-rootmail's name).
@_spi(RootmailHost) public enum ResetLinkParameter {
  public static let prefix = "/rootmail/pw_reset_link/"

  /// The alias of a root address: the plus-extension of its local part when it has one
  /// (`root+0a1b2c3d4e5f@aws.example.com` → `0a1b2c3d4e5f`, as awscdk-rootmail names it), else
  /// the whole local part (`sales-app-prod-001`). It must be a valid SSM parameter-name
  /// segment: 1 to 128 of `a-z A-Z 0-9 _ . -` (SSM allows no `+`, `@` or other symbols).
  public static func alias(ofRecipient address: String) throws -> String {
    let local = address.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
    let alias = local.firstIndex(of: "+").map { local[local.index(after: $0)...] } ?? local
    let valid =
      (1...128).contains(alias.unicodeScalars.count)
      && alias.unicodeScalars.allSatisfy {
        ($0 >= "a" && $0 <= "z") || ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") || $0 == "_" || $0 == "." || $0 == "-"
      }
    guard valid else {
      throw CLIError.invalid(
        field: "reset-link parameter alias", value: String(alias),
        rule:
          "an SSM parameter name segment is 1 to 128 of a-z, A-Z, 0-9, _, . and - (from the recipient \(TerminalSafe.quoted(address)))"
      )
    }
    return String(alias)
  }

  /// The parameter name for mail sent to `address`.
  public static func name(forRecipient address: String) throws -> String { prefix + (try alias(ofRecipient: address)) }
}
