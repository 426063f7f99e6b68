import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// Writes the files of `Tests/Fixtures/sqlite` from `SQLiteFixtureData` through the store and
/// mail index API, into the folder `ROOTMAIL_WRITE_SQLITE_FIXTURES` names (skipped without it).
/// The committed files were made with it by the GRDB release (Tests/Fixtures/sqlite/README.md).
@Suite struct SQLiteFixtureGenerator {
  static let target = ProcessInfo.processInfo.environment["ROOTMAIL_WRITE_SQLITE_FIXTURES"]

  @Test(.enabled(if: target != nil)) func writeTheFixtureFiles() async throws {
    let folder = try #require(Self.target)
    try await writeStore(folder + "/" + SQLiteFixtureData.storeFile)
    try await writeMailIndex(folder + "/" + SQLiteFixtureData.mailIndexFile)
  }

  func writeStore(_ path: String) async throws {
    let config = try ConfigLoader(environment: ["ROOTMAIL_STORE": "sqlite:" + path]).load()
    let store = try await MappingStoreFactory.open(context: CommandContext(config: config, environment: [:]))
    for record in SQLiteFixtureData.mappings { try await store.insert(record) }
    let next = SQLiteFixtureData.nextMapping
    _ = try await store.insertNext(accountName: next.accountName) { counter in
      var record = next
      record.counter = String(counter)
      return record
    }
  }

  func writeMailIndex(_ path: String) async throws {
    let index = try await MailIndexLoader.open(path: path)
    var texts: [String: String] = [:]
    for (entry, text) in SQLiteFixtureData.mails { texts[entry.key] = text }
    _ = try await index.insert(SQLiteFixtureData.mails.map(\.entry), searchTexts: texts)
    try await index.markReceived(ids: SQLiteFixtureData.receivedIDs)
    let worker = SQLiteFixtureData.receiptWorker
    for receipt in SQLiteFixtureData.receipts {
      let lease = receipt.state == .claimed ? receipt.leaseUntil : receipt.updatedAt + 300
      _ = try await index.receipts.claim(
        mailID: receipt.mailID, receiver: receipt.receiver, worker: worker, now: receipt.updatedAt, leaseUntil: lease,
        maxAttempts: 5)
      if receipt.state != .claimed { _ = try await index.receipts.settle(receipt, worker: worker) }
    }
    // A row indexed before the search table existed (an index upgraded to "v3-search"): the
    // API always writes a search row, so this one is taken out with the sqlite3 shell.
    let unsearchable = try #require(SQLiteFixtureData.mails.first { $0.searchText == nil }?.entry.key)
    let deleted = try RootmailCLI.run(
      "/usr/bin/sqlite3",
      [path, "DELETE FROM mail_search WHERE rowid = (SELECT rowid FROM mail WHERE key = '\(unsearchable)')"])
    #expect(deleted.status == 0, "\(deleted.stderr)")
  }
}
