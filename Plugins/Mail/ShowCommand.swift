import Glibc
@_spi(RootmailHost) import RootmailKit

/// `rootmail mail show ID`: one mail's headers and readable text.
struct ShowCommand: RootmailCommand {
  static let configuration = CommandConfiguration(
    commandName: "show",
    abstract: "Show a cached mail: its headers, verdicts and decoded text.",
    discussion: """
      An HTML-only mail is reduced to readable text with its links numbered and listed (at most \
      the first \(MailLinks.maximumPerMail) links of a mail). Control characters from the mail are \
      shown escaped (\\u{1b}, \\r, \\u{9b}); --raw writes the mail's bytes unchanged only when \
      stdout is not a terminal. With --save-attachments, an attachment that cannot be written is \
      a warning and the others are saved; a name longer than \(AttachmentSaver.maximumNameBytes) \
      bytes is cut, keeping its extension.
      """,
    aliases: ["read"])

  @OptionGroup var global: GlobalOptions

  @Argument(
    help: ArgumentHelp("The mail's id from mail list (a unique prefix will do).", valueName: "id"),
    completion: MailIDCompletion.kind)
  var id: String

  @Flag(help: "Show the HTML part as it was sent instead of the text.")
  var html = false

  @Flag(help: "Write the whole mail as it was stored (MIME source).")
  var raw = false

  @Flag(help: "Show every header of the mail.")
  var headers = false

  @Option(
    name: .customLong("save-attachments"),
    help: ArgumentHelp("Save the attachments into this folder (never overwriting, files 0600).", valueName: "dir"))
  var saveAttachments: String?

  static var pagesOutput: Bool { true }

  func validate() throws {
    if raw && (html || headers) { throw ValidationError("--raw cannot be combined with --html or --headers") }
  }

  func run(in context: CommandContext) async throws {
    let cache = try await MailCache.open(context)
    let entry = try await cache.entry(id)
    // The stored bytes alone: a quarantined mail is shown too, never parsed.
    if raw {
      let bytes = try cache.raw(entry)
      if Terminal.stdoutIsTerminal {
        StandardStream.writeOut(TerminalSafe.escapedLines(String(decoding: bytes, as: UTF8.self)))
      } else {
        StandardStream.flushOut()
        let failure = FileWrite.all(STDOUT_FILENO, bytes)
        guard failure == 0 else { throw CLIError("cannot write the mail to stdout: \(String(cString: strerror(failure)))") }
      }
      return
    }
    let (_, mail, parser) = try await cache.load(entry)
    if let folder = saveAttachments {
      let (saved, failed) = try AttachmentSaver(folder: folder).save(mail.attachments)
      for path in saved { context.note("saved \(TerminalSafe.escaped(path))") }
      for failure in failed { context.warn("\(failure)") }
    }
    let body = MailBody.readable(mail, parser: parser)
    let trust = SenderTrust.assess(mail, trustedDomains: context.config.list(.trustedMailDomains))
    if context.outputFormat == .json {
      var out = JSONWriter()
      out.beginObject()
      MailRows.writeMembers(entry, to: &out)
      out.key("trust")
      out.string(TrustColumn.name(trust.level))
      out.key("text")
      out.string(body.text)
      out.key("html")
      out.strings(mail.htmlParts)
      out.key("links")
      out.strings(body.links)
      out.key("body_warnings")
      out.strings(body.warnings)
      out.key("attachment_files")
      out.value(
        .array(
          mail.attachmentSummaries.map { a in
            .object([("name", .string(a.name)), ("type", .string(a.contentType)), ("size", .int(a.size))])
          }))
      if headers {
        out.key("headers")
        out.value(.array(mail.headers.map { .object([("name", .string($0.name)), ("value", .string($0.value))]) }))
      }
      out.endObject()
      context.emit(out)
      return
    }
    var out = ""
    let color = context.colorEnabled
    func line(_ name: String, _ value: String, style: TextStyle = .plain) {
      // The name too: a mail's header names may hold bidi or C1 controls (GMime keeps them).
      out += TerminalSafe.escaped(name) + ": " + style.apply(TerminalSafe.escaped(value), enabled: color) + "\n"
    }
    if let banner = Self.banner(trust) { out += TextStyle.bad.apply(banner, enabled: color) + "\n\n" }
    if headers {
      for h in mail.headers { line(h.name, h.value) }
    } else {
      line("From", mail.from)
      line("To", mail.recipients.joined(separator: ", "))
      if let date = mail.date { line("Date", Timestamp.format(secondsSinceEpoch: date)) }
      line("Subject", mail.subject)
    }
    line("Received", Timestamp.format(secondsSinceEpoch: entry.receivedAt) + " (s3 key " + entry.key + ")")
    line("Class", entry.mailClass)
    line("Verdicts", Self.verdictLine(entry.verdicts))
    line("Trust", Self.trustLine(trust), style: TrustColumn.style(trust.level))
    if !entry.accountEmail.isEmpty {
      let named = entry.accountName.isEmpty ? "<\(entry.accountEmail)>" : "\(entry.accountName) <\(entry.accountEmail)>"
      line("Account", "\(named), owner \(entry.owner)")
    }
    for a in mail.attachmentSummaries { line("Attachment", "\(a.name) (\(a.contentType), \(a.size) bytes)") }
    for w in mail.warnings + body.warnings { line("Warning", w) }
    out += "\n"
    if html {
      out += TerminalSafe.escapedLines(mail.htmlParts.joined(separator: "\n")) + "\n"
    } else {
      out += TerminalSafe.escapedLines(body.text) + "\n"
      if body.fromHTML && !body.links.isEmpty {
        out += "\nLinks:\n"
        for (i, link) in body.links.enumerated() { out += "[\(i + 1)] " + TerminalSafe.escaped(link) + "\n" }
      }
    }
    StandardStream.writeOut(out)
  }

  /// The line above a mail that claims an AWS sender but fails the trust rule.
  static func banner(_ trust: SenderTrust) -> String? {
    guard case .spoofedAWS = trust else { return nil }
    return "! this mail claims to be from AWS but fails DKIM/SPF/DMARC: do not follow its links"
  }

  static func trustLine(_ trust: SenderTrust) -> String {
    switch trust {
    case .aws: "✓ AWS (passes the trust rule)"
    case .spoofedAWS(let why): "! claims an AWS sender but fails: \(why)"
    case .unverified(let results): "! unverified sender (\(results))"
    case .verified: "ordinary mail, authenticated"
    }
  }

  static func verdictLine(_ v: MailVerdicts) -> String {
    func show(_ s: String) -> String { s.isEmpty ? "-" : s }
    var dkim = "DKIM " + show(v.dkim)
    if !v.dkimPassDomains.isEmpty { dkim += " (" + v.dkimPassDomains.joined(separator: ", ") + ")" }
    return "spam \(show(v.spam)), virus \(show(v.virus)), SPF \(show(v.spf)), \(dkim), DMARC \(show(v.dmarc))"
  }
}
