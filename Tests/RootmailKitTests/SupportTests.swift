import Foundation
@_spi(RootmailHost) import RootmailKit
import RootmailTestSupport
import Testing

@Suite struct JSONValueTests {
  @Test func roundTripsWhatItParses() throws {
    let text = #"{"a":[1,-2.5e3,true,false,null],"s":"q\"\\\n\u00e9\ud83d\ude00","o":{}}"#
    let value = try JSONValue.parse(text)
    #expect(value["s"]?.stringValue == "q\"\\\né😀")
    #expect(try JSONValue.parse(value.compact) == value)
    #expect(try JSONValue.parse(value.pretty) == value)
  }

  @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "01x", "\"\\x\"", "[1] 2", "tru"])
  func rejectsMalformedText(text: String) {
    #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
  }
}

@Suite struct CommandLineScanTests {
  let builtins: Set<String> = ["config", "plugins", "help", "generate-docs"]
  func scan(_ args: [String]) -> CommandLineScan {
    CommandLineScan(args, builtins: builtins, builtinsNeedingPlugins: ["plugins", "generate-docs"])
  }

  @Test func findsTheCommandPastGlobalOptions() {
    #expect(scan(["--region", "eu-west-1", "-v", "vend", "--owner", "a@b.c"]).need == .command("vend"))
    #expect(
      scan(["--region", "eu-west-1", "-v", "vend", "--owner", "a@b.c"]).arguments == [
        "vend", "--owner", "a@b.c", "--region", "eu-west-1", "-v",
      ])
    #expect(scan(["-o", "json", "mail", "show", "--", "-x"]).arguments == ["mail", "show", "-o", "json", "--", "-x"])
  }

  @Test func decidesWhatToLoad() {
    #expect(scan(["--version"]).need == .none)
    #expect(scan(["config", "show"]).need == .none)
    #expect(scan(["plugins", "list"]).need == .all)
    #expect(scan([]).need == .all)
    #expect(scan(["vend", "--help"]).need == .all)
    #expect(scan(["help", "vend"]).need == .all)
    #expect(scan(["--generate-completion-script", "bash"]).need == .all)
  }
}

@Suite struct RedactorTests {
  @Test func masksRegisteredSecretsAndSensitiveHeaders() {
    let r = Redactor()
    r.register("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    r.register("short")
    let text =
      "secret=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY short\nAuthorization: AWS4-HMAC-SHA256 Credential=AKID/x, Signature=abc\nX-Amz-Security-Token: tok"
    let out = r.redact(text)
    #expect(!out.contains("wJalrXUtnFEMI"))
    #expect(out.contains("short"))
    #expect(!out.contains("Signature=abc"))
    #expect(!out.contains("tok"))
    #expect(out.contains("Authorization: [REDACTED]"))
  }
}

@Suite struct TableTests {
  @Test func rendersAlignedTextAndJSON() {
    let t = Table(columns: ["name", "path"], rows: [["Hello", "/a"], ["Vend", "/longer/path"]])
    #expect(t.renderAligned() == "NAME   PATH\nHello  /a\nVend   /longer/path\n")
    #expect(t.renderText() == "Hello\t/a\nVend\t/longer/path\n")
    #expect(t.json()["name"] == nil)
    #expect(t.json().arrayValue?.first?["path"] == .string("/a"))
  }

  /// `mappings list`'s columns, fitted as it declares them, with vended addresses that differ
  /// only in their local part (two of them only near its end).
  static func mappings() -> Table {
    var t = Table(
      columns: MappingRecord.tableColumns,
      rows: [
        [
          "root+3f9c0a1b2c3d@aws.example.com", "blue-team@platform.example.com", "platform-shared-services-prod-0001", "IT",
          "ACTIVE", "123456789012", "2025-01-14T09:30:00Z",
        ],
        [
          "root+3f9c0a1b2c9e@aws.example.com", "red-team@platform.example.com", "fin-ledger-prod-002", "Research",
          "ACCOUNT-CREATED", "210987654321", "2025-02-03T17:05:41Z",
        ],
        [
          "root+8d2e4f6a1b0c@aws.example.com", "blue-team@platform.example.com", "data-lake-analytics-sandbox-003", "Sales",
          "ACTIVE", "", "2025-03-21T08:00:00Z",
        ],
      ])
    t.fits = [.cutMiddle, .cutMiddle, .cutEnd, .cutEnd, .fixed, .fixed, .fixed]
    return t
  }

  /// The cells of column `i` (cells hold no two spaces in a row) of each row, header dropped.
  static func column(_ i: Int, of text: String) -> [String] {
    text.split(separator: "\n").dropFirst().map { line in
      String(line.split(separator: "  ", omittingEmptySubsequences: true)[i])
    }
  }

  /// At 120 columns the table fits: the names give way first, then the addresses, which keep
  /// their local part and stay different. At 80 even the least widths do not fit: every
  /// column is at its least (the names at their header's width, the addresses where they still
  /// differ) and the addresses still tell the rows apart.
  @Test func mappingsFitTheTerminalAndKeepAddressesApart() {
    let t = Self.mappings()
    let at120 = t.renderAligned(width: 120)
    for line in at120.split(separator: "\n") { #expect(line.count <= 120, "\(line.count): \(line)") }
    let emails = Self.column(0, of: at120)
    #expect(Set(emails).count == 3, "\(emails)")
    #expect(emails.allSatisfy { $0.contains("@") && $0.contains("…") }, "\(emails)")
    #expect(Self.column(2, of: at120).allSatisfy { $0.count <= 12 }, "names give way first")

    let at80 = t.renderAligned(width: 80)
    let least = 17 + 12 + 12 + 8 + 15 + 12 + 20 + 2 * 6
    for line in at80.split(separator: "\n") { #expect(line.count <= least, "\(line.count): \(line)") }
    #expect(Self.column(0, of: at80) == ["root+3f9c0a1b2c3…", "root+3f9c0a1b2c9…", "root+8d2e4f6a1b0…"])
    #expect(Self.column(1, of: at80) == ["blue-team@…m", "red-team@…om", "blue-team@…m"])
    #expect(Self.column(2, of: at80) == ["platform-sh…", "fin-ledger-…", "data-lake-a…"])
  }

  /// `mail list`'s columns: at 100 columns the subject and the account name give way, the
  /// recipients stay different.
  @Test func mailListFitsTheTerminal() {
    var t = Table(columns: ["", "id", "received", "from", "to", "account", "class", "subject"])
    t.fits = [.fixed, .fixed, .fixed, .cutMiddle, .cutMiddle, .cutEnd, .fixed, .cutEnd]
    for (n, local) in ["3f9c0a1b2c3d", "8d2e4f6a1b0c", "51e0b7c2d9a4"].enumerated() {
      t.rows.append([
        "✓", "1a2b3c4d5e6\(n)", "2026-12-01 10:0\(n)", "no-reply@signin.aws", "root+\(local)@mail.rootmail-test.xyz",
        "platform-shared-services-prod-000\(n)", "password-reset", "Amazon Web Services Password Assistance",
      ])
    }
    let text = t.renderAligned(width: 100)
    for line in text.split(separator: "\n") { #expect(line.count <= 100, "\(line.count): \(line)") }
    let to = Self.column(4, of: text)
    #expect(Set(to).count == 3 && to.allSatisfy { $0.hasPrefix("root+") }, "\(to)")
    #expect(Self.column(3, of: text).allSatisfy { $0.hasPrefix("no-reply@") }, "\(text)")
  }

  /// Widths are terminal cells: a CJK character or an emoji takes two, so a Japanese subject
  /// lines up and is cut to fit like any other (measured in characters, rows ran past the
  /// terminal and the next column was pushed out of line).
  @Test func wideCharactersTakeTwoCells() {
    var t = Table(
      columns: ["subject", "from"],
      rows: [
        ["パスワードのリセットをリクエストしました", "no-reply@signin.aws"], ["Password reset 🔑", "no-reply@signin.aws"],
        ["plain", "x@example.com"],
      ])
    t.fits = [.cutEnd, .fixed]
    func cells(_ line: Substring) -> Int {
      // Kana, kanji and emoji take two cells; `…` (U+2026) one.
      line.reduce(0) { n, c in
        let v = c.unicodeScalars.first!.value
        return n + ((0x3000...0x9FFF).contains(v) || v >= 0x1F300 ? 2 : 1)
      }
    }
    let whole = t.renderAligned().split(separator: "\n")
    // FROM starts at the same cell on every line.
    let starts = whole.map { line in
      cells(line[..<(line.range(of: "no-reply") ?? line.range(of: "x@") ?? line.range(of: "FROM")!).lowerBound])
    }
    #expect(Set(starts).count == 1, "\(whole)")
    #expect(starts[0] == 40 + 2, "\(whole)")
    let cut = t.renderAligned(width: 40).split(separator: "\n")
    for line in cut { #expect(cells(line) <= 40, "\(cells(line)): \(line)") }
    #expect(cut[1].hasPrefix("パスワードのリセッ…  no-reply@"), "\(cut)")
  }

  /// The rule's order and cuts: free text first, to 8; then an address keeps its local part
  /// and `@`, the rest of the room going to its end; cut cells stay escaped; a table that fits
  /// is left whole.
  @Test func freeTextGivesWayBeforeAnAddressCutAfterItsAt() {
    var t = Table(
      columns: ["email", "subject"],
      rows: [["root+3f9c0a1b2c3d@aws.example.com", "\u{1B}[2JAmazon Web Services Password Assistance"]])
    t.fits = [.cutMiddle, .cutEnd]
    #expect(t.renderAligned(width: 34).split(separator: "\n").last == "root+3f9c0a1b2c3d@…e.com  \\u{1b}[…")
    #expect(t.renderAligned(width: 200) == t.renderAligned())
    #expect(!t.renderAligned(width: 34).unicodeScalars.contains { $0.value == 0x1B })
  }
}

@Suite struct PluginPathTests {
  @Test func searchOrderFollowsTheDesign() {
    let path = PluginSearchPath(
      environment: ["ROOTMAIL_PLUGIN_PATH": "/p1:/p2", "HOME": "/home/u"], configured: ["/conf"],
      executablePath: "/opt/rootmail/bin/rootmail")
    #expect(
      path.folders == [
        "/p1", "/p2", "/conf", "/home/u/.local/share/rootmail/plugins", "/opt/rootmail/lib/rootmail/plugins", "/opt/rootmail/bin",
      ])
    #expect(PluginABI.pluginName(fromFileName: "libRootmailPluginVend.so") == "Vend")
    #expect(PluginABI.pluginName(fromFileName: "libRootmailKit.so") == nil)
    #expect(PluginABI.pluginName(fromFileName: "libRootmailPlugin.so") == nil)
  }

  @Test func readsTheToolchainStampOfARealLibrary() throws {
    let exe = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
    let kit = (exe as NSString).deletingLastPathComponent + "/libRootmailKit.so"
    let image = try ELFImage(path: kit)
    #expect(image.toolchainStamp?.contains("clang version") == true)
    #expect(throws: ELFImage.ReadError.notELF) { try ELFImage(path: "/etc/hostname") }
  }
}

/// The hardening of the shared parsers and printers: no crash on any input, nothing raw out.
@Suite struct HardeningUnitTests {
  @Test(arguments: [#""\ud800\u0041""#, #""\ud800""#, #""\udc00""#, #""\ud800\ud800""#, #""\u+123""#, #""\u12""#])
  func badEscapesAreErrorsNotCrashes(text: String) {
    #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
  }

  @Test func surrogatePairsAndFieldPathsInErrors() throws {
    #expect(try JSONValue.parse(#""\ud83d\ude00""#) == .string("😀"))
    let error = try #require(throws: JSONParseError.self) { try JSONValue.parse(#"{"a": [1, {"b": "\udc00"}]}"#) }
    #expect(error.field == "a[1].b")
    let bytes: [UInt8] = Array(#"{"k": "x"#.utf8) + [0xFF] + Array(#""}"#.utf8)
    let utf8 = try #require(throws: JSONParseError.self) { try JSONValue.parse(bytes) }
    #expect(utf8.field == "k" && utf8.reason.contains("UTF-8"))
  }

  @Test func printedJSONCarriesNoRawControlOrBidiCharacter() throws {
    let value = JSONValue.string("\u{1B}[2J\u{9B}\u{202E}\u{7F}ok")
    #expect(value.compact == #""\u001b[2J\u009b\u202e\u007fok""#)
    #expect(try JSONValue.parse(value.compact) == value)
  }

  @Test func tableAndTextEscapeControlCharacters() {
    let t = Table(columns: ["a", "b"], rows: [["x\u{1B}]0;title\u{7}", "\u{202E}y\tz\nw"]])
    #expect(t.renderText() == "x\\u{1b}]0;title\\u{7}\t\\u{202e}y\\tz\\nw\n")
    #expect(!t.renderAligned().unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E })
  }

  @Test func csvFormulasAreNeutralisedAndRestoredExactly() {
    for field in ["=1+2", "+x", "-1", "@SUM(A1)", "\tx", "\rx", "'=x", "''@x", "'plain", "plain", "", "a=b"] {
      #expect(MappingCSV.restored(MappingCSV.neutralised(field)) == field, "\(field.debugDescription)")
    }
    #expect(MappingCSV.neutralised("=1+2") == "'=1+2")
    #expect(MappingCSV.neutralised("'plain") == "'plain")
  }

  @Test func messagesAreRedactedOnlyOfRegisteredSecrets() {
    let r = Redactor()
    r.register("registered-secret-value")
    #expect(r.redactSecrets("Authorization: x registered-secret-value") == "Authorization: x [REDACTED]")
    #expect(r.redact("Authorization: x") == "Authorization: [REDACTED]")
  }
}

@Suite struct OwnThreadTests {
  /// `runWaiting` runs its work on a thread with the stack asked for (mail is parsed on one
  /// of 64 MiB, whatever thread asks), and hands back what it returned.
  @Test func runWaitingGivesTheStackAskedFor() {
    let asked = 64 << 20
    let got = OwnThread.runWaiting(stackSize: asked) { StackMapping.current() }
    #expect(got >= asked)
    var captured = 0
    #expect(
      OwnThread.runWaiting(stackSize: 1 << 20) {
        captured = 7
        return "done"
      } == "done")
    #expect(captured == 7)
  }

  /// The threads `runWaiting` runs work on are kept: calls one after another run on the same
  /// thread, not on a new one each (making one per mail cost more than parsing it).
  /// The kernel's id of the calling thread (`PID/task/TID`; a `pthread_t` may be the same for a
  /// new thread that got a finished one's cached stack).
  static func threadID() -> String { (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self")) ?? "" }

  @Test func runWaitingReusesItsThreads() {
    let asked = 3 << 20
    let threads = (0..<20).map { _ in OwnThread.runWaiting(stackSize: asked) { Self.threadID() } }
    // Other tests may hold a thread of this size meanwhile; a new thread per call makes 20.
    #expect(Set(threads).count <= 2, "\(threads)")
    #expect(!threads.contains(Self.threadID()))
  }
}
