import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

@_spi(RootmailHost) @testable import RootmailPluginMail

/// The real binary against moto_server: the shared AWS fixtures and this suite's own mails
/// uploaded into a bucket, fetched, and read back through `mail list`, `show`, `links` and
/// `reset-link` as a user would.
@Suite(.serialized) struct MailCLITests {
  static let account = "root+0a1b2c3d4e5f@aws.example.com"

  /// A bucket holding every fixture and test mail; the spoofed reset mail is stored a second
  /// after the genuine one, so it is the newer.
  static func bucketWithMails() async throws -> (bucket: String, keys: [String: String]) {
    let moto = try MotoServer.shared()
    let s3 = moto.client().s3
    let bucket = "rootmail-mail-\(UInt32.random(in: 0...UInt32.max))"
    try await s3.createBucket(bucket)
    var keys: [String: String] = [:]
    for name in try TestMails.names(in: TestMails.fixtures) {
      let key = "RootMail/fixture-" + name
      try await s3.putObject(
        bucket, key: key, body: Array(try Data(contentsOf: URL(fileURLWithPath: TestMails.fixtures + "/" + name))))
      keys[name] = key
    }
    for name in try TestMails.names(in: TestMails.folder) {
      if name.hasPrefix("10-") { try await Task.sleep(for: .milliseconds(1100)) }
      let key = "RootMail/" + name
      try await s3.putObject(bucket, key: key, body: try TestMails.bytes(name))
      keys[name] = key
    }
    // What SES writes under the prefix when the rule's S3 action is made: never counted, listed
    // or handed to receivers as mail (not in `keys`).
    try await s3.putObject(
      bucket, key: "RootMail/AMAZON_SES_SETUP_NOTIFICATION", body: Array("This is a test message from Amazon SES.\n".utf8))
    return (bucket, keys)
  }

  static func cli(bucket: String, extra: [String: String] = [:]) throws -> RootmailCLI {
    try RootmailCLI(
      extra: try MotoServer.shared().environment().merging(["ROOTMAIL_BUCKET": bucket]) { $1 }.merging(extra) { $1 })
  }

  func json(_ text: String) throws -> [[String: Any]] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]], "\(text)")
  }

  /// GMime, GLib and libxml2 (libRootmailMIME.so) load only for a command that parses mail:
  /// `mail list` reads the index without them, a fetch with nothing new does not load them,
  /// `mail show` does.
  @Test func onlyCommandsThatParseLoadTheMailParser() async throws {
    let rootmail = try Self.cli(bucket: try await Self.bucketWithMails().bucket)
    let fetch = try rootmail.run(["mail", "fetch"])
    #expect(fetch.status == 0, "\(fetch.stderr)")
    let debug = ["LD_DEBUG": "libs"]
    let list = try rootmail.run(["mail", "list", "--all", "--output", "json"], extraEnvironment: debug)
    #expect(list.status == 0)
    #expect(list.stderr.contains("libRootmailKit.so"), "LD_DEBUG output is there")
    // (libRootmailMIME.so itself is loaded through /proc/self/fd, so the libraries it brings
    // are what shows whether it was loaded.)
    for library in ["libgmime", "libglib", "libxml2"] {
      #expect(!list.stderr.contains(library), "mail list loaded \(library)")
    }
    // A second fetch with nothing new parses nothing, so it loads no parser either.
    let again = try rootmail.run(["mail", "fetch"], extraEnvironment: debug)
    #expect(again.status == 0, "\(again.stderr)")
    #expect(again.stderr.contains("0 new"), "\(again.stderr)")
    #expect(!again.stderr.contains("libgmime") && !again.stderr.contains("libxml2"))
    let id = try #require(try json(list.stdout).first?["id"] as? String)
    let show = try rootmail.run(["mail", "show", id], extraEnvironment: debug)
    #expect(show.status == 0, "\(show.stderr)")
    #expect(show.stderr.contains("libgmime") && show.stderr.contains("libxml2"))
  }

  @Test func fetchListShowLinksAndResetLink() async throws {
    let (bucket, keys) = try await Self.bucketWithMails()
    let rootmail = try Self.cli(bucket: bucket)
    let mapping =
      #"{"AccountEmail": "\#(Self.account)", "OwnerAddress": "team@example.com", "AccountName": "fin-ledger-prod", "Enum": "001", "AccountType": "IT"}"#
    let imported = try rootmail.run(["mappings", "import", "-", "--format", "jsonl"], input: mapping + "\n")
    #expect(imported.status == 0, "\(imported.stderr)")

    let fetch = try rootmail.run(["mail", "fetch"])
    #expect(fetch.status == 0, "\(fetch.stderr)")
    #expect(fetch.stderr.contains("\(keys.count) new, 0 already had, 0 failed"), "\(fetch.stderr)")
    #expect(fetch.stdout.isEmpty)

    // Files 0600 in 0700 folders.
    let root = rootmail.home.path + "/data/rootmail/mail"
    for folder in [root, root + "/new", root + "/tmp"] { #expect(try Self.mode(folder) == 0o700) }
    for name in try FileManager.default.contentsOfDirectory(atPath: root + "/new") {
      #expect(try Self.mode(root + "/new/" + name) == 0o600)
    }

    let all = try json(try rootmail.run(["mail", "list", "--all", "--output", "json"]).stdout)
    #expect(all.count == keys.count)
    // A filter that only hidden mail matches says so, not that there is no such mail.
    let hidden = try rootmail.run(["mail", "list", "--subject", "Account is Ready"])
    #expect(hidden.status == 0 && hidden.stdout.isEmpty, "\(hidden.stdout)")
    #expect(
      hidden.stderr
        == "no mail matches --subject Account is Ready (1 mail with a filtered subject hidden: --all shows them)\n",
      "\(hidden.stderr)")
    let searched = try rootmail.run(["mail", "search", "ready", "--subject", "Account is Ready"])
    #expect(searched.stderr.contains("(1 mail with a filtered subject hidden: --all shows them)"), "\(searched.stderr)")
    #expect(try rootmail.run(["mail", "list", "--all", "--subject", "Account is Ready", "-o", "text"]).lines.count == 1)
    func entry(_ name: String) throws -> [String: Any] {
      try #require(all.first { $0["key"] as? String == keys[name] }, "\(name)")
    }
    #expect(try entry("04-subject-utf8.eml")["subject"] as? String == "Grüße aus Köln ✓")
    #expect(try entry("05-subject-latin1.eml")["subject"] as? String == "Résumé du mois € payé")
    let genuine = try entry("09-reset-genuine.eml")
    #expect(genuine["class"] as? String == "password-reset")
    #expect(genuine["from_address"] as? String == "no-reply-aws@amazon.com")
    #expect(genuine["recipients"] as? [String] == [Self.account])
    #expect(genuine["message_id"] as? String == "reset-genuine@amazon.com")
    let verdicts = try #require(genuine["verdicts"] as? [String: Any])
    #expect(verdicts["spam"] as? String == "PASS" && verdicts["virus"] as? String == "PASS")
    #expect(
      verdicts["dkim"] as? String == "pass" && verdicts["spf"] as? String == "pass" && verdicts["dmarc"] as? String == "pass")
    let account = try #require(genuine["account"] as? [String: Any])
    #expect(account["name"] as? String == "fin-ledger-prod-001" && account["owner"] as? String == "team@example.com")
    #expect((genuine["size"] as? Int ?? 0) > 500 && (genuine["etag"] as? String ?? "").count == 32)
    #expect(try entry("empty-subject-mail.eml")["class"] as? String == "empty-subject")
    #expect(try entry("account-ready-mail.eml")["class"] as? String == "account-ready")
    #expect(try entry("06-rfc2231-attachment.eml")["attachments"] as? Int == 1)
    #expect(((try entry("07-broken-boundary.eml")["parse_warnings"] as? [String]) ?? []).contains { $0.contains("truncated") })
    #expect(!((try entry("13-no-headers.eml")["parse_warnings"] as? [String]) ?? []).isEmpty)
    #expect(try entry("12-path-traversal.eml")["attachments"] as? Int == 4)

    // Default list: newest first, welcome/account-ready left out.
    let listed = try json(try rootmail.run(["mail", "list", "--output", "json"]).stdout)
    #expect(listed.count == keys.count - 1)
    #expect(!listed.contains { $0["class"] as? String == "account-ready" })
    let times = listed.compactMap { $0["received"] as? String }
    #expect(times == times.sorted(by: >))
    let resets = try json(try rootmail.run(["mail", "list", "--class", "password-reset", "--output", "json"]).stdout)
    #expect(resets.count == 4)  // the fixture, the genuine, the spoofed and the user-info one
    let toAccount = try json(
      try rootmail.run(["mail", "list", "--account", "fin-ledger-prod-001", "--subject", "PASSWORD", "--output", "json"]).stdout)
    #expect(toAccount.count == 2)
    let limited = try rootmail.run(["mail", "list", "--limit", "2", "--output", "text"])
    #expect(limited.lines.count == 2)
    #expect(try rootmail.run(["mail", "list", "--since", "yesterday"]).status == 64)
    // An age of 0 matches no mail: refused like any other bad age (a new user's trial).
    #expect(try rootmail.run(["mail", "list", "--since", "0d"]).status == 64)

    // show: decoded HTML-only mail with its links; control characters escaped.
    let b64 = try #require(try entry("03-base64-html.eml")["id"] as? String)
    let shown = try rootmail.run(["mail", "show", b64])
    #expect(shown.status == 0, "\(shown.stderr)")
    #expect(shown.stdout.contains("Visit the docs [1].") && shown.stdout.contains("[1] https://docs.aws.amazon.com/"))
    // `mail read`, the word the design and a new user reach for, is the same command.
    #expect(try rootmail.run(["mail", "read", b64]).stdout == shown.stdout)
    let escapeID = try #require(try entry("11-escape-headers.eml")["id"] as? String)
    for args in [["mail", "show", escapeID], ["mail", "show", escapeID, "--headers"], ["mail", "list", "--output", "table"]] {
      let out = try rootmail.run(args).stdout
      #expect(
        !out.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" || (0x7F...0x9F).contains($0.value) },
        "\(args)")
    }
    #expect(try rootmail.run(["mail", "show", escapeID]).stdout.contains("title\\u{1b}]0;pwned\\u{7}"))
    let escapeJSON = try rootmail.run(["mail", "show", escapeID, "--output", "json"]).stdout
    #expect(escapeJSON.contains("\\u001b]0;pwned\\u0007") && !escapeJSON.contains("\u{1B}"))
    // --raw is the stored mail byte for byte when piped.
    let raw = try rootmail.run(["mail", "show", escapeID, "--raw"]).stdout
    #expect(Array(raw.utf8) == (try TestMails.bytes("11-escape-headers.eml")))
    #expect(try rootmail.run(["mail", "show", "zz"]).status == 65)
    #expect(try rootmail.run(["mail", "show", "ffffffffffff"]).status == 1)

    // links: the QP soft break inside a link is joined.
    let qp = try #require(try entry("02-qp-soft-break-link.eml")["id"] as? String)
    #expect(
      try rootmail.run(["mail", "links", qp]).lines == [
        "https://console.aws.amazon.com/billing/home?region=us-east-1#/payments/history"
      ])

    // Attachments: only inside DIR, names sanitised, nothing overwritten, 0600.
    let dir = rootmail.home.path + "/saved"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    try Data("keep".utf8).write(to: URL(fileURLWithPath: dir + "/passwd"))
    let traversal = try #require(try entry("12-path-traversal.eml")["id"] as? String)
    let saved = try rootmail.run(["mail", "show", traversal, "--save-attachments", dir])
    #expect(saved.status == 0, "\(saved.stderr)")
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == [
        "bashrc", "passwd", "passwd-1", "same-1.txt", "same.txt",
      ])
    #expect(try String(contentsOfFile: dir + "/passwd", encoding: .utf8) == "keep")
    #expect(try String(contentsOfFile: dir + "/bashrc", encoding: .utf8) == "echo pwned")
    #expect(try Self.mode(dir + "/bashrc") == 0o600)
    #expect(!FileManager.default.fileExists(atPath: rootmail.home.path + "/.bashrc"))
    let pdfID = try #require(try entry("06-rfc2231-attachment.eml")["id"] as? String)
    #expect(try rootmail.run(["mail", "show", pdfID, "--save-attachments", dir]).status == 0)
    #expect(FileManager.default.fileExists(atPath: dir + "/€ rates Q4.pdf"))

    // reset-link: the genuine link, the newer spoofed mail refused with its reason.
    let reset = try rootmail.run(["mail", "reset-link", "--account", "fin-ledger-prod-001"])
    #expect(reset.status == 0, "\(reset.stderr)")
    #expect(reset.stdout == "https://signin.aws.amazon.com/resetpassword?type=RootUser&token=GENUINE-TOKEN-123\n")
    #expect(reset.stderr.contains("refused") && reset.stderr.contains("DKIM none") && !reset.stdout.contains("SPOOFED"))
    #expect(try rootmail.run(["mail", "reset-link", "--account", Self.account]).stdout == reset.stdout)
    // For a script: the link with where it came from and how old it is.
    let described = try rootmail.run(["mail", "reset-link", "--account", "fin-ledger-prod-001", "-o", "json"])
    let link = try #require(try JSONSerialization.jsonObject(with: Data(described.stdout.utf8)) as? [String: Any])
    #expect(link["link"] as? String == "https://signin.aws.amazon.com/resetpassword?type=RootUser&token=GENUINE-TOKEN-123")
    #expect(link["mail_id"] as? String == genuine["id"] as? String && link["received"] is String, "\(link)")
    #expect((link["age_seconds"] as? Int).map { $0 >= 0 && $0 < 600 } == true, "\(link)")
    // Older than AWS keeps a link good (the cache's mail, or SSM's parameter, whose expiration
    // policy may delete it late): refused unless --any-age.
    #expect(throws: CLIError.self) { try ResetLinkCommand.checkAge(601, anyAge: false, of: "the link") }
    try ResetLinkCommand.checkAge(600, anyAge: false, of: "the link")
    try ResetLinkCommand.checkAge(86_400, anyAge: true, of: "the link")
    let lookAlike = try rootmail.run(["mail", "reset-link", "--account", "other+ffffffffffff@aws.example.com"])
    #expect(lookAlike.status == 1 && lookAlike.stdout.isEmpty && lookAlike.stderr.contains("not https on an AWS sign-in host"))
    // The shared fixture has no SES authentication results: never trusted.
    let fixture = try rootmail.run(["mail", "reset-link", "--account", "user@example.com"])
    #expect(fixture.status == 1 && fixture.stdout.isEmpty && fixture.stderr.contains("no SPF, DKIM or DMARC"))

    // A second fetch has nothing new.
    let again = try rootmail.run(["mail", "fetch"])
    #expect(again.status == 0 && again.stderr.contains("0 new, \(keys.count) already had, 0 failed"), "\(again.stderr)")
  }

  static func mode(_ path: String) throws -> Int {
    (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int ?? 0) & 0o777
  }
}

/// The cache refuses folders others can write to (someone could plant a forged reset mail).
@Suite struct MailCacheTrustTests {
  @Test func aGroupWritableMaildirIsRefused() throws {
    let rootmail = try RootmailCLI()
    let root = rootmail.home.path + "/data/rootmail/mail"
    #expect(try rootmail.run(["mail", "list"]).status == 0)
    chmod(root + "/new", 0o777)
    let refused = try rootmail.run(["mail", "list"])
    #expect(refused.status == 78 && refused.stderr.contains("writable by group or others"), "\(refused.stderr)")
  }
}
