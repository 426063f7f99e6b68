import Foundation
@_spi(RootmailHost) import RootmailKit
import Testing

@_spi(RootmailHost) @testable import RootmailMIME
@_spi(RootmailHost) @testable import RootmailPluginMail

/// The GMime-based parser on mails written for each case: what a reader relies on (decoded
/// subjects and names, text in UTF-8, links whole) and that malformed mail is read, not lost.
@Suite struct MimeParserTests {
  func parse(_ name: String) throws -> ParsedMail { MimeParser.parse(try TestMails.bytes(name)) }

  @Test func multipartAlternativeGivesTextAndHTML() throws {
    let mail = try parse("01-multipart-alternative.eml")
    #expect(mail.subject == "Quarterly report")
    #expect(mail.fromAddress == "team@example.org")
    #expect(mail.recipients == ["root+0a1b2c3d4e5f@aws.example.com", "second@example.org"])
    #expect(mail.textParts.count == 1 && mail.textParts[0].contains("Plain version"))
    #expect(mail.htmlParts.count == 1)
    #expect(mail.date == 1_796_032_800)
    #expect(mail.warnings.isEmpty, "\(mail.warnings)")
  }

  @Test func quotedPrintableSoftBreakInsideALinkIsJoined() throws {
    let mail = try parse("02-qp-soft-break-link.eml")
    #expect(mail.textParts.first?.contains("Café €5.") == true)
    #expect(
      MailBody.links(mail, parser: GMimeMailParser()) == [
        "https://console.aws.amazon.com/billing/home?region=us-east-1#/payments/history"
      ])
  }

  @Test func base64HTMLIsReducedToTextWithoutScriptsOrStyles() throws {
    let mail = try parse("03-base64-html.eml")
    let body = MailBody.readable(mail, parser: GMimeMailParser())
    #expect(body.fromHTML)
    #expect(body.text == "Base64 HTML\n\nVisit the docs [1].\n\n- one\n- two", "\(body.text)")
    #expect(body.links == ["https://docs.aws.amazon.com/"])
    #expect(!body.text.contains("alert") && !body.text.contains("color"))
  }

  /// A warning repeated by each of thousands of parts is stored once, with its count.
  @Test func repeatedWarningsAreCounted() throws {
    var raw = "From: a@outside.example\r\nSubject: parts\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n"
    for n in 0..<2000 { raw += "--B\r\nContent-Type: text/plain; charset=x-nonsense\r\n\r\npart \(n)\r\n" }
    raw += "--B--\r\n"
    let mail = MimeParser.parse(Array(raw.utf8))
    #expect(mail.textParts.count == 2000)
    #expect(mail.warnings == ["unknown charset in a text/plain part; read as UTF-8 (2000 times)"], "\(mail.warnings.count)")
  }

  /// HTML nested past libxml2's depth limit reads as empty text: a warning says so.
  @Test func htmlNestedTooDeepIsAWarningNotASilentEmptyBody() throws {
    let deep = "<html><body>" + String(repeating: "<div>", count: 300) + "hello" + String(repeating: "</div>", count: 300)
    let converted = HTMLText.convert(deep)
    #expect(converted.warnings == [HTMLText.tooDeepWarning])
    let shallow = HTMLText.convert("<div><div>hello</div></div>")
    #expect(shallow.text == "hello" && shallow.warnings.isEmpty)
    var mail = ParsedMail()
    mail.htmlParts = [deep]
    let body = MailBody.readable(mail, parser: GMimeMailParser())
    #expect(body.warnings == [HTMLText.tooDeepWarning])
  }

  @Test func encodedWordsInUTF8AndLatin1AndWindows1252() throws {
    let utf8 = try parse("04-subject-utf8.eml")
    #expect(utf8.subject == "Grüße aus Köln ✓")
    #expect(utf8.from.contains("Jürgen Müller"))
    let latin1 = try parse("05-subject-latin1.eml")
    #expect(latin1.subject == "Résumé du mois € payé")
    #expect(latin1.from.contains("François"))
    #expect(latin1.textParts.first == "Voilà le résumé.\n")
  }

  @Test func rfc2231FileNameAndBase64Attachment() throws {
    let mail = try parse("06-rfc2231-attachment.eml")
    #expect(mail.attachments.count == 1)
    #expect(mail.attachments[0].fileName == "€ rates Q4.pdf")
    #expect(mail.attachments[0].contentType == "application/pdf")
    #expect(mail.attachments[0].bytes == Array("%PDF-1.4\n% rootmail test\n".utf8) + (0...255).map { UInt8($0) })
  }

  @Test func brokenBoundaryUnknownCharsetAndBadBase64AreReadWithWarnings() throws {
    let mail = try parse("07-broken-boundary.eml")
    #expect(mail.subject == "Broken boundary")
    #expect(mail.textParts.first?.contains("unknown charset") == true)
    #expect(mail.warnings.contains { $0.contains("unknown charset") }, "\(mail.warnings)")
    #expect(mail.warnings.contains { $0.contains("truncated") }, "\(mail.warnings)")
    #expect(mail.attachments.count == 1)
  }

  @Test func crlfLineEnds() throws {
    let mail = try parse("08-crlf.eml")
    #expect(mail.subject == "CRLF line ends")
    let text = try #require(mail.textParts.first)
    #expect(text.contains("Second line with a soft break."), "\(text.debugDescription)")
  }

  @Test func mailWithoutHeadersIsKeptWithAWarning() throws {
    let mail = try parse("13-no-headers.eml")
    #expect(!mail.warnings.isEmpty)
    #expect(MimeParser.parse([]).warnings.count >= 1)
  }

  @Test func sesVerdictsComeFromTheTopmostHeadersOnly() throws {
    let genuine = try parse("09-reset-genuine.eml").verdicts
    #expect(genuine.spam == "PASS" && genuine.virus == "PASS")
    #expect(genuine.dkim == "pass" && genuine.dkimPassDomains == ["amazon.com", "amazonses.com"])
    #expect(genuine.spf == "pass" && genuine.dmarc == "pass" && genuine.dmarcDomain == "amazon.com")
    let spoofed = try parse("10-reset-spoofed.eml").verdicts
    // The forged "all pass" Authentication-Results lower down is ignored.
    #expect(spoofed.dkim == "none" && spoofed.spf == "fail" && spoofed.dmarc == "fail")
  }

  @Test func verdictHeaderNamesMatchInAnyASCIICaseOnly() {
    let upper = MailVerdicts(headers: [
      MailHeader(name: "X-SES-SPAM-VERDICT", value: "PASS"), MailHeader(name: "x-ses-virus-verdict", value: "FAIL"),
      MailHeader(name: "RECEIVED-spf", value: "pass (spfCheck: domain of example.com)"),
    ])
    #expect(upper.spam == "PASS" && upper.virus == "FAIL" && upper.spf == "pass")
    // A name that only looks like one (a Cyrillic "с", one letter more or less) is another header.
    let lookAlikes = MailVerdicts(headers: [
      MailHeader(name: "X-SES-Spam-Verdi\u{441}t", value: "PASS"), MailHeader(name: "X-SES-Virus-Verdicts", value: "PASS"),
      MailHeader(name: "Received-SP", value: "pass"),
    ])
    #expect(lookAlikes.spam.isEmpty && lookAlikes.virus.isEmpty && lookAlikes.spf.isEmpty)
    // Looked up by any caller in any ASCII case; letters beyond ASCII only as written.
    var mail = ParsedMail()
    mail.headers = [
      MailHeader(name: "X-Ticket", value: "1"), MailHeader(name: "x-TICKET", value: "2"),
      MailHeader(name: "X-Tické", value: "3"),
    ]
    #expect(mail.headerValues("x-ticket") == ["1", "2"] && mail.headerValues("X-TICKET") == ["1", "2"])
    #expect(mail.headerValues("X-Tické") == ["3"] && mail.headerValues("X-TICKÉ").isEmpty)
  }

  @Test func resetLinkTrustRule() throws {
    let domains = ["amazon.com", "amazonaws.com", "aws"]
    #expect(
      ResetLinkRule.evaluate(try parse("09-reset-genuine.eml"), trustedDomains: domains)
        == .trusted("https://signin.aws.amazon.com/resetpassword?type=RootUser&token=GENUINE-TOKEN-123"))
    guard case .refused(let why) = ResetLinkRule.evaluate(try parse("10-reset-spoofed.eml"), trustedDomains: domains) else {
      Issue.record("spoofed mail trusted")
      return
    }
    #expect(why.contains("DKIM none") && why.contains("SPF fail"))
    guard case .refused(let host) = ResetLinkRule.evaluate(try parse("14-reset-userinfo-host.eml"), trustedDomains: domains)
    else {
      Issue.record("user-info link trusted")
      return
    }
    #expect(host.contains("not https on an AWS sign-in host"))
    // A look-alike host is never a sign-in host; a real regional one is.
    #expect(!MailLinks.isSignIn("https://signin.aws.amazon.com.evil.example/resetpassword"))
    #expect(!MailLinks.isSignIn("http://signin.aws.amazon.com/resetpassword"))
    #expect(!MailLinks.isSignIn("https://signin.aws.amazon.com:8443/x"))
    #expect(MailLinks.isSignIn("https://us-east-1.signin.aws.amazon.com/resetpassword"))
    #expect(!MailLinks.isSignIn("https://evilsignin.aws.amazon.com.attacker.aws.example/"))
  }

  /// The spoofed reset mail with SES's `Authentication-Results` replaced by `results`.
  func spoofed(results: String) throws -> ParsedMail {
    var text = String(decoding: try TestMails.bytes("10-reset-spoofed.eml"), as: UTF8.self)
    let start = try #require(text.range(of: "Authentication-Results: amazonses.com;\n"))
    let end = try #require(text.range(of: "X-SES-RECEIPT:", range: start.upperBound..<text.endIndex))
    text.replaceSubrange(start.lowerBound..<end.lowerBound, with: "Authentication-Results: amazonses.com;\n" + results + "\n")
    return MimeParser.parse(Array(text.utf8))
  }

  /// SES copies the sender's HELO and envelope-from into its own clause: text there that reads
  /// like a `dkim=pass` (or a second `dmarc`) never makes a spoofed reset mail trusted.
  @Test func resultsInsideHeloOrEnvelopeFromAreNotSESResults() throws {
    let domains = ["amazon.com", "amazonaws.com", "aws"]
    let spf = " spf=fail (spfCheck: not permitted) client-ip=203.0.113.66;"
    let attacks = [
      // A HELO holding a clause of its own, then SES's real `dkim=none`.
      spf
        + " envelope-from=a@evil.example; helo=x;dkim=pass header.i=@amazon.com;;\n dkim=none;\n dmarc=fail header.from=amazon.com;",
      // A quoted local part in the envelope-from.
      spf + #" envelope-from="x;dkim=pass header.d=amazon.com;"@evil.example; helo=mail.evil.example;"#
        + "\n dkim=none;\n dmarc=fail header.from=amazon.com;",
      // The sender's own DKIM signature beside a forged one, From a domain it owns.
      spf + " envelope-from=a@evil.example; helo=x;dkim=pass header.i=@amazon.com;\n dkim=pass header.i=@evil.example;"
        + "\n dmarc=pass header.from=evil.example;",
      // A forged DMARC pass before SES's real one.
      spf + " envelope-from=a@evil.example; helo=x; dkim=pass header.i=@amazon.com; dmarc=pass header.from=amazon.com;"
        + "\n dkim=none;\n dmarc=fail header.from=amazon.com;",
      // The same in a comment-looking HELO: a comment never ends a clause.
      spf
        + " envelope-from=a@evil.example; helo=(x;dkim=pass header.i=@amazon.com;);\n dkim=none;\n dmarc=fail header.from=amazon.com;",
      // A HELO ending in an unclosed comment or quote swallows SES's real results, leaving
      // only the sender's (a hostile probe: shown ✓ AWS, its link stored in SSM).
      spf
        + " envelope-from=no-reply-aws@amazon.com; helo=x;dkim=pass()header.d=amazon.com;dmarc=pass()header.from=amazon.com;(;"
        + "\n dkim=none;\n dmarc=fail header.from=amazon.com;",
      spf
        + " envelope-from=no-reply-aws@amazon.com; helo=x;dkim=pass()header.d=amazon.com;dmarc=pass()header.from=amazon.com;\";"
        + "\n dkim=none;\n dmarc=fail header.from=amazon.com;",
    ]
    for attack in attacks {
      let mail = try spoofed(results: attack)
      guard case .refused = ResetLinkRule.evaluate(mail, trustedDomains: domains) else {
        Issue.record("trusted: \(attack)")
        continue
      }
      #expect(MailTrust.refusal(mail.verdicts, trustedDomains: domains) != nil)
    }
    let quoted = try spoofed(results: attacks[1]).verdicts
    #expect(quoted.dkim == "none" && quoted.dkimPassDomains.isEmpty && quoted.spfDomain == "evil.example")
    #expect(try spoofed(results: attacks[0]).verdicts.dkim == MailVerdicts.repeated)
    #expect(try spoofed(results: attacks[3]).verdicts.dmarc == MailVerdicts.repeated)
  }

  /// SES writes envelope-from as a clause of its own; it is the SPF domain, so SPF and DMARC
  /// passing for an AWS domain trusts a mail without DKIM (the fixtures' real SES headers).
  @Test func spfDomainComesFromSESEnvelopeFromClause() throws {
    let fixture = try parse("09-reset-genuine.eml")
    #expect(fixture.verdicts.spf == "pass" && fixture.verdicts.spfDomain == "amazonses.com")
    let otp = MimeParser.parse(
      Array(try Data(contentsOf: URL(fileURLWithPath: TestMails.fixtures + "/primary-email-otp.eml"))))
    #expect(otp.verdicts.spfDomain == "verify.signin.aws")
    #expect(otp.verdicts.dkimPassDomains == ["verify.signin.aws", "amazonses.com"])
    let domains = ["amazon.com", "amazonaws.com", "aws"]
    let withoutDKIM = try spoofed(
      results: " spf=pass (spfCheck: domain of verify.signin.aws designates 54.240.8.33 as permitted sender)"
        + " client-ip=54.240.8.33; envelope-from=0100019a-verify@verify.signin.aws; helo=a8-33.smtp-out.amazonses.com;"
        + " dkim=none; dmarc=pass header.from=verify.signin.aws;")
    #expect(withoutDKIM.verdicts.spfDomain == "verify.signin.aws")
    #expect(MailTrust.refusal(withoutDKIM.verdicts, trustedDomains: domains) == nil)
    // SPF passing for SES's own bounce domain is not enough (anyone can send through SES).
    let throughSES = try spoofed(
      results: " spf=pass client-ip=54.240.8.30; envelope-from=x@amazonses.com; helo=a8-30.smtp-out.amazonses.com;"
        + " dkim=none; dmarc=fail header.from=amazon.com;")
    #expect(MailTrust.refusal(throughSES.verdicts, trustedDomains: domains) != nil)
  }

  /// Address fields are bounded before GMime reads them: 50,000 nested groups (which crashed
  /// its address parser by recursion, even as an attached message's header) are emptied, a
  /// field of 3,000 addresses is cut to the first 1,000, each with a warning; the rest of the
  /// mail is read as usual. (Runs on the test's own thread, whose stack is small.)
  @Test func addressFieldsAreBoundedBeforeGMimeReadsThem() throws {
    let nested = ParseQuarantineTests.nestedGroupsMail(depth: 50_000)
    let mail = MimeParser.parse(nested)
    #expect(mail.subject == "nested" && mail.textParts.first?.contains("body") == true)
    #expect(mail.recipients == ["root+0a1b2c3d4e5f@aws.example.com"])
    #expect(mail.warnings.contains("To header emptied: its groups nest 50000 deep (at most 4)"), "\(mail.warnings)")
    let attached =
      Array(
        ("From: a@outside.example\r\nTo: b@aws.example.com\r\nSubject: outer\r\n"
          + "Content-Type: multipart/mixed; boundary=XX\r\n\r\n--XX\r\nContent-Type: text/plain\r\n\r\nouter body\r\n"
          + "--XX\r\nContent-Type: message/rfc822\r\n\r\n").utf8) + nested + Array("\r\n--XX--\r\n".utf8)
    let outer = MimeParser.parse(attached)
    #expect(outer.subject == "outer" && outer.attachments.count == 1)
    #expect(outer.warnings.contains { $0.hasPrefix("To header emptied") })
    let many = (0..<3000).map { "r\($0)@aws.example.com" }.joined(separator: ",\r\n ")
    let wide = MimeParser.parse(Array("From: a@outside.example\r\nTo: \(many)\r\nSubject: wide\r\n\r\nx\r\n".utf8))
    #expect(wide.recipients.count == 1000 && wide.recipients.last == "r999@aws.example.com")
    #expect(wide.warnings.contains("To header cut to its first 1000 addresses: it has 3000 addresses (at most 1000)"))
    // Ordinary fields are left alone: a group, a route, quoted and commented names.
    let fine = #"To: Team: "a, b" <a@aws.example.com>, (c:d;) c@aws.example.com;, <@r1,@r2:d@aws.example.com>"#
    #expect(AddressHeaderBounds.bounded(Array((fine + "\r\nSubject: x\r\n\r\nbody\r\n").utf8)) == nil)
  }

  /// GMime makes an object per part and per header field: a 7 MB mail of a million empty parts
  /// took 1.7 GB, a 21 MB one aborted rootmail. Parsing reads the first 5,000 parts or 5,000
  /// fields, in every form GMime takes them, and says the rest is not read.
  @Test func partsAndHeaderFieldsAreBoundedBeforeGMimeReadsThem() throws {
    let head = "From: a@outside.example\r\nTo: root+0a1b2c3d4e5f@aws.example.com\r\nSubject: parts\r\n"
    let mixed = head + "Content-Type: multipart/mixed; boundary=\"B\"\r\n\r\n"
    let partsCut = "more than 5,000 MIME parts: the rest of the mail is not read"
    let fieldsCut = "more than 5,000 header fields: the rest of the mail is not read"
    // A million parts: the first 5,000 are read.
    let parts = MimeParser.parse(Array((mixed + String(repeating: "--B\r\n\r\nx\r\n", count: 1_000_000)).utf8))
    #expect(parts.subject == "parts" && parts.warnings.contains(partsCut), "\(parts.warnings)")
    #expect(parts.textParts.count > 4_000 && parts.textParts.count <= 5_000, "\(parts.textParts.count)")
    // Boundary lines one after the other (GMime makes an empty part of each), and a boundary
    // GMime reads encoded (RFC 2231), which a scan for boundary= would miss.
    let bare = MimeParser.parse(Array((mixed + String(repeating: "--B\r\n", count: 100_000)).utf8))
    #expect(bare.warnings.contains(partsCut), "\(bare.warnings)")
    let encoded = head + "Content-Type: multipart/mixed; boundary*=us-ascii''B\r\n\r\n"
    let hidden = MimeParser.parse(Array((encoded + String(repeating: "--B\r\n\r\nx\r\n", count: 20_000)).utf8))
    #expect(hidden.warnings.contains(partsCut), "\(hidden.warnings)")
    // Header fields: the mail's own, with lines GMime skips between them; a part's; an
    // attached message's; a digest part's (a message by default).
    let fields = String(repeating: "X-A: 1\r\nnot a field\r\n", count: 100_000)
    let own = MimeParser.parse(Array((head + fields + "\r\nbody\r\n").utf8))
    #expect(own.subject == "parts" && own.warnings.contains(fieldsCut), "\(own.warnings)")
    #expect(own.headers.count > 4_000 && own.headers.count <= 5_000, "\(own.headers.count)")
    let part = MimeParser.parse(Array((mixed + "--B\r\n" + fields + "\r\nx\r\n--B--\r\n").utf8))
    #expect(part.warnings.contains(fieldsCut), "\(part.warnings)")
    let message = mixed + "--B\r\nContent-Type: message/rfc822\r\n\r\n" + fields + "\r\nx\r\n--B--\r\n"
    #expect(MimeParser.parse(Array(message.utf8)).warnings.contains(fieldsCut))
    let digest = head + "Content-Type: multipart/digest; boundary=B\r\n\r\n--B\r\n\r\n" + fields + "\r\nx\r\n--B--\r\n"
    #expect(MimeParser.parse(Array(digest.utf8)).warnings.contains(fieldsCut))
    // Ordinary mail is read whole: a long text of name:value lines and a signature, HTML
    // comments closing at a line's start and 20,000 lines after them.
    let html = "<p>\r\n-->\r\n" + String(repeating: "<td class=3D\"x\">a: b</td>\r\n", count: 20_000)
    let ordinary =
      mixed + "--B\r\nContent-Type: text/plain\r\n\r\nhi\r\n" + String(repeating: "Key:1\r\n", count: 20_000)
      + "-- \r\nme\r\nPhone: 1\r\n\r\n--B\r\nContent-Type: text/html\r\n\r\n" + html + "--B--\r\n"
    #expect(Array(ordinary.utf8).withUnsafeBufferPointer { StructureBounds.cut($0) } == nil)
    let read = MimeParser.parse(Array(ordinary.utf8))
    #expect(read.textParts.count == 1 && read.htmlParts.count == 1, "\(read.warnings)")
    #expect(!read.warnings.contains(partsCut) && !read.warnings.contains(fieldsCut))
  }

  @Test func controlCharactersAreEscaped() throws {
    let mail = try parse("11-escape-headers.eml")
    let subject = TerminalSafe.escaped(mail.subject)
    #expect(subject == "title\\u{1b}]0;pwned\\u{7} and \\u{9b} csi", "\(subject)")
    #expect(!TerminalSafe.escaped(mail.from).contains("\u{1B}"))
    let body = TerminalSafe.escapedLines(mail.textParts[0])
    #expect(body.contains("\\u{1b}[2J") && body.contains("\\u{7}") && body.contains("\\r") && body.contains("\n"))
    #expect(JSONValue.string("a\u{1B}b\u{9B}c").compact == "\"a\\u001bb\\u009bc\"")
  }

  @Test func attachmentNamesNeverLeaveTheFolder() {
    #expect(AttachmentSaver.safeName("../../.bashrc", index: 0) == "bashrc")
    #expect(AttachmentSaver.safeName("/etc/passwd", index: 0) == "passwd")
    #expect(AttachmentSaver.safeName("a\u{0}b\u{1B}c.txt", index: 0) == "abc.txt")
    #expect(AttachmentSaver.safeName("..", index: 2) == "attachment-3")
    #expect(AttachmentSaver.safeName("C:\\Windows\\evil.exe", index: 0) == "evil.exe")
    #expect(AttachmentSaver.safeName(nil, index: 0) == "attachment-1")
  }

  @Test func classes() {
    let filtered = [
      "Your AWS Account is Ready - Get Started Now", "Welcome to Amazon Web Services", "Config Rules Compliance Change",
    ]
    #expect(MailClass.classify(subject: "Amazon Web Services Password Assistance", filteredSubjects: filtered) == .passwordReset)
    #expect(MailClass.classify(subject: "Welcome to Amazon Web Services", filteredSubjects: filtered) == .welcome)
    #expect(
      MailClass.classify(subject: "Your AWS Account is Ready - Get Started Now", filteredSubjects: filtered) == .accountReady)
    #expect(MailClass.classify(subject: "Config Rules Compliance Change", filteredSubjects: filtered) == .filtered)
    #expect(MailClass.classify(subject: "  ", filteredSubjects: filtered) == .emptySubject)
    #expect(MailClass.classify(subject: "hello", filteredSubjects: filtered) == .other)
  }

  @Test func everyFixtureParses() throws {
    for name in try TestMails.names(in: TestMails.fixtures) + TestMails.names(in: TestMails.folder) {
      let folder = name.hasPrefix("0") || name.hasPrefix("1") ? TestMails.folder : TestMails.fixtures
      let mail = MimeParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))))
      _ = MailBody.readable(mail, parser: GMimeMailParser())
    }
  }
}
