@_spi(RootmailHost) import RootmailKit
import Testing

/// The JSON and CSV forms of a mapping: the sample's attribute names, and lossless round trips.
@Suite struct MappingFormatTests {
  let full = MappingRecord(
    accountEmail: "blue-origin-space-cube-z-prod-001@aws.example.com", ownerAddress: "jdoe@example.com",
    accountName: "blue-origin-space-cube-z-prod", counter: "001", accountType: "IT",
    tags: ["BusinessUnit": "Blue-Origin", "Note": "a, \"quoted\""], status: "ACCOUNT-FAILED",
    lastUpdated: "2026-11-22T02:05:00Z", accountId: "123456789012", failureReason: "EMAIL_ALREADY_EXISTS, \"quoted\"")

  @Test func theJSONFormUsesTheSamplesAttributeNames() throws {
    let names = full.json.objectValue!.map(\.0)
    #expect(
      names == [
        "AccountEmail", "OwnerAddress", "AccountName", "Enum", "AccountType", "Tags", "Status", "LastUpdated", "AccountId",
        "FailureReason",
      ])
    let bare = MappingRecord(accountEmail: "a@b.cd", ownerAddress: "o@b.cd", accountName: "", accountType: "IT")
    #expect(bare.json["AccountId"] == nil && bare.json["FailureReason"] == nil)
    #expect(try MappingRecord(json: try JSONValue.parse(full.json.compact)) == full)
  }

  @Test func anItemWrittenByTheSampleReads() throws {
    let item = """
      {"Status": "NAME-ALLOCATED", "AccountName": "blue-origin-space-cube-z-prod", "AccountType": "IT", "Enum": "001",
       "AccountEmail": "blue-origin-space-cube-z-prod-001@aws.example.com", "OwnerAddress": "jdoe@example.com",
       "Tags": {"BusinessUnit": "Blue-Origin", "AccountName": null}, "LastUpdated": "2026-11-22T02:05:00.123456"}
      """
    let record = try MappingRecord(json: try JSONValue.parse(item))
    #expect(record.fullAccountName == "blue-origin-space-cube-z-prod-001")
    #expect(record.tags == ["BusinessUnit": "Blue-Origin"])
  }

  @Test func csvRoundTripsQuotesAndCommas() throws {
    let bare = MappingRecord(
      accountEmail: "root+0123456789ab@aws.example.com", ownerAddress: "o@b.cd", accountName: "", accountType: "Sales",
      lastUpdated: "2026-11-22T02:05:00Z")
    let text = MappingTransfer.export([full, bare], format: .csv)
    #expect(
      text.hasPrefix("AccountEmail,OwnerAddress,AccountName,Enum,AccountType,Tags,Status,LastUpdated,AccountId,FailureReason\n"))
    #expect(try MappingTransfer.parse(text, format: .csv, allowedTypes: nil).get() == [full, bare])
    #expect(
      try MappingTransfer.parse(MappingTransfer.export([full, bare], format: .jsonl), format: .jsonl, allowedTypes: nil).get()
        == [full, bare])
  }

  @Test func importReportsEveryBadRowWithItsLine() throws {
    let good = full.json.compact
    let text = "\(good)\n{\"AccountEmail\": \"bad\"}\nnot json\n\n{\"OwnerAddress\": \"o@b.cd\"}\n\(good)\n"
    guard case .invalid(let errors) = MappingTransfer.parse(text, format: .jsonl, allowedTypes: nil) else {
      Issue.record("bad rows were accepted")
      return
    }
    #expect(errors.map(\.line) == [2, 3, 5, 6])
    #expect(errors[0].message.contains("AccountEmail"))
    #expect(errors[3].message.contains("also on line 1"))
  }

  /// A shared table can hold terminal escapes; CSV export writes them escaped as table output
  /// does (`\u{1b}`), so `mappings export --format csv` never puts them raw on a terminal, and
  /// import turns them back exactly. Backslashes that could read as an escape are doubled.
  @Test func csvEscapesControlCharactersAndImportRestoresThem() throws {
    let hostile = [
      "\u{1B}]0;owned\u{7}", "\u{1B}[2J\u{9B}31m", "\u{1B}]8;;https://evil.example\u{1B}\\link\u{1B}]8;;\u{1B}\\",
      "bidi \u{202E}gnp.exe\u{2066}", "line\nbreak\r\ttab\u{0}nul\u{85}", "a\\u{1b}b", "\\", "\\\\n", "x\\\u{1B}",
      "C:\\path\\file", "\\u{41}", "=1+2\u{1B}", "\u{1B}=x", "'\u{9}y",
    ]
    for value in hostile {
      let record = MappingRecord(
        accountEmail: "a@example.com", ownerAddress: value, accountName: value, accountType: value,
        tags: ["K": value], status: value, lastUpdated: "t", accountId: value, failureReason: value)
      let text = MappingTransfer.export([record], format: .csv)
      #expect(!TerminalSafe.hasUnsafe(text.replacingOccurrences(of: "\n", with: "")), "\(value.debugDescription): \(text)")
      let rows = try MappingCSV.parse(text)
      #expect(rows.count == 1)
      #expect((try? rows[0].result.get()) == record, "\(value.debugDescription): \(text)")
      #expect(MappingCSV.unescapedCell(MappingCSV.escapedCell(value)) == value)
    }
    #expect(MappingCSV.escapedCell("\u{1B}]0;x\u{7}") == "\\u{1b}]0;x\\u{7}")
    // Ordinary data, backslashes included, is written as before.
    for plain in ["jdoe@example.com", "C:\\path\\file", "a\\b", "é 漢字", "end\\"] {
      #expect(MappingCSV.escapedCell(plain) == plain)
      #expect(MappingCSV.unescapedCell(plain) == plain)
    }
    // Only the escapes export writes are read: \u{41} stays as written.
    #expect(MappingCSV.unescapedCell("\\u{41}\\x\\u{zz}") == "\\u{41}\\x\\u{zz}")
  }
}
