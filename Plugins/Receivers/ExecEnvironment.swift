@_spi(RootmailHost) import RootmailKit

/// The environment an `exec:` program runs with: a clean one — `PATH`, `HOME` and `LANG` from
/// ours, nothing else of it (no AWS credentials, no `ROOTMAIL_*` settings) — plus the mail's
/// facts. Values that come from the mail are a stranger's text: every control and bidi
/// character is escaped (`\u{1b}`, `\n`; NUL included, which could not pass anyway) and each
/// value is cut to `valueLimit` bytes.
struct ExecEnvironment: Sendable {
  /// Bytes of one value at most (a long recipient list or subject is cut, at a character).
  static let valueLimit = 4096

  let base: [String: String]
  let trustedDomains: [String]

  init(base environment: [String: String], trustedDomains: [String]) {
    var base = ["PATH": environment["PATH"].flatMap { $0.isEmpty ? nil : $0 } ?? TrustedPath.defaultSearchPath]
    for name in ["HOME", "LANG"] { if let value = environment[name] { base[name] = value } }
    self.base = base.mapValues(Self.safe)
    self.trustedDomains = trustedDomains
  }

  /// Every variable for one mail (the names docs/receivers.md lists under "In any language: exec:").
  func variables(for mail: ReceivedMail) -> [String: String] {
    let parsed = mail.parsed
    let entry = mail.entry
    let verdicts = parsed.verdicts
    let facts: [String: String] = [
      "ROOTMAIL_MAIL_ID": entry.id,
      "ROOTMAIL_S3_KEY": entry.key,
      "ROOTMAIL_RECEIVED_AT": String(entry.receivedAt),
      "ROOTMAIL_SIZE": String(mail.raw.count),
      "ROOTMAIL_MESSAGE_ID": parsed.messageID,
      "ROOTMAIL_FROM": parsed.fromAddress,
      "ROOTMAIL_TO": parsed.recipients.joined(separator: ","),
      "ROOTMAIL_SUBJECT": parsed.subject,
      "ROOTMAIL_CLASS": entry.mailClass,
      "ROOTMAIL_ATTACHMENTS": String(parsed.attachments.count),
      "ROOTMAIL_ACCOUNT_EMAIL": mail.mapping?.accountEmail ?? entry.accountEmail,
      "ROOTMAIL_ACCOUNT_NAME": mail.mapping?.fullAccountName ?? entry.accountName,
      "ROOTMAIL_OWNER": mail.mapping?.ownerAddress ?? entry.owner,
      "ROOTMAIL_SPAM_VERDICT": verdicts.spam,
      "ROOTMAIL_VIRUS_VERDICT": verdicts.virus,
      "ROOTMAIL_TRUSTED": MailTrust.refusal(verdicts, trustedDomains: trustedDomains) == nil ? "true" : "false",
    ]
    return base.merging(facts.mapValues(Self.safe)) { $1 }
  }

  /// `value` escaped (`TerminalSafe`) and cut to `valueLimit` UTF-8 bytes at a character. Only
  /// the first `valueLimit + 1` characters are escaped: each has at least one byte and its escape
  /// is never shorter, so nothing after them could be kept (a 600,000-character subject is not
  /// escaped whole to keep 4 KiB of it).
  static func safe(_ value: String) -> String {
    let escaped = TerminalSafe.escaped(String(value.prefix(valueLimit + 1)))
    guard escaped.utf8.count > valueLimit else { return escaped }
    var out = ""
    var bytes = 0
    for character in escaped {
      bytes += character.utf8.count
      if bytes > valueLimit { break }
      out.append(character)
    }
    return out
  }
}
