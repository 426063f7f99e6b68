import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// Reading mail at a real terminal (a pty made by util-linux `script`): the trust column and
/// its filters, the banner over a spoofed AWS mail, the pager, the table cut to the terminal's
/// width, and colour only on a terminal.
@Suite(.serialized) struct MailTerminalTests {
  static let account = "root+0a1b2c3d4e5f@aws.example.com"

  /// Three mails as SES stores them: AWS's genuine one, one spoofing AWS, and an ordinary
  /// unauthenticated one with a long subject.
  static func mails() -> [(key: String, raw: String)] {
    func mail(_ from: String, _ results: String, _ subject: String, _ body: String) -> String {
      """
      Authentication-Results: amazonses.com; \(results)\r
      From: \(from)\r
      To: \(account)\r
      Subject: \(subject)\r
      Date: Tue, 01 Dec 2026 10:00:00 +0000\r
      \r
      \(body)\r

      """
    }
    return [
      (
        "RootMail/genuine",
        mail(
          "AWS <no-reply-aws@amazon.com>",
          "spf=pass smtp.mailfrom=bounces.amazon.com; dkim=pass header.i=@amazon.com; dmarc=pass header.from=amazon.com;",
          "Amazon Web Services Password Assistance", "https://signin.aws.amazon.com/resetpassword?token=a")
      ),
      (
        "RootMail/spoofed",
        mail(
          "AWS <no-reply-aws@amazon.com>", "spf=fail smtp.mailfrom=evil.example; dkim=none; dmarc=fail header.from=amazon.com;",
          "Amazon Web Services Password Assistance", "https://signin.aws.amazon.com.evil.example/resetpassword?token=b")
      ),
      (
        "RootMail/ordinary",
        mail(
          "Someone <someone@outside.example>", "spf=none; dkim=none; dmarc=none;",
          "A very long subject line that certainly does not fit into a narrow terminal window at all",
          "see https://example.org/page")
      ),
    ]
  }

  /// A home whose bucket holds `mails()`, not fetched yet.
  static func withBucket() async throws -> RootmailCLI {
    let moto = try MotoServer.shared()
    let bucket = "rootmail-tty-\(UInt32.random(in: 0...UInt32.max))"
    try await moto.client().s3.createBucket(bucket)
    for (key, raw) in mails() { try await moto.client().s3.putObject(bucket, key: key, body: Array(raw.utf8)) }
    return try RootmailCLI(extra: moto.environment().merging(["ROOTMAIL_BUCKET": bucket]) { $1 })
  }

  static func fetched() async throws -> RootmailCLI {
    let cli = try await withBucket()
    let fetch = try cli.run(["mail", "fetch"])
    #expect(fetch.status == 0, "\(fetch.stderr)")
    return cli
  }

  /// With -v on a terminal each receiver line starts at the left edge: the progress line is
  /// cleared before it, not left in front of it.
  @Test func verboseLinesClearTheProgressLine() async throws {
    let cli = try await Self.withBucket()
    let out = try cli.runOnTerminal(["mail", "fetch", "-v"]).stdout
    let lines = out.components(separatedBy: "mail ").dropFirst().filter { $0.contains(" reset-link: ") }
    #expect(lines.count == 3, "\(out)")
    // What comes before each `mail <id> reset-link:` on its line.
    for part in out.components(separatedBy: "\n") where part.contains(" reset-link: ") {
      let visible = part.components(separatedBy: "\r\u{1B}[K").last ?? part
      #expect(visible.hasPrefix("mail "), "\(TerminalSafe.escaped(part))")
    }
  }

  static func onTerminal(_ cli: RootmailCLI, _ arguments: [String], extra: [String: String] = [:]) throws -> String {
    let result = try cli.runOnTerminal(arguments, extra: extra)
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    return result.stdout
  }

  @Test func trustColumnFiltersAndEmptyResults() async throws {
    let cli = try await Self.fetched()
    let list = try cli.run(["mail", "list", "-o", "json"])
    let rows = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
    let trust = Dictionary(uniqueKeysWithValues: rows.map { ($0["key"] as? String ?? "", $0["trust"] as? String ?? "") })
    #expect(
      trust == ["RootMail/genuine": "aws", "RootMail/spoofed": "spoofed-aws", "RootMail/ordinary": "unverified"])

    let text = try cli.run(["mail", "list"])
    let marks = Dictionary(
      uniqueKeysWithValues: text.lines.map { line in
        let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        return (cells[1], cells[0])
      })
    #expect(marks[MailID.make(key: "RootMail/genuine")] == "✓")
    #expect(marks[MailID.make(key: "RootMail/spoofed")] == "!")

    let trusted = try cli.run(["mail", "list", "--trusted", "-o", "json"])
    #expect(trusted.stdout.contains("RootMail/genuine") && !trusted.stdout.contains("RootMail/spoofed"))
    let untrusted = try cli.run(["mail", "list", "--untrusted", "--limit", "1", "-o", "json"])
    let kept = try #require(try JSONSerialization.jsonObject(with: Data(untrusted.stdout.utf8)) as? [[String: Any]])
    #expect(kept.count == 1 && (kept.first?["trust"] as? String ?? "") != "aws")
    let from = try cli.run(["mail", "list", "--from", "SOMEONE@outside.example"])
    #expect(from.lines.count == 1 && from.stdout.contains("someone@outside.example"))
    #expect(try cli.run(["mail", "list", "--has-attachments"]).stdout.isEmpty)

    let none = try cli.run(["mail", "list", "--account", "nosuch"])
    #expect(none.status == 0 && none.stdout.isEmpty)
    #expect(none.stderr == "no mail matches --account nosuch\n", "\(none.stderr)")
  }

  @Test func showBannerAndLinksMarksForASpoofedAWSMail() async throws {
    let cli = try await Self.fetched()
    let spoofed = MailID.make(key: "RootMail/spoofed")
    let show = try cli.run(["mail", "show", spoofed])
    #expect(show.stdout.hasPrefix("! this mail claims to be from AWS but fails DKIM/SPF/DMARC: do not follow its links"))
    #expect(show.stdout.contains("Trust: ! claims an AWS sender but fails"))
    let genuine = try cli.run(["mail", "show", MailID.make(key: "RootMail/genuine")])
    #expect(!genuine.stdout.contains("do not follow its links"))
    #expect(genuine.stdout.contains("Trust: ✓ AWS"))

    let links = try cli.run(["mail", "links", spoofed, "-o", "table"])
    #expect(links.stderr.contains("claims to be from AWS but fails DKIM/SPF/DMARC"))
    #expect(links.lines == ["! https://signin.aws.amazon.com.evil.example/resetpassword?token=b"])
    let genuineLinks = try cli.run(["mail", "links", MailID.make(key: "RootMail/genuine"), "-o", "table"])
    #expect(genuineLinks.lines == ["  https://signin.aws.amazon.com/resetpassword?token=a"])
    // Piped, one bare link a line.
    #expect(
      try cli.run(["mail", "links", spoofed]).lines == ["https://signin.aws.amazon.com.evil.example/resetpassword?token=b"])
  }

  /// On a terminal the pager gets the output; piped, or with --no-pager / pager = false, it
  /// does not.
  @Test func thePagerRunsOnlyOnATerminal() async throws {
    let cli = try await Self.fetched()
    let paged = cli.home.path + "/paged.txt"
    let pager = try cli.home.write("bin/pager", "#!/bin/sh\ncat > '\(paged)'\n", mode: 0o755)
    let environment = ["ROOTMAIL_PAGER": pager, "COLUMNS": "200"]
    _ = try Self.onTerminal(cli, ["mail", "list"], extra: environment)
    let text = try String(contentsOfFile: paged, encoding: .utf8)
    #expect(text.contains("SUBJECT") && text.contains(MailID.make(key: "RootMail/genuine")))
    try FileManager.default.removeItem(atPath: paged)

    let piped = try cli.run(["mail", "list"], extraEnvironment: environment)
    #expect(piped.status == 0 && !FileManager.default.fileExists(atPath: paged))
    let shown = try Self.onTerminal(cli, ["mail", "list", "--no-pager"], extra: environment)
    #expect(shown.contains("SUBJECT") && !FileManager.default.fileExists(atPath: paged))
    _ = try Self.onTerminal(cli, ["mail", "list"], extra: environment.merging(["ROOTMAIL_PAGER": "cat"]) { $1 })
    #expect(!FileManager.default.fileExists(atPath: paged))
    // A pager that is not there: the output is shown without it, with a warning (a new
    // user's trial lost the output, exit 0, behind sh's "not found"), by path or by name.
    for command in ["/nonexistent/pager", "nonexistent-pager -R"] {
      let missing = try Self.onTerminal(cli, ["mail", "list"], extra: ["ROOTMAIL_PAGER": command, "COLUMNS": "200"])
      let program = String(command.prefix { $0 != " " })
      #expect(missing.contains("the pager \(program) was not found, so the output is shown without it"), "\(missing)")
      #expect(missing.contains("SUBJECT") && missing.contains(MailID.make(key: "RootMail/genuine")), "\(missing)")
    }
    // One the shell must read is run by it; when it cannot run, rootmail still says so.
    let failing = try Self.onTerminal(cli, ["mail", "list"], extra: ["ROOTMAIL_PAGER": "exec /nonexistent/pager"])
    #expect(failing.contains("could not run (exit 127)"), "\(failing)")
  }

  /// The table fits `COLUMNS`: the subject is cut with …; `-o wide` prints it whole.
  @Test func theTableFitsTheTerminalAndWidePrintsEverything() async throws {
    let cli = try await Self.fetched()
    let narrow = try Self.onTerminal(cli, ["mail", "list", "--no-pager"], extra: ["COLUMNS": "100", "NO_COLOR": "1"])
    let lines = narrow.split(separator: "\n").map(String.init)
    #expect(lines.count == 4)
    for line in lines { #expect(line.count <= 100, "\(line.count): \(line)") }
    #expect(narrow.contains("…"))
    let wide = try Self.onTerminal(cli, ["mail", "list", "--no-pager", "-o", "wide"], extra: ["COLUMNS": "100"])
    #expect(wide.contains("does not fit into a narrow terminal window at all"))
  }

  /// Colour on a terminal; none when piped, with NO_COLOR or --color never; --color always
  /// colours piped output too.
  @Test func colourOnlyOnATerminalUnlessAsked() async throws {
    let cli = try await Self.fetched()
    let green = "\u{1b}[32m✓\u{1b}[0m"
    let tty = try Self.onTerminal(cli, ["mail", "list", "--no-pager"], extra: ["COLUMNS": "200"])
    #expect(tty.contains(green))
    let noColor = try Self.onTerminal(cli, ["mail", "list", "--no-pager"], extra: ["COLUMNS": "200", "NO_COLOR": "1"])
    #expect(!noColor.contains("\u{1b}["))
    let never = try Self.onTerminal(cli, ["mail", "list", "--no-pager", "--color", "never"], extra: ["COLUMNS": "200"])
    #expect(!never.contains("\u{1b}["))
    #expect(!(try cli.run(["mail", "list", "-o", "table"]).stdout.contains("\u{1b}[")))
    #expect(try cli.run(["mail", "list", "-o", "table", "--color", "always"]).stdout.contains(green))
  }

  /// On a terminal, mail fetch shows its progress with the total once the listing is done.
  @Test func fetchShowsATotalOnATerminal() async throws {
    let moto = try MotoServer.shared()
    let bucket = "rootmail-tty-\(UInt32.random(in: 0...UInt32.max))"
    try await moto.client().s3.createBucket(bucket)
    for (key, raw) in Self.mails() { try await moto.client().s3.putObject(bucket, key: key, body: Array(raw.utf8)) }
    let cli = try RootmailCLI(extra: moto.environment().merging(["ROOTMAIL_BUCKET": bucket]) { $1 })
    let shown = try Self.onTerminal(cli, ["mail", "fetch"])
    #expect(shown.contains("fetching: 3/3 (3 new, 0 already had, 0 failed)"), "\(shown)")
    #expect(!(try cli.run(["mail", "fetch"]).stderr.contains("fetching:")), "no progress line when piped")
  }

  /// Shell completion of values through the command's own listing (swift-argument-parser's
  /// custom completion protocol, as the generated scripts call it): mail ids for `mail show`,
  /// account names and addresses for `--account` and `mappings get`.
  @Test func valuesCompleteThroughTheCommandsOwnListing() async throws {
    var cli = try await Self.fetched()
    // 100 ms is the default bound; a loaded test machine gets more, so the test checks listing,
    // not speed.
    cli.environment["ROOTMAIL_COMPLETION_TIMEOUT"] = "20000"
    let ids = Set(Self.mails().map { MailID.make(key: $0.key) })
    let all = try cli.run(["---completion", "mail", "show", "--", "positional@0", "0", "0", ""])
    #expect(all.status == 0, "\(all.stderr)")
    #expect(Set(all.lines) == ids, "\(all.stdout)")
    let genuine = MailID.make(key: "RootMail/genuine")
    let some = try cli.run(["---completion", "mail", "show", "--", "positional@0", "0", "3", String(genuine.prefix(3))])
    #expect(some.lines.contains(genuine) && some.lines.allSatisfy { $0.hasPrefix(genuine.prefix(3)) })

    let mapping =
      #"{"AccountEmail": "\#(Self.account)", "OwnerAddress": "team@example.com", "AccountName": "fin-ledger-prod", "Enum": "001", "AccountType": "IT"}"#
    #expect(try cli.run(["mappings", "import", "-", "--format", "jsonl"], input: mapping + "\n").status == 0)
    for command in ["list", "reset-link"] {
      let accounts = try cli.run(["---completion", "mail", command, "--", "--account", "0", "3", "fin"])
      #expect(accounts.lines == ["fin-ledger-prod-001"], "mail \(command): \(accounts.stdout)\(accounts.stderr)")
    }
    let keys = try cli.run(["---completion", "mappings", "get", "--", "positional@0", "0", "0", ""])
    #expect(Set(keys.lines) == ["fin-ledger-prod-001", Self.account], "\(keys.stdout)")
  }

  /// A malformed completion request is exit 64, not a crash inside swift-argument-parser; a
  /// value with anything but letters, digits and `@ . _ + - / ,` is never offered as a candidate.
  @Test func completionRequestsAndCandidatesAreChecked() async throws {
    let cli = try await Self.fetched()
    let bad = try cli.run(["---completion", "mail", "show", "--", "positional@-1", "0", "0", "x"])
    #expect(bad.status == 64, "\(bad.stderr)")
    let worse = try cli.run(["---completion", "mail", "show", "--", "positional@0", "5", "99"])
    #expect(worse.status == 64, "\(worse.stderr)")
    let offered = await ValueCompletion.bounded(prefix: "") {
      [
        "good", "bad\nINJ", "esc\u{1b}[31m", "two words", "good", "a;b", "a'b", "a\\b", "*", "$HOME", "a:b", "Überweisung-2",
        "root+0a@x.example.com",
      ]
    }
    #expect(offered == ["good", "Überweisung-2", "root+0a@x.example.com"])
  }

  /// A stored value is never run by shell completion. bash's `compgen -W`, which the generated
  /// script calls with the candidates, expands each word: an account name a stranger got into
  /// the store (`$(…)`, backquotes) ran as whoever pressed TAB. Such a value is not offered.
  @Test func aHostileStoredValueIsNeverRunByShellCompletion() throws {
    var cli = try RootmailCLI()
    cli.environment["ROOTMAIL_COMPLETION_TIMEOUT"] = "20000"
    // Run in the home (below): a name is at most 50 characters.
    let names = ["$(touch${IFS}ran-dollar)", "`touch${IFS}ran-backquote`", "${IFS}", "~root", "{a,b}", "fin-ledger-prod"]
    let lines = names.enumerated().map { i, name in
      #"{"AccountEmail": "root+00000000000\#(i)@aws.example.com", "OwnerAddress": "team@example.com", "AccountName": "\#(name)", "AccountType": "IT"}"#
    }
    let imported = try cli.run(["mappings", "import", "-", "--format", "jsonl"], input: lines.joined(separator: "\n") + "\n")
    #expect(imported.status == 0, "\(imported.stderr)")
    let addresses = Set(names.indices.map { "root+00000000000\($0)@aws.example.com" })
    let offered = try cli.run(["---completion", "mappings", "get", "--", "positional@0", "0", "0", ""])
    #expect(Set(offered.lines) == addresses.union(["fin-ledger-prod"]), "\(offered.stdout)")

    let script = try cli.write(try cli.run(["completion", "bash"]).stdout, to: "rootmail.bash")
    for words in [["mappings", "get"], ["mail", "list", "--account"]] {
      let line = ([RootmailCLI.binary] + words).joined(separator: " ") + " "
      let shell = """
        cd \(cli.home.path) && . \(script)
        COMP_WORDS=(\(RootmailCLI.binary) \(words.joined(separator: " ")) "")
        COMP_CWORD=\(words.count + 1); COMP_LINE='\(line)'; COMP_POINT=${#COMP_LINE}
        _rootmail rootmail "" \(words.last!)
        printf '%s\\n' "${COMPREPLY[@]}"
        """
      let completed = try RootmailCLI.run("/bin/bash", ["-c", shell], environment: cli.environment)
      #expect(completed.status == 0, "\(completed.stderr)")
      #expect(Set(completed.lines) == addresses.union(["fin-ledger-prod"]), "\(words): \(completed.stdout)")
      let ran = try FileManager.default.contentsOfDirectory(atPath: cli.home.path).filter { $0.hasPrefix("ran") }
      #expect(ran.isEmpty, "completion ran a stored value: \(ran)")
    }
  }

  /// Quitting the pager early (here a pager that reads one line) is not an error: exit 0.
  @Test func quittingThePagerEarlyIsExitZero() async throws {
    let cli = try await Self.fetched()
    let shown = try Self.onTerminal(cli, ["mail", "list"], extra: ["ROOTMAIL_PAGER": "head -1", "COLUMNS": "200"])
    #expect(shown.contains("SUBJECT"))
  }
}
