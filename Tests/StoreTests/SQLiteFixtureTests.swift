import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// Files the GRDB release wrote (`Tests/Fixtures/sqlite`, from `SQLiteFixtureData`) open
/// unchanged with the current layer: the same values come back, nothing is migrated again,
/// GRDB's `grdb_migrations` table is kept, and new files get the very same schema.
@Suite struct SQLiteFixtureTests {
  /// A private copy of the fixture `name` (0600 in a 0700 folder, as rootmail makes them; the
  /// checkout's copy stays untouched).
  func copy(_ name: String) throws -> String {
    let folder = try TemporaryFolder.make()
    let path = folder + "/" + name
    try FileManager.default.copyItem(atPath: SQLiteFixtureData.folder + "/" + name, toPath: path)
    chmod(path, 0o600)
    return path
  }

  /// What the sqlite3 shell prints for `sql` on `path`.
  func shell(_ path: String, _ sql: String) throws -> String {
    let r = try RootmailCLI.run("/usr/bin/sqlite3", [path, sql])
    #expect(r.status == 0, "\(r.stderr)")
    return r.stdout.trimmingCharacters(in: .newlines)
  }

  /// The schema as SQLite stores it: every table, index and trigger with its SQL text.
  func schema(_ path: String) throws -> String {
    try shell(path, "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")
  }

  func migrations(_ path: String) throws -> [String] {
    try shell(path, "SELECT identifier FROM grdb_migrations ORDER BY rowid").split(separator: "\n").map(String.init)
  }

  func openStore(_ path: String) async throws -> any MappingStore {
    let config = try ConfigLoader(environment: ["ROOTMAIL_STORE": "sqlite:" + path]).load()
    return try await MappingStoreFactory.open(context: CommandContext(config: config, environment: [:]))
  }

  @Test func theStoreTheGRDBReleaseWroteReadsTheSameMappings() async throws {
    let path = try copy(SQLiteFixtureData.storeFile)
    let store = try await openStore(path)
    let all = SQLiteFixtureData.allMappings
    #expect(try await store.list(MappingFilter()) == all)
    for record in all {
      #expect(try await store.get(email: record.accountEmail) == record)
      if !record.fullAccountName.isEmpty {
        #expect(try await store.get(accountName: record.fullAccountName) == record)
      }
    }
    #expect(
      try await store.list(MappingFilter(owner: "zoë@example.com")).map(\.accountEmail) == ["root+eeee2222ffff@aws.example.com"])
    #expect(try await store.list(MappingFilter(namePrefix: "fin-")).count == 3)
    // The counters GRDB's "v2-enum-number" column holds: 1, 2, 3 for fin-ledger-prod; "v7" is no number.
    #expect(try await store.nextCounter(accountName: "fin-ledger-prod") == 4)
    #expect(try await store.nextCounter(accountName: "legacy") == 1)
  }

  @Test func theStoreTheGRDBReleaseWroteTakesWritesAndKeepsItsBookkeeping() async throws {
    let path = try copy(SQLiteFixtureData.storeFile)
    let schemaBefore = try schema(path)
    let store = try await openStore(path)
    let made = try await store.insertNext(accountName: "fin-ledger-prod") { counter in
      sampleRecord(email: "root+fedcba987654@aws.example.com", name: "fin-ledger-prod", counter: String(counter))
    }
    #expect(made.counter == "4")
    await #expect(throws: MappingStoreError.conflict(field: .email, value: SQLiteFixtureData.mappings[0].accountEmail)) {
      try await store.insert(SQLiteFixtureData.mappings[0])
    }
    try await store.delete(email: made.accountEmail)
    #expect(try await store.list(MappingFilter()) == SQLiteFixtureData.allMappings)
    #expect(try migrations(path) == SQLiteFixtureData.storeMigrations)
    #expect(try schema(path) == schemaBefore)
  }

  @Test func theMailIndexTheGRDBReleaseWroteReadsTheSameMailAndReceipts() async throws {
    let path = try copy(SQLiteFixtureData.mailIndexFile)
    let index = try await MailIndexLoader.open(path: path)
    let entries = SQLiteFixtureData.mails.map(\.entry)
    let newestFirst = entries.sorted { $0.receivedAt > $1.receivedAt }
    #expect(try await index.count() == entries.count)
    #expect(try await index.list(MailQuery()) == newestFirst)
    #expect(try await index.entries(ids: entries.map(\.id)) == entries)
    #expect(try await index.entries(idPrefix: String(entries[1].id.prefix(6))) == [entries[1]])
    #expect(try await index.indexedKeys(among: entries.map(\.key) + ["RootMail/other"]) == Set(entries.map(\.key)))
    #expect(try await index.list(MailQuery(recipient: "copy@example.com")) == [entries[1]])
    #expect(try await index.list(MailQuery(excludedSubjects: ["  Your AWS account is ready\t"])) == Array(newestFirst.prefix(2)))

    // The search table: words of the text, of the subject (accents folded), and a mail whose
    // row GRDB's release left without search text.
    var found: [MailIndexEntry] = []
    try await index.search("zebra", MailQuery()) { found.append($0) }
    try await index.search("reinitialisation", MailQuery()) { found.append($0) }
    try await index.search("fin-ledger-prod-1 ready", MailQuery()) { found.append($0) }
    #expect(found == [entries[1], entries[1], entries[0]])
    #expect(try await index.entriesWithoutSearchText(limit: 10) == [entries[2]])

    // Receivers: mail 1 marked received, the others pending from their fetch time.
    #expect(
      try await index.pendingReceive(dueBy: Int.max - 1, limit: 10).map(\.id).sorted() == [entries[1].id, entries[2].id].sorted())
    let receipts = SQLiteFixtureData.receipts
    #expect(try await index.receipts.receipts(mailID: entries[0].id) == receipts.filter { $0.mailID == entries[0].id })
    #expect(try await index.receipts.receipts(mailID: entries[1].id) == receipts.filter { $0.mailID == entries[1].id })
    #expect(try await index.receipts.receipts(in: [.dead, .failed], limit: 10).count == 2)
    #expect(try await index.quickCheck(limit: 10).isEmpty)
  }

  @Test func theMailIndexTheGRDBReleaseWroteTakesWritesAndKeepsItsBookkeeping() async throws {
    let path = try copy(SQLiteFixtureData.mailIndexFile)
    let schemaBefore = try schema(path)
    let index = try await MailIndexLoader.open(path: path)
    let new = SQLiteFixtureData.mail(
      4, receivedAt: 1_764_300_000, date: nil, subject: "Later", recipients: ["root+aaaa0000bbbb@aws.example.com"])
    #expect(try await index.insert([new], searchTexts: [new.key: "quokka"]) == [new])
    #expect(try await index.insert([new], searchTexts: [new.key: "quokka"]).isEmpty)
    var found: [MailIndexEntry] = []
    try await index.search("quokka", MailQuery()) { found.append($0) }
    #expect(found == [new])
    let old = SQLiteFixtureData.mails[2].entry
    try await index.setSearchTexts([old.key: "wombat"])
    #expect(try await index.entriesWithoutSearchText(limit: 10).isEmpty)
    let claimed = try await index.receipts.claim(
      mailID: new.id, receiver: "forward", worker: "w", now: 10, leaseUntil: 20, maxAttempts: 3)
    #expect(claimed?.state == .claimed)
    #expect(try migrations(path) == SQLiteFixtureData.mailIndexMigrations)
    #expect(try schema(path) == schemaBefore)
  }

  /// A file made now has exactly the schema of one the GRDB release made, bookkeeping
  /// included, so that either release opens the other's files.
  @Test func newFilesGetTheSchemaTheGRDBReleaseMade() async throws {
    let folder = try TemporaryFolder.make()
    _ = try await openStore(folder + "/store.sqlite")
    _ = try await MailIndexLoader.open(path: folder + "/mail-index.sqlite")
    #expect(try schema(folder + "/store.sqlite") == schema(try copy(SQLiteFixtureData.storeFile)))
    #expect(try schema(folder + "/mail-index.sqlite") == schema(try copy(SQLiteFixtureData.mailIndexFile)))
    #expect(try migrations(folder + "/store.sqlite") == SQLiteFixtureData.storeMigrations)
    #expect(try migrations(folder + "/mail-index.sqlite") == SQLiteFixtureData.mailIndexMigrations)
    #expect(try shell(folder + "/mail-index.sqlite", "PRAGMA journal_mode") == "wal")
  }
}
