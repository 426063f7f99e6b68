import RootmailKit

/// The Maildir and its index, opened for the reading commands.
struct MailCache {
  let maildir: Maildir
  let index: any MailIndex

  static func open(_ context: CommandContext) async throws -> MailCache {
    let maildir = Maildir(environment: context.environment)
    try maildir.prepare()
    return MailCache(maildir: maildir, index: try await MailIndexLoader.open(path: maildir.indexPath))
  }

  /// The entry an id (or a unique prefix of one, 4 characters at least) names.
  func entry(_ id: String) async throws -> MailIndexEntry {
    let wanted = id.lowercased()
    guard MailID.isPrefix(wanted) else {
      throw CLIError.invalid(field: "ID", value: String(id.prefix(80)), rule: "4 to 12 hexadecimal digits from mail list")
    }
    let found = try await index.entries(idPrefix: wanted)
    if found.count > 1 && !found.contains(where: { $0.id == wanted }) {
      throw CLIError.usage("mail id \(wanted) is ambiguous: \(found.map(\.id).joined(separator: ", "))")
    }
    guard let entry = found.first(where: { $0.id == wanted }) ?? found.first else {
      throw CLIError("no mail \(wanted) in the cache", hint: "run rootmail mail fetch, then rootmail mail list")
    }
    return entry
  }

  /// The raw bytes and the parse of an indexed mail.
  func load(_ entry: MailIndexEntry) throws -> (raw: [UInt8], parsed: ParsedMail) {
    let raw = try maildir.read(id: entry.id)
    return (raw, MimeParser.parse(raw))
  }
}

/// What the reading commands show of a mail's body.
enum MailBody {
  /// The text to read (text parts, else the HTML reduced to text) and the links of the mail.
  static func readable(_ mail: ParsedMail) -> (text: String, links: [String], fromHTML: Bool) {
    if !mail.textParts.isEmpty {
      return (mail.textParts.joined(separator: "\n\n"), links(mail), false)
    }
    let converted = mail.htmlParts.map(HTMLText.convert)
    var links: [String] = []
    for c in converted { for l in c.links where !links.contains(l) { links.append(l) } }
    return (converted.map(\.text).joined(separator: "\n\n"), links, true)
  }

  /// Every link of the mail, each once: `a href` of the HTML parts first, then URLs written
  /// in the text parts.
  static func links(_ mail: ParsedMail) -> [String] {
    var links: [String] = []
    func add(_ l: String) { if !links.contains(l) { links.append(l) } }
    for html in mail.htmlParts {
      let converted = HTMLText.convert(html)
      converted.links.forEach(add)
      MailLinks.find(in: converted.text).forEach(add)
    }
    for text in mail.textParts { MailLinks.find(in: text).forEach(add) }
    return links
  }
}

/// Index entries as JSON and table cells.
enum MailRows {
  static func json(_ e: MailIndexEntry) -> JSONValue {
    .object([
      ("id", .string(e.id)), ("key", .string(e.key)), ("size", .int(e.size)), ("etag", .string(e.eTag)),
      ("received", .string(Timestamp.format(secondsSinceEpoch: e.receivedAt))),
      ("date", e.date.map { .string(Timestamp.format(secondsSinceEpoch: $0)) } ?? .null),
      ("message_id", .string(e.messageID)), ("from", .string(e.from)), ("from_address", .string(e.fromAddress)),
      ("recipients", .array(e.recipients.map { .string($0) })), ("subject", .string(e.subject)),
      ("class", .string(e.mailClass)),
      (
        "verdicts",
        .object([
          ("spam", .string(e.verdicts.spam)), ("virus", .string(e.verdicts.virus)), ("spf", .string(e.verdicts.spf)),
          ("dkim", .string(e.verdicts.dkim)), ("dmarc", .string(e.verdicts.dmarc)),
          ("spf_domain", .string(e.verdicts.spfDomain)),
          ("dkim_domains", .array(e.verdicts.dkimPassDomains.map { .string($0) })),
          ("dmarc_domain", .string(e.verdicts.dmarcDomain)),
        ])
      ),
      (
        "account",
        e.accountEmail.isEmpty
          ? .null
          : .object([
            ("email", .string(e.accountEmail)), ("name", .string(e.accountName)), ("owner", .string(e.owner)),
          ])
      ),
      ("attachments", .int(e.attachments)), ("parse_warnings", .array(e.parseWarnings.map { .string($0) })),
      ("fetched_at", .string(Timestamp.format(secondsSinceEpoch: e.fetchedAt))),
    ])
  }

  /// `2026-12-01 13:05` (UTC).
  static func shortTime(_ seconds: Int) -> String {
    let iso = Timestamp.format(secondsSinceEpoch: seconds)
    return String(iso.prefix(16)).replacingT()
  }
}

extension String {
  fileprivate func replacingT() -> String { String(map { $0 == "T" ? " " : $0 }) }
}
