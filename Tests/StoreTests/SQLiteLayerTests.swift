import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// The companion's own SQLite layer (over the C API), through the store and mail index API:
/// what GRDB and Foundation used to do for it, it must do the same way.
@Suite struct SQLiteLayerTests {
  func openStore(_ path: String) async throws -> any MappingStore {
    let config = try ConfigLoader(environment: ["ROOTMAIL_STORE": "sqlite:" + path]).load()
    return try await MappingStoreFactory.open(context: CommandContext(config: config, environment: [:]))
  }

  func entry(_ n: Int, subject: String) -> MailIndexEntry {
    SQLiteFixtureData.mail(n, receivedAt: 1_764_000_000 + n, date: nil, subject: subject, recipients: [])
  }

  @Test func aFileThatIsNotADatabaseIsAConfigurationError() async throws {
    let folder = try TemporaryFolder.make()
    let path = folder + "/store.sqlite"
    try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
    chmod(path, 0o600)
    do {
      _ = try await openStore(path)
      Issue.record("opened a file that is not a database")
    } catch let error as CLIError {
      #expect(error.exitStatus == .configuration)
      #expect(error.message == "cannot open the store \(path): file is not a database", "\(error.message)")
    }
  }

  /// Empty text stays empty text (not NULL), NULL stays nil, long text comes back whole.
  @Test func emptyMissingAndLongTextRoundTrip() async throws {
    let store = try await openStore(try TemporaryFolder.make() + "/s.sqlite")
    let long = String(repeating: "é", count: 70_000)
    var record = sampleRecord(email: "root+e@aws.example.com", tags: ["": "", "long": long])
    record.accountId = ""
    record.failureReason = nil
    try await store.insert(record)
    let read = try #require(try await store.get(email: record.accountEmail))
    #expect(read == record)
    #expect(read.accountId == "" && read.failureReason == nil)
  }

  /// Words are searched as literal text: quotes, stars and FTS5 operators in them are not
  /// syntax (each `"` doubled inside the phrase, as Foundation's replacingOccurrences did).
  @Test func searchWordsWithQuotesAndOperatorsAreLiteral() async throws {
    let index = try await MailIndexLoader.open(path: try TemporaryFolder.make() + "/i.sqlite")
    let quoted = entry(1, subject: "He said \"hello\" twice")
    let other = entry(2, subject: "NEAR the end")
    _ = try await index.insert([quoted, other], searchTexts: [:])
    for (text, expected) in [
      ("\"hello\"", [quoted]), ("said\"", [quoted]), ("\"\"\"", []), ("NEAR(", [other]), ("*", []), ("AND OR NOT", []),
      ("-end", [other]),
    ] {
      var found: [MailIndexEntry] = []
      try await index.search(text, MailQuery()) { found.append($0) }
      #expect(found == expected, "search \(text)")
    }
  }

  /// `filtered_subjects` entries lose tabs and space separators (Unicode Zs: a no-break space
  /// too) at either end, as Foundation's `trimmingCharacters(in: .whitespaces)` did; line
  /// breaks are not blanks.
  @Test func excludedSubjectsAreTrimmedOfBlanksOnly() async throws {
    let index = try await MailIndexLoader.open(path: try TemporaryFolder.make() + "/i.sqlite")
    let hello = entry(1, subject: "Hello")
    _ = try await index.insert([hello], searchTexts: [:])
    #expect(try await index.list(MailQuery(excludedSubjects: ["\u{00A0}\tHello \u{2003}"])).isEmpty)
    #expect(try await index.list(MailQuery(excludedSubjects: ["\nHello"])) == [hello])
    #expect(try await index.list(MailQuery(excludedSubjects: [" \t "])) == [hello])
  }

  /// More distinct statements than the per-connection cache keeps, and the same ones again.
  @Test func moreStatementsThanTheCacheHoldsAllRun() async throws {
    let index = try await MailIndexLoader.open(path: try TemporaryFolder.make() + "/i.sqlite")
    let entries = (1...120).map { entry($0, subject: "mail \($0)") }
    _ = try await index.insert(entries, searchTexts: [:])
    for round in 0..<2 {
      for n in 1...120 {
        // `IN (?, …)` with n marks: a statement of its own each.
        let keys = entries.prefix(n).map(\.key)
        #expect(try await index.indexedKeys(among: keys) == Set(keys), "round \(round), \(n) keys")
      }
    }
  }
}
