@_spi(RootmailHost) import RootmailKit

/// The `opsitem` receiver: awscdk-rootmail's OpsCenter item for a mail someone should look
/// at. Every mail but a password-reset mail (the reset-link receiver's), mail of a filtered
/// subject (`filtered_subjects`: welcome, account ready) and mail whose SES spam or virus
/// verdict is FAIL becomes an OpsItem: title = the subject, source `root-mail`, description =
/// the text part, each cut to SSM's limit, and OperationalData with the S3 key, the recipient
/// and a dedup string (`/aws/dedup`), so a retried mail finds its open item instead of making
/// a second one. Off unless named in `receivers`.
struct OpsItemReceiver: MailReceiver {
  static let declaration = ReceiverDeclaration(
    name: "opsitem",
    summary: "file an SSM OpsCenter item (source root-mail) for each mail that is not a password-reset mail",
    make: { _, context in
      OpsItemReceiver(filteredSubjects: context.config.list(.filteredSubjects), bucket: context.config.string(.bucket))
    })

  static let source = "root-mail"

  let filteredSubjects: [String]
  /// The mail bucket, for the `/aws/resources` entry (the object's ARN) when known.
  let bucket: String?

  func receive(_ mail: ReceivedMail, context: ReceiverContext) async -> ReceiverOutcome {
    let mailClass = MailClass.classify(subject: mail.parsed.subject, filteredSubjects: filteredSubjects)
    switch mailClass {
    case .passwordReset: return .skipped("a password-reset mail (the reset-link receiver's)")
    case .welcome, .accountReady, .filtered: return .skipped("a \(mailClass.rawValue) mail (filtered_subjects)")
    case .emptySubject, .other: break
    }
    let verdicts = mail.parsed.verdicts
    if verdicts.spam == "FAIL" || verdicts.virus == "FAIL" {
      return .skipped("SES spam or virus verdict is FAIL")
    }
    let item = Self.item(for: mail, bucket: bucket)
    do {
      let id = try await context.aws().ssm.createOpsItem(item)
      return .done("created OpsItem \(TerminalSafe.quoted(id))")
    } catch {
      return .failure(error, doing: "SSM CreateOpsItem")
    }
  }

  /// The CreateOpsItem request for a mail.
  static func item(for mail: ReceivedMail, bucket: String?) -> SSM.OpsItem {
    // Cut before escaping: only what can fit the field is escaped (see `head`).
    let subject = TerminalSafe.escaped(head(mail.parsed.subject.trimmingSpaces(), SSM.OpsItemLimits.title))
    let title = cut(subject.isEmpty ? "(no subject)" : subject, to: SSM.OpsItemLimits.title)
    var text = mail.parsed.textParts.joined(separator: "\n\n")
    if text.trimmingSpaces().isEmpty { text = mail.parsed.htmlParts.map(roughText).joined(separator: "\n\n") }
    text = TerminalSafe.escapedLines(head(text.trimmingSpaces(), SSM.OpsItemLimits.description)).trimmingSpaces()
    let description = cut(text.isEmpty ? "(no text)" : text, to: SSM.OpsItemLimits.description)
    let recipient = mail.mapping?.accountEmail ?? mail.entry.recipients.first ?? mail.parsed.recipients.first ?? ""
    var data: [(String, SSM.OpsItemData)] = [
      ("/aws/dedup", SSM.OpsItemData(value: JSONValue.object([("dedupString", .string("rootmail-\(mail.entry.id)"))]).compact)),
      ("/rootmail/s3-key", SSM.OpsItemData(value: mail.entry.key.isEmpty ? "(none)" : mail.entry.key)),
      ("/rootmail/recipient", SSM.OpsItemData(value: recipient.isEmpty ? "(none)" : recipient)),
    ]
    if let bucket, !bucket.isEmpty, !mail.entry.key.isEmpty {
      let resources: JSONValue = .array([.object([("arn", .string("arn:aws:s3:::\(bucket)/\(mail.entry.key)"))])])
      data.append(("/aws/resources", SSM.OpsItemData(value: resources.compact)))
    }
    return SSM.OpsItem(title: title, source: source, description: description, operationalData: data)
  }

  /// The first `limit + 1` characters of `text`: enough to fill `limit` UTF-16 code units once
  /// escaped (a character is at least one unit, its escape never fewer), and to show it was cut.
  static func head(_ text: String, _ limit: Int) -> String { String(text.prefix(limit + 1)) }

  /// `text` cut to at most `limit` UTF-16 code units (how SSM counts), never inside a
  /// character, ending in ` ...` when cut.
  static func cut(_ text: String, to limit: Int) -> String {
    guard text.utf16.count > limit else { return text }
    var out = ""
    var used = 0
    let budget = limit - 4
    for character in text {
      let n = character.utf16.count
      guard used + n <= budget else { break }
      out.append(character)
      used += n
    }
    return out + " ..."
  }

  /// HTML as rough text, for a mail without a text part: tags dropped, character references
  /// decoded, white space collapsed (`mail show` reads HTML properly; this is a description).
  static func roughText(_ html: String) -> String {
    var out = ""
    var inTag = false
    for c in html {
      if c == "<" {
        inTag = true
        out.append(" ")
      } else if c == ">" {
        inTag = false
      } else if !inTag {
        out.append(c)
      }
    }
    let decoded = CharacterReferences.decodingHTML(out)
    return decoded.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
  }
}
