import Foundation
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// Input a hostile or careless source can give — requests, import files, tag values — through
/// the real binary: a clear error naming the field (exit 65), never a crash, nothing written,
/// nothing mangled on the way out.
@Suite struct HostileInputTests {
  static let request = #"{"OwnerAddress": "o@example.com", "AccountType": "IT", "Tags": {"Team": "VALUE"}}"#

  func writeBytes(_ rootmail: RootmailCLI, _ bytes: [UInt8], to name: String) -> String {
    let path = rootmail.home.path + "/" + name
    FileManager.default.createFile(atPath: path, contents: Data(bytes))
    return path
  }

  @Test(arguments: [#"\ud800\u0041"#, #"\udc00"#, #"\ud800"#, #"\ud800\ud800"#])
  func loneSurrogateInARequestIsAnInputError(escape: String) throws {
    let rootmail = try RootmailCLI.forVend()
    let file = try rootmail.write(Self.request.replacingOccurrences(of: "VALUE", with: escape), to: "r.json")
    let result = try rootmail.run(["vend", "--request", file])
    #expect(result.status == 65, "\(result.stderr)")
    #expect(result.stderr.contains("surrogate") && result.stderr.contains("(in Tags.Team)"))
    #expect(try rootmail.storedEmails() == [])
  }

  @Test func invalidUTF8InARequestNamesTheField() throws {
    let rootmail = try RootmailCLI.forVend()
    // The tag value "o\u{FF}k": one byte that is not UTF-8.
    var raw = Array(Self.request.replacingOccurrences(of: "VALUE", with: "ok").utf8)
    raw.insert(0xFF, at: raw.firstIndex(of: UInt8(ascii: "k"))!)
    for (flag, name) in [("--request", "r.json"), ("--from-file", "r.jsonl")] {
      let file = writeBytes(rootmail, raw, to: name)
      let result = try rootmail.run(["vend", flag, file])
      #expect(result.status == 65, "\(flag): \(result.stderr)")
      #expect(
        result.stderr.contains("line 1 field Tags.Team") && result.stderr.contains("is not valid UTF-8"), "\(result.stderr)")
    }
    let importFile = writeBytes(
      rootmail, Array("{\"AccountEmail\": \"a@b.example.com\", \"Status\": \"".utf8) + [0xC3, 0x28] + Array("\"}\n".utf8),
      to: "i.jsonl")
    let imported = try rootmail.run(["mappings", "import", importFile])
    #expect(imported.status == 65 && imported.stderr.contains("line 1 field Status"), "\(imported.stderr)")
    #expect(try rootmail.storedEmails() == [])
  }

  /// Every stored field refuses control, C1 and bidi characters the same way on every path.
  @Test(arguments: ["\u{1B}[31m", "\u{9B}31m", "\u{202E}gnp.exe", "cut\u{0}here"])
  func controlCharactersAreRefusedOnEveryPath(bad: String) throws {
    let rootmail = try RootmailCLI.forVend()
    let escaped = String(data: try JSONSerialization.data(withJSONObject: [bad], options: .fragmentsAllowed), encoding: .utf8)!
    let value = String(escaped.dropFirst().dropLast())  // the JSON string literal, quotes included
    // vend flags, --request, and import of JSON and CSV, and update (a NUL cannot be in argv).
    let inArgv = !bad.contains("\u{0}")
    if inArgv {
      #expect(try rootmail.run(["vend", "--owner", "o@example.com", "--account-type", "IT", "--tag", "K=\(bad)"]).status == 65)
    }
    let request = try rootmail.write(
      #"{"OwnerAddress": "o@example.com", "AccountType": "IT", "Tags": {"K": \#(value)}}"#, to: "r.json")
    #expect(try rootmail.run(["vend", "--request", request]).status == 65)
    for field in ["AccountType", "Status", "AccountId", "LastUpdated", "FailureReason", "AccountName"] {
      let row =
        #"{"AccountEmail": "a@b.example.com", "OwnerAddress": "o@example.com", "AccountType": "IT", "\#(field)": \#(value)}"#
      let file = try rootmail.write(
        row.replacingOccurrences(of: #""AccountType": "IT", "AccountType""#, with: #""AccountType""#), to: "i.jsonl")
      let result = try rootmail.run(["mappings", "import", file])
      #expect(result.status == 65, "\(field): \(result.stderr)")
      #expect(result.stderr.contains(field), "\(field): \(result.stderr)")
      #expect(!result.stderr.contains("\u{1B}") && !result.stderr.contains("\u{9B}") && !result.stderr.contains("\u{202E}"))
    }
    let csv = try rootmail.write(
      "AccountEmail,OwnerAddress,AccountType,Status\na@b.example.com,o@example.com,IT,\"\(bad)\"\n", to: "i.csv")
    #expect(try rootmail.run(["mappings", "import", csv]).status == 65)
    let address = try rootmail.run(["vend", "--owner", "o@example.com", "--account-type", "IT"]).stdout.trimmingCharacters(
      in: .newlines)
    if inArgv { #expect(try rootmail.run(["mappings", "update", address, "--status", bad]).status == 65) }
    #expect(try rootmail.storedEmails() == [address])
  }

  /// Data already in a store (a shared table another tool wrote) reaches no terminal raw: the
  /// table and text forms escape it, JSON writes it as \u escapes.
  @Test func hostileDataAlreadyStoredIsEscapedOnOutput() throws {
    let rootmail = try RootmailCLI.forVend()
    #expect(try rootmail.run(["vend", "--owner", "o@example.com", "--account-type", "IT"]).status == 0)
    let update = try TestPython.sqlite([
      "exec", rootmail.storePath, "UPDATE mappings SET Status=?", "\u{1B}]0;owned\u{7}\u{202E}\u{9B}2J",
    ])
    #expect(update.status == 0, "\(update.stderr)")
    for format in ["table", "text"] {
      let listed = try rootmail.run(["mappings", "list", "--output", format])
      #expect(listed.status == 0)
      #expect(!listed.stdout.unicodeScalars.contains { [0x1B, 0x07, 0x9B, 0x202E].contains($0.value) }, "\(format)")
      #expect(listed.stdout.contains("\\u{1b}]0;owned\\u{7}\\u{202e}\\u{9b}2J"), "\(listed.stdout)")
    }
    let json = try rootmail.run(["mappings", "list", "--output", "json"])
    #expect(json.stdout.contains("\\u001b]0;owned\\u0007\\u202e\\u009b2J"), "\(json.stdout)")
  }

  @Test func importChecksTheAccountTypeAgainstTheConfiguredList() throws {
    let rootmail = try RootmailCLI.forVend()
    let file = try rootmail.write(
      #"{"AccountEmail": "a@b.example.com", "OwnerAddress": "o@example.com", "AccountType": "Marketing"}"#, to: "i.jsonl")
    let result = try rootmail.run(["mappings", "import", file])
    #expect(result.status == 65 && result.stderr.contains("invalid AccountType \"Marketing\": must be one of"))
  }

  /// A hostile probe: a repeated name took the last value silently (AccountEmail twice, a
  /// repeated CSV column), 100,000 tags were stored, and Excel's byte-order mark was refused.
  @Test func importRefusesRepeatedNamesAndTooManyTagsAndReadsABOM() throws {
    let rootmail = try RootmailCLI.forVend()
    let twice = try rootmail.write(
      #"{"AccountEmail": "root+c@aws.example.com", "OwnerAddress": "o@example.com", "AccountEmail": "evil@evil.example"}"#,
      to: "twice.jsonl")
    let repeated = try rootmail.run(["mappings", "import", twice])
    #expect(
      repeated.status == 65 && repeated.stderr.contains("line 1") && repeated.stderr.contains("AccountEmail is given twice"))
    let tagTwice = try rootmail.write(
      #"{"AccountEmail": "root+c@aws.example.com", "Tags": {"Team": "a", "Team": "b"}}"#, to: "tags.jsonl")
    #expect(try rootmail.run(["mappings", "import", tagTwice]).stderr.contains("Tags.Team is given twice"))
    let column = try rootmail.write(
      "AccountEmail,OwnerAddress,AccountEmail\nroot+c@aws.example.com,o@example.com,evil@x.example\n", to: "c.csv")
    let csv = try rootmail.run(["mappings", "import", column])
    #expect(csv.status == 65 && csv.stderr.contains("the CSV header names AccountEmail twice"), "\(csv.stderr)")
    let tags = (0..<51).map { #""K\#($0)": "v""# }.joined(separator: ", ")
    let many = try rootmail.write(
      #"{"AccountEmail": "root+c@aws.example.com", "OwnerAddress": "o@example.com", "Tags": {\#(tags)}}"#, to: "many.jsonl")
    let tooMany = try rootmail.run(["mappings", "import", many])
    #expect(tooMany.status == 65 && tooMany.stderr.contains("invalid Tags \"51 tags\": at most 50"), "\(tooMany.stderr)")
    #expect(try rootmail.storedEmails() == [])
    let bom = try rootmail.write("\u{FEFF}AccountEmail,OwnerAddress\nroot+c@aws.example.com,o@example.com\n", to: "excel.csv")
    let read = try rootmail.run(["mappings", "import", bom])
    #expect(read.status == 0, "\(read.stderr)")
    #expect(try rootmail.storedEmails() == ["root+c@aws.example.com"])
  }

  @Test func lengthLimitsAndShortQuotes() throws {
    let rootmail = try RootmailCLI.forVend()
    let long = String(repeating: "v", count: 257)
    let result = try rootmail.run(["vend", "--owner", "o@example.com", "--account-type", "IT", "--tag", "K=\(long)"])
    #expect(result.status == 65)
    #expect(result.stderr.contains("must be at most 256 characters"))
    // The message quotes at most 80 characters of the value.
    #expect(!result.stderr.contains(String(repeating: "v", count: 81)))
    let names = try rootmail.run([
      "vend", "--owner", "o@example.com", "--account-type", "IT", "--strategy", "name",
      "--business-unit", String(repeating: "b", count: 30), "--application", String(repeating: "a", count: 20),
    ])
    #expect(names.status == 65 && names.stderr.contains("so that the account name fits 50"), "\(names.stderr)")
  }

  @Test func randomLengthIsBoundedBeforeAnythingIsGenerated() throws {
    let rootmail = try RootmailCLI.forVend()
    // Bounded by CPU time, which a busy machine does not stretch.
    let result = try rootmail.run(
      ["vend", "--owner", "o@example.com", "--account-type", "IT", "--random-length", "1000000000"], cpuLimit: 10)
    #expect(!result.exceededCPULimit, "vend used over 10 s of CPU")
    #expect(result.status == 65 && result.stderr.contains("must be from 8 to 32"))
    #expect(try rootmail.run(["vend", "--owner", "o@example.com", "--account-type", "IT", "--random-length", "33"]).status == 65)
    #expect(try rootmail.run(["vend", "--owner", "o@example.com", "--account-type", "IT", "--random-length", "32"]).status == 0)
  }

  /// A tag that says `Authorization: …` is data: the JSON stays valid and the table row whole.
  @Test func dataThatLooksLikeAHeaderIsNotRedacted() throws {
    let rootmail = try RootmailCLI.forVend()
    let note = "Authorization: Bearer abc, then more"
    let vend = try rootmail.run([
      "vend", "--owner", "o@example.com", "--account-type", "IT", "--tag", "Note=\(note)", "--output", "json",
    ])
    #expect(vend.status == 0)
    let object = try JSONSerialization.jsonObject(with: Data(vend.stdout.utf8)) as? [String: Any]
    #expect((object?["Tags"] as? [String: String])?["Note"] == note, "\(vend.stdout)")
    let listed = try rootmail.run(["mappings", "list", "--output", "json"])
    let rows = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]]
    #expect((rows?.first?["Tags"] as? [String: String])?["Note"] == note)
    let email = object?["AccountEmail"] as? String ?? "?"
    let shown = try rootmail.run(["mappings", "get", email, "--output", "text"])
    #expect(shown.stdout.contains("Tags\t{\"Note\":\"\(note)\"}"), "\(shown.stdout)")
  }

  @Test func csvExportNeutralisesFormulasAndImportRestoresThem() throws {
    let source = try RootmailCLI.forVend()
    let formula = "=HYPERLINK(\"http://evil.example\",\"x\")"
    // A status rootmail never writes (update --status takes only its own), as an import
    // from another tool may hold one.
    let email = "root+0a1b2c3d4e5f@aws.example.com"
    let record = try JSONSerialization.data(withJSONObject: [
      "AccountEmail": email, "OwnerAddress": "o@example.com", "AccountType": "IT", "Tags": ["F": "x"], "Status": formula,
    ])
    let planted = try source.run(
      ["mappings", "import", "-", "--format", "jsonl"], input: String(decoding: record, as: UTF8.self) + "\n")
    #expect(planted.status == 0, "\(planted.stderr)")
    let exported = try source.run(["mappings", "export", "--format", "csv"])
    #expect(exported.stdout.contains(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\","), "\(exported.stdout)")
    let file = try source.write(exported.stdout, to: "x.csv")
    let target = try RootmailCLI.forVend()
    #expect(try target.run(["mappings", "import", file]).status == 0)
    #expect(try target.run(["mappings", "export", "--format", "csv"]).stdout == exported.stdout)
    let json = try target.run(["mappings", "get", email, "--output", "json"])
    #expect(json.stdout.contains("\"Status\": \"=HYPERLINK("))
  }

  @Test func exportToAFileRefusesToOverwriteFollowOrDumpErrors() throws {
    let rootmail = try RootmailCLI.forVend()
    #expect(try rootmail.run(["vend", "--owner", "o@example.com", "--account-type", "IT"]).status == 0)
    let path = rootmail.home.path + "/out.jsonl"
    #expect(try rootmail.run(["mappings", "export", "--file", path]).status == 0)
    let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    #expect(mode == 0o600)
    let again = try rootmail.run(["mappings", "export", "--file", path])
    #expect(again.status == 64 && again.stderr.contains("\(path) exists already; use --force to replace it"))
    #expect(try rootmail.run(["mappings", "export", "--file", path, "--force"]).status == 0)
    let target = try rootmail.write("keep", to: "target.txt")
    let link = rootmail.home.path + "/link.jsonl"
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
    let linked = try rootmail.run(["mappings", "export", "--file", link, "--force"])
    #expect(linked.status == 64 && linked.stderr.contains("is a symbolic link"))
    #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep")
    let missing = try rootmail.run(["mappings", "export", "--file", rootmail.home.path + "/no/such/out.jsonl"])
    #expect(missing.status == 64)
    #expect(
      missing.stderr
        == "rootmail: error: cannot write \(rootmail.home.path)/no/such/out.jsonl: the folder \(rootmail.home.path)/no/such does not exist\n"
    )
  }

  @Test func storeThatIsALinkIsRefused() throws {
    let rootmail = try RootmailCLI.forVend()
    try FileManager.default.createDirectory(atPath: rootmail.home.path + "/data/rootmail", withIntermediateDirectories: true)
    chmod(rootmail.home.path + "/data/rootmail", 0o700)
    let outside = rootmail.home.path + "/elsewhere.sqlite"
    try FileManager.default.createSymbolicLink(atPath: rootmail.storePath, withDestinationPath: outside)
    let result = try rootmail.run(["vend", "--owner", "o@example.com", "--account-type", "IT"])
    #expect(result.status == 78 && result.stderr.contains("is a symbolic link"), "\(result.stderr)")
    #expect(!FileManager.default.fileExists(atPath: outside))
  }

  @Test func storeFolderOthersCanWriteIsRefused() throws {
    let rootmail = try RootmailCLI.forVend()
    let folder = rootmail.home.path + "/data/rootmail"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    chmod(folder, 0o777)
    let result = try rootmail.run(["vend", "--owner", "o@example.com", "--account-type", "IT"])
    #expect(result.status == 78)
    #expect(result.stderr.contains("data/rootmail is writable by group or others (chmod go-w "), "\(result.stderr)")
  }

  /// CSV export of data already in a store: the control characters arrive escaped as in table
  /// output, and import reads them back (so the stored-field rules refuse them, as for raw ones).
  @Test func csvExportOfHostileStoredDataIsEscapedAndImportReadsItBack() throws {
    let rootmail = try RootmailCLI.forVend()
    #expect(try rootmail.run(["vend", "--owner", "o@example.com", "--account-type", "IT"]).status == 0)
    let update = try TestPython.sqlite([
      "exec", rootmail.storePath, "UPDATE mappings SET Status=?",
      "\u{1B}]8;;https://evil.example\u{7}\u{1B}]0;owned\u{7}\u{202E}\u{9B}2J",
    ])
    #expect(update.status == 0, "\(update.stderr)")
    let csv = try rootmail.run(["mappings", "export", "--format", "csv"])
    #expect(csv.status == 0)
    #expect(!csv.stdout.unicodeScalars.contains { [0x1B, 0x07, 0x9B, 0x202E].contains($0.value) }, "\(csv.stdout)")
    #expect(
      csv.stdout.contains(",\\u{1b}]8;;https://evil.example\\u{7}\\u{1b}]0;owned\\u{7}\\u{202e}\\u{9b}2J,"), "\(csv.stdout)")
    let file = try rootmail.write(csv.stdout, to: "hostile.csv")
    let imported = try RootmailCLI.forVend().run(["mappings", "import", file])
    #expect(imported.status == 65 && imported.stderr.contains("Status"), "\(imported.stderr)")
    #expect(!imported.stderr.unicodeScalars.contains { [0x1B, 0x07, 0x9B, 0x202E].contains($0.value) })
  }

  /// Runs `rootmail` with `arguments` given to bash as the source of a `$'…'` word list, so that
  /// they can hold bytes that are not UTF-8 (Foundation's Process takes Strings only).
  func runRaw(_ rootmail: RootmailCLI, _ arguments: String) throws -> RootmailCLI.Result {
    try RootmailCLI.run(
      "/bin/bash", ["-c", "exec \"$0\" \(arguments)", RootmailCLI.binary], environment: rootmail.environment)
  }

  /// Bytes on the command line that are not UTF-8 became U+FFFD and were stored; now they are
  /// bad input (exit 65) naming the argument and its option, before anything runs.
  @Test func argumentsThatAreNotUTF8AreRefusedNotReplaced() throws {
    let rootmail = try RootmailCLI.forVend()
    let vend = try runRaw(rootmail, "vend --owner o@example.com --account-type IT --tag $'K=\\xff'")
    #expect(vend.status == 65, "\(vend.stderr)")
    #expect(
      vend.stderr
        == "rootmail: error: invalid argument 7 (after --tag) \"K=\\xFF\": is not valid UTF-8 (byte 3); rootmail does not replace it\n"
    )
    #expect(try rootmail.storedEmails() == [])
    let address = try rootmail.run(["vend", "--owner", "o@example.com", "--account-type", "IT"]).stdout.trimmingCharacters(
      in: .newlines)
    let update = try runRaw(rootmail, "mappings update \(address) $'--owner=a\\xff\\xfe@example.com'")
    #expect(update.status == 65, "\(update.stderr)")
    #expect(update.stderr.hasPrefix("rootmail: error: invalid argument 4 (--owner) \"--owner=a\\xFF\\xFE@example.com\""))
    #expect(update.stderr.contains("(byte 10)"), "\(update.stderr)")
    let overlong = try runRaw(rootmail, "mappings update \(address) --owner $'a\\xc0\\xafb@example.com'")
    #expect(overlong.status == 65 && overlong.stderr.contains("argument 5 (after --owner)"), "\(overlong.stderr)")
    let json = try rootmail.run(["mappings", "get", address, "--output", "json"])
    #expect(json.stdout.contains("\"OwnerAddress\": \"o@example.com\""), "\(json.stdout)")
    #expect(!json.stdout.contains("\u{FFFD}"))
    // Valid UTF-8 that is not ASCII passes.
    let valid = try runRaw(rootmail, "vend --owner o@example.com --account-type IT --tag $'Team=\\xc3\\xa9quipe'")
    #expect(valid.status == 0, "\(valid.stderr)")
  }
}
