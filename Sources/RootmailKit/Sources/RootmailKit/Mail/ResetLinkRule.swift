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
