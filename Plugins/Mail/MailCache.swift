@_spi(RootmailHost) import RootmailKit

/// The Maildir and its index, opened for the reading commands.
struct MailCache {
  let maildir: Maildir
  let index: any MailIndex

  static func open(_ context: CommandContext) async throws -> MailCache {
    let maildir = try Maildir(environment: context.environment).prepared()
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

  /// The raw bytes of an indexed mail, as stored.
  func raw(_ entry: MailIndexEntry) throws -> [UInt8] { try maildir.read(id: entry.id) }

  /// The raw bytes and the parse of an indexed mail (loading the mail parser, libRootmailMIME.so).
  /// A quarantined mail is refused: parsing it stopped rootmail twice.
  func load(_ entry: MailIndexEntry) async throws -> (raw: [UInt8], parsed: ParsedMail, parser: any MailParser) {
    guard !MailFacts.isQuarantined(entry) else {
      throw CLIError(
        "mail \(entry.id) is quarantined: rootmail stopped twice while parsing it",
        hint: "rootmail mail show --raw \(entry.id) shows it as stored, unparsed")
    }
    let raw = try raw(entry)
    let parser = try await MailParserLoader.shared()
    return (raw, parser.parse(raw), parser)
  }
}

/// What the reading commands show of a mail's body (benchmarks/mail measures parsing with it).
@_spi(RootmailHost) public enum MailBody {
  /// The text to read (text parts, else the HTML reduced to text) and the links of the mail.
  public static func readable(_ mail: ParsedMail, parser: any MailParser) -> (
    text: String, links: [String], fromHTML: Bool, warnings: [String]
  ) {
    if !mail.textParts.isEmpty {
      return (mail.textParts.joined(separator: "\n\n"), links(mail, parser: parser), false, [])
    }
    let converted = mail.htmlParts.map { parser.readable(html: $0) }
    var links = LinkList()
    for c in converted { for l in c.links { links.add(l) } }
    return (
      converted.map(\.text).joined(separator: "\n\n"), links.links, true,
      Array(Set(converted.flatMap(\.warnings))).sorted()
    )
  }

  /// Every link of the mail, each once, at most `MailLinks.maximumPerMail`: `a href` of the
  /// HTML parts first, then URLs written in the text parts.
  static func links(_ mail: ParsedMail, parser: any MailParser) -> [String] {
    var links = LinkList()
    for html in mail.htmlParts where !links.isFull {
      // Simple HTML (most mail's alternative to its text) gives its links without libxml2.
      if let hrefs = SimpleHTMLLinks.hrefs(html) {
        for l in hrefs { links.add(l) }
        continue
      }
      let converted = parser.readable(html: html)
      for l in converted.links { links.add(l) }
      for l in MailLinks.find(in: converted.text) { links.add(l) }
    }
    for text in mail.textParts where !links.isFull { for l in MailLinks.find(in: text) { links.add(l) } }
    return links.links
  }
}

/// Index entries as JSON and table cells.
enum MailRows {
  /// The members of an entry's JSON object (written straight into `out`: `mail list` writes
  /// thousands of them).
  static func writeMembers(_ e: MailIndexEntry, to out: inout JSONWriter) {
    typealias K = Keys
    out.key(K.id)
    out.string(e.id)
    out.key(K.key)
    out.string(e.key)
    out.key(K.size)
    out.int(e.size)
    out.key(K.etag)
    out.string(e.eTag)
    out.key(K.received)
    out.string(Timestamp.format(secondsSinceEpoch: e.receivedAt))
    out.key(K.date)
    out.string(e.date.map { Timestamp.format(secondsSinceEpoch: $0) })
    out.key(K.messageID)
    out.string(e.messageID)
    out.key(K.from)
    out.string(e.from)
    out.key(K.fromAddress)
    out.string(e.fromAddress)
    out.key(K.recipients)
    out.strings(e.recipients)
    out.key(K.subject)
    out.string(e.subject)
    out.key(K.mailClass)
    out.string(e.mailClass)
    out.key(K.verdicts)
    out.beginObject()
    out.key(K.spam)
    out.string(e.verdicts.spam)
    out.key(K.virus)
    out.string(e.verdicts.virus)
    out.key(K.spf)
    out.string(e.verdicts.spf)
    out.key(K.dkim)
    out.string(e.verdicts.dkim)
    out.key(K.dmarc)
    out.string(e.verdicts.dmarc)
    out.key(K.spfDomain)
    out.string(e.verdicts.spfDomain)
    out.key(K.dkimDomains)
    out.strings(e.verdicts.dkimPassDomains)
    out.key(K.dmarcDomain)
    out.string(e.verdicts.dmarcDomain)
    out.endObject()
    out.key(K.account)
    if e.accountEmail.isEmpty {
      out.null()
    } else {
      out.beginObject()
      out.key(K.email)
      out.string(e.accountEmail)
      out.key(K.name)
      out.string(e.accountName)
      out.key(K.owner)
      out.string(e.owner)
      out.endObject()
    }
    out.key(K.attachments)
    out.int(e.attachments)
    out.key(K.parseWarnings)
    out.strings(e.parseWarnings)
    out.key(K.fetchedAt)
    out.string(Timestamp.format(secondsSinceEpoch: e.fetchedAt))
  }

  /// The member names of an entry's JSON object, prepared once.
  private enum Keys {
    static let id = JSONWriter.Key("id")
    static let key = JSONWriter.Key("key")
    static let size = JSONWriter.Key("size")
    static let etag = JSONWriter.Key("etag")
    static let received = JSONWriter.Key("received")
    static let date = JSONWriter.Key("date")
    static let messageID = JSONWriter.Key("message_id")
    static let from = JSONWriter.Key("from")
    static let fromAddress = JSONWriter.Key("from_address")
    static let recipients = JSONWriter.Key("recipients")
    static let subject = JSONWriter.Key("subject")
    static let mailClass = JSONWriter.Key("class")
    static let verdicts = JSONWriter.Key("verdicts")
    static let spam = JSONWriter.Key("spam")
    static let virus = JSONWriter.Key("virus")
    static let spf = JSONWriter.Key("spf")
    static let dkim = JSONWriter.Key("dkim")
    static let dmarc = JSONWriter.Key("dmarc")
    static let spfDomain = JSONWriter.Key("spf_domain")
    static let dkimDomains = JSONWriter.Key("dkim_domains")
    static let dmarcDomain = JSONWriter.Key("dmarc_domain")
    static let account = JSONWriter.Key("account")
    static let email = JSONWriter.Key("email")
    static let name = JSONWriter.Key("name")
    static let owner = JSONWriter.Key("owner")
    static let attachments = JSONWriter.Key("attachments")
    static let parseWarnings = JSONWriter.Key("parse_warnings")
    static let fetchedAt = JSONWriter.Key("fetched_at")
  }

  /// `2026-12-01 13:05` (UTC).
  static func shortTime(_ seconds: Int) -> String {
    // ISO 8601's `T` between date and time becomes a space, byte by byte (a listing makes one
    // a row).
    let iso = Timestamp.format(secondsSinceEpoch: seconds)
    return String(decoding: iso.utf8.prefix(16).map { $0 == UInt8(ascii: "T") ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
  }
}
