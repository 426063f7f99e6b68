/// The local index of fetched mail (an SQLite table in the companion library, so that one
/// copy of GRDB serves the process). Inserting a key already present does nothing, so a fetch
/// killed at any point and run again indexes nothing twice.
@_spi(RootmailHost) public protocol MailIndex: AnyObject, Sendable {
  /// The keys among `keys` that are indexed already.
  func indexedKeys(among keys: [String]) async throws -> Set<String>
  /// Inserts entries whose key is new, in one transaction, each with the decoded text
  /// `mail search` searches (`searchTexts` by key; missing: none); returns those inserted.
  func insert(_ entries: [MailIndexEntry], searchTexts: [String: String]) async throws -> [MailIndexEntry]
  /// Rows matching `query` whose subject, sender, recipients or text hold every word of
  /// `text` (a word matches as a prefix, any case), newest first, one at a time.
  func search(_ text: String, _ query: MailQuery, each body: (MailIndexEntry) throws -> Void) async throws
  /// Rows indexed before the search index existed (their text not yet searchable), at most
  /// `limit`.
  func entriesWithoutSearchText(limit: Int) async throws -> [MailIndexEntry]
  /// Makes rows already indexed searchable with their decoded text (by key).
  func setSearchTexts(_ texts: [String: String]) async throws
  /// Rows matching `query`, newest first, handed to `body` one at a time as they are read, so
  /// that memory does not grow with the number of mails (`mail list --output json`).
  func list(_ query: MailQuery, each body: (MailIndexEntry) throws -> Void) async throws
  /// Rows whose id starts with `idPrefix`.
  func entries(idPrefix: String) async throws -> [MailIndexEntry]
  /// How many rows there are.
  func count() async throws -> Int

  /// The record of receiver outcomes on this index's mail (the local `ReceiptLedger`).
  var receipts: any ReceiptLedger { get }
  /// Rows waiting for receivers whose turn has come by `now` (at most `limit`, the longest
  /// waiting first). A newly inserted row is pending from the moment it is inserted; rows an
  /// index already held when receivers came (an upgrade) are not.
  func pendingReceive(dueBy now: Int, limit: Int) async throws -> [MailIndexEntry]
  /// Marks rows as no longer pending: every configured receiver's receipt is settled.
  func markReceived(ids: [String]) async throws
  /// Makes rows pending again from `at` on (a receiver backing off, or a replay).
  func schedulePending(ids: [String], at: Int) async throws
  /// Rows whose id is one of `ids`.
  func entries(ids: [String]) async throws -> [MailIndexEntry]
  /// What SQLite's `PRAGMA quick_check` finds wrong with the file, at most `limit` lines
  /// (empty: healthy); `rootmail doctor` runs it.
  func quickCheck(limit: Int) async throws -> [String]
}

@_spi(RootmailHost) extension MailIndex {
  /// Inserts entries whose key is new with no search text; returns those inserted.
  public func insert(_ entries: [MailIndexEntry]) async throws -> [MailIndexEntry] {
    try await insert(entries, searchTexts: [:])
  }

  /// Rows matching `query`, newest first.
  public func list(_ query: MailQuery) async throws -> [MailIndexEntry] {
    var rows: [MailIndexEntry] = []
    try await list(query) { rows.append($0) }
    return rows
  }
}
