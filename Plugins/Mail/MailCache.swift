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

  /// The raw bytes and the parse of an indexed mail (loading the mail parser, libRootmailMIME.so).
  func load(_ entry: MailIndexEntry) async throws -> (raw: [UInt8], parsed: ParsedMail, parser: any MailParser) {
    let raw = try maildir.read(id: entry.id)
    let parser = try await MailParserLoader.shared()
    return (raw, parser.parse(raw), parser)
  }
}

/// What the reading commands show of a mail's body.
enum MailBody {
  /// The text to read (text parts, else the HTML reduced to text) and the links of the mail.
  static func readable(_ mail: ParsedMail, parser: any MailParser) -> (text: String, links: [String], fromHTML: Bool) {
    if !mail.textParts.isEmpty {
      return (mail.textParts.joined(separator: "\n\n"), links(mail, parser: parser), false)
    }
    let converted = mail.htmlParts.map { parser.readable(html: $0) }
    var links: [String] = []
    for c in converted { for l in c.links where !links.contains(l) { links.append(l) } }
    return (converted.map(\.text).joined(separator: "\n\n"), links, true)
  }

  /// Every link of the mail, each once: `a href` of the HTML parts first, then URLs written
  /// in the text parts.
  static func links(_ mail: ParsedMail, parser: any MailParser) -> [String] {
    var links: [String] = []
    func add(_ l: String) { if !links.contains(l) { links.append(l) } }
    for html in mail.htmlParts {
      let converted = parser.readable(html: html)
      converted.links.forEach(add)
      MailLinks.find(in: converted.text).forEach(add)
    }
    for text in mail.textParts { MailLinks.find(in: text).forEach(add) }
    return links
  }
}

/// Index entries as JSON and table cells.
enum MailRows {
  /// The members of an entry's JSON object (written straight into `out`: `mail list` writes
  /// thousands of them).
  static func writeMembers(_ e: MailIndexEntry, to out: inout JSONWriter) {
    out.key("id")
    out.string(e.id)
    out.key("key")
    out.string(e.key)
    out.key("size")
    out.int(e.size)
    out.key("etag")
    out.string(e.eTag)
    out.key("received")
    out.string(Timestamp.format(secondsSinceEpoch: e.receivedAt))
    out.key("date")
    out.string(e.date.map { Timestamp.format(secondsSinceEpoch: $0) })
    out.key("message_id")
    out.string(e.messageID)
    out.key("from")
    out.string(e.from)
    out.key("from_address")
    out.string(e.fromAddress)
    out.key("recipients")
    out.strings(e.recipients)
    out.key("subject")
    out.string(e.subject)
    out.key("class")
    out.string(e.mailClass)
    out.key("verdicts")
    out.beginObject()
    for (name, value) in [
      ("spam", e.verdicts.spam), ("virus", e.verdicts.virus), ("spf", e.verdicts.spf), ("dkim", e.verdicts.dkim),
      ("dmarc", e.verdicts.dmarc), ("spf_domain", e.verdicts.spfDomain),
    ] {
      out.key(name)
      out.string(value)
    }
    out.key("dkim_domains")
    out.strings(e.verdicts.dkimPassDomains)
    out.key("dmarc_domain")
    out.string(e.verdicts.dmarcDomain)
    out.endObject()
    out.key("account")
    if e.accountEmail.isEmpty {
      out.null()
    } else {
      out.beginObject()
      out.key("email")
      out.string(e.accountEmail)
      out.key("name")
      out.string(e.accountName)
      out.key("owner")
      out.string(e.owner)
      out.endObject()
    }
    out.key("attachments")
    out.int(e.attachments)
    out.key("parse_warnings")
    out.strings(e.parseWarnings)
    out.key("fetched_at")
    out.string(Timestamp.format(secondsSinceEpoch: e.fetchedAt))
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
