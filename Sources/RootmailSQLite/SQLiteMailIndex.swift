@_spi(RootmailHost) import RootmailKit

/// The mail index (`MailIndex`) in its own SQLite file beside the Maildir, with the mapping
/// store's rules: the file 0600 in 0700 folders, WAL, a busy timeout, first-time set-up under
/// the folder lock, writes in IMMEDIATE transactions. The S3 key is the primary key, so
/// inserting a mail twice is a no-op.
final class SQLiteMailIndex: MailIndex {
  let path: String
  let database: SQLiteDatabase

  static var migrator: SQLiteMigrator {
    var migrator = SQLiteMigrator()
    migrator.register(
      "v1-mail",
      sql: """
        CREATE TABLE mail (
          key TEXT PRIMARY KEY NOT NULL,
          id TEXT NOT NULL,
          size INTEGER NOT NULL,
          etag TEXT NOT NULL,
          received_at INTEGER NOT NULL,
          date INTEGER,
          message_id TEXT NOT NULL,
          from_display TEXT NOT NULL,
          from_address TEXT NOT NULL,
          recipients TEXT NOT NULL,
          subject TEXT NOT NULL,
          class TEXT NOT NULL,
          spam TEXT NOT NULL, virus TEXT NOT NULL, spf TEXT NOT NULL, dkim TEXT NOT NULL, dmarc TEXT NOT NULL,
          spf_domain TEXT NOT NULL, dkim_domains TEXT NOT NULL, dmarc_domain TEXT NOT NULL,
          account_email TEXT NOT NULL, account_name TEXT NOT NULL, owner TEXT NOT NULL,
          attachments INTEGER NOT NULL,
          parse_warnings TEXT NOT NULL,
          fetched_at INTEGER NOT NULL
        );
        CREATE INDEX mail_id ON mail(id);
        CREATE INDEX mail_received ON mail(received_at);
        """)
    // Receivers: `receive_due` > 0 marks a row waiting for its receivers from that time on
    // (0: received). Rows already indexed when this runs keep 0, so an upgrade does not run
    // receivers on old mail. The receipts table is the local `ReceiptLedger`.
    migrator.register("v2-receive") { db in
      try db.executeScript(
        """
        ALTER TABLE mail ADD COLUMN receive_due INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX mail_receive_due ON mail(receive_due) WHERE receive_due > 0;
        """)
      try SQLiteReceiptLedger.createTable(db)
    }
    // Search: an FTS5 table whose rowid is the mail row's; mail indexed before it has no row
    // there until `mail search` builds it (`entriesWithoutSearchText`).
    migrator.register(
      "v3-search",
      sql: """
        CREATE VIRTUAL TABLE mail_search USING fts5(
          subject, sender, recipients, body, tokenize = 'unicode61 remove_diacritics 2');
        """)
    return migrator
  }

  /// The receipts table of this file.
  let ledger: SQLiteReceiptLedger
  var receipts: any ReceiptLedger { ledger }

  init(path: String) throws {
    self.path = path
    database = try SQLiteFiles.open(path: path, migrator: Self.migrator, what: "the mail index")
    ledger = SQLiteReceiptLedger(database: database)
  }

  private func read<T: Sendable>(_ body: (SQLiteConnection) throws -> T) throws -> T {
    try database.storeRead(body)
  }

  func indexedKeys(among keys: [String]) async throws -> Set<String> {
    guard !keys.isEmpty else { return [] }
    return try read { db in
      var found = Set<String>()
      var start = 0
      while start < keys.count {
        let chunk = Array(keys[start..<min(keys.count, start + 500)])
        start += chunk.count
        found.formUnion(try db.fetchAll("SELECT key FROM mail WHERE key IN (\(Self.marks(chunk.count)))", chunk) { $0.text(0) })
      }
      return found
    }
  }

  func insert(_ entries: [MailIndexEntry], searchTexts: [String: String]) async throws -> [MailIndexEntry] {
    guard !entries.isEmpty else { return [] }
    return try insertNow(entries, searchTexts: searchTexts)
  }

  /// The most text of one mail kept for search.
  static let searchTextLimit = 64 * 1024

  /// Adds the search row of the mail row `key` (whose rowid it shares).
  private static func addSearchRow(_ db: SQLiteConnection, _ e: MailIndexEntry, text: String) throws {
    try db.execute(
      """
      INSERT OR REPLACE INTO mail_search(rowid, subject, sender, recipients, body)
      SELECT rowid, ?, ?, ?, ? FROM mail WHERE key = ?
      """,
      [
        e.subject, e.from + " " + e.fromAddress, e.recipients.joined(separator: " "),
        String(decoding: text.utf8.prefix(searchTextLimit), as: UTF8.self),
        e.key,
      ])
  }

  /// One IMMEDIATE transaction (synchronous, as the whole companion is).
  private func insertNow(_ entries: [MailIndexEntry], searchTexts: [String: String]) throws -> [MailIndexEntry] {
    try database.storeWrite { db in
      var inserted: [MailIndexEntry] = []
      for e in entries {
        try db.execute(
          "INSERT OR IGNORE INTO mail VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          [
            e.key, e.id, e.size, e.eTag, e.receivedAt, e.date, e.messageID, e.from, e.fromAddress,
            "\n" + e.recipients.joined(separator: "\n") + "\n", e.subject, e.mailClass, e.verdicts.spam,
            e.verdicts.virus, e.verdicts.spf, e.verdicts.dkim, e.verdicts.dmarc, e.verdicts.spfDomain,
            e.verdicts.dkimPassDomains.joined(separator: ","), e.verdicts.dmarcDomain, e.accountEmail, e.accountName,
            e.owner, e.attachments, e.parseWarnings.joined(separator: "\n"), e.fetchedAt, max(1, e.fetchedAt),
          ])
        if db.changes > 0 {
          inserted.append(e)
          try Self.addSearchRow(db, e, text: searchTexts[e.key] ?? "")
        }
      }
      return inserted
    }
  }

  func list(_ query: MailQuery, each body: (MailIndexEntry) throws -> Void) async throws {
    try select(query, search: nil, each: body)
  }

  func search(_ text: String, _ query: MailQuery, each body: (MailIndexEntry) throws -> Void) async throws {
    try select(query, search: Self.matchExpression(text), each: body)
  }

  /// Each word of `text` as an FTS5 prefix phrase (`"word"*`), so nothing the user types is
  /// read as FTS5 syntax; words are joined by AND.
  static func matchExpression(_ text: String) -> String {
    text.split(whereSeparator: { $0.isWhitespace }).map { "\"" + SQLText.doublingQuotes($0) + "\"*" }
      .joined(separator: " AND ")
  }

  func entriesWithoutSearchText(limit: Int) async throws -> [MailIndexEntry] {
    try read { db in
      try Self.fetchEntries(
        db,
        sql: """
          SELECT \(Self.columns) FROM mail WHERE rowid NOT IN (SELECT rowid FROM mail_search)
          ORDER BY received_at DESC LIMIT ?
          """, arguments: [max(0, limit)] as [any SQLiteBindable])
    }
  }

  func setSearchTexts(_ texts: [String: String]) async throws {
    guard !texts.isEmpty else { return }
    try setSearchTextsNow(texts)
  }

  /// One IMMEDIATE transaction (blocking, as `insertNow`).
  private func setSearchTextsNow(_ texts: [String: String]) throws {
    let rows = try read { db in
      try Self.fetchEntries(
        db, sql: "SELECT \(Self.columns) FROM mail WHERE key IN (\(Self.marks(texts.count)))", arguments: Array(texts.keys))
    }
    try database.storeWrite { db in
      for e in rows { try Self.addSearchRow(db, e, text: texts[e.key] ?? "") }
    }
  }

  private func select(_ query: MailQuery, search: String?, each body: (MailIndexEntry) throws -> Void) throws {
    var conditions: [String] = []
    var arguments: [any SQLiteBindable] = []
    if let search {
      conditions.append("rowid IN (SELECT rowid FROM mail_search WHERE mail_search MATCH ?)")
      arguments.append(search)
    }
    if let r = query.recipient {
      conditions.append("instr(recipients, ?) > 0")
      arguments.append("\n" + r.lowercased() + "\n")
    }
    if let name = query.accountName {
      conditions.append("account_name = ?")
      arguments.append(name)
    }
    if let since = query.receivedSince {
      conditions.append("received_at >= ?")
      arguments.append(since)
    }
    if let c = query.mailClass {
      conditions.append("class = ?")
      arguments.append(c)
    }
    if let s = query.subjectContains {
      conditions.append("instr(lower(subject), ?) > 0")
      arguments.append(s.lowercased())
    }
    if !query.excludedSubjects.isEmpty {
      conditions.append(
        "trim(subject) NOT IN (\(Array(repeating: "?", count: query.excludedSubjects.count).joined(separator: ",")))")
      for s in query.excludedSubjects { arguments.append(SQLText.trimmingBlanks(s)) }
    }
    if let from = query.fromAddress {
      conditions.append("lower(from_address) = ?")
      arguments.append(from.lowercased())
    }
    if query.hasAttachments { conditions.append("attachments > 0") }
    var sql = "SELECT \(Self.columns) FROM mail"
    if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
    sql += " ORDER BY received_at DESC, key DESC"
    if let limit = query.limit { sql += " LIMIT \(max(0, limit))" }
    try read { db in try Self.forEachEntry(db, sql: sql, arguments: arguments, body) }
  }

  func entries(idPrefix: String) async throws -> [MailIndexEntry] {
    try read { db in
      try Self.fetchEntries(
        db, sql: "SELECT \(Self.columns) FROM mail WHERE substr(id, 1, length(?)) = ? ORDER BY received_at DESC LIMIT 10",
        arguments: [idPrefix, idPrefix] as [any SQLiteBindable])
    }
  }

  func count() async throws -> Int {
    try read { db in try db.fetchOne("SELECT COUNT(*) FROM mail") { $0.int(0) } ?? 0 }
  }

  func quickCheck(limit: Int) async throws -> [String] {
    try read { db in try db.quickCheck(limit: limit) }
  }

  /// The columns `entry` reads, in this order (by index).
  static let columns = """
    id, key, size, etag, received_at, date, message_id, from_display, from_address, recipients, subject, class, \
    spam, virus, spf, dkim, dmarc, spf_domain, dkim_domains, dmarc_domain, account_email, account_name, owner, \
    attachments, parse_warnings, fetched_at
    """

  func pendingReceive(dueBy now: Int, limit: Int) async throws -> [MailIndexEntry] {
    try read { db in
      try Self.fetchEntries(
        db, sql: "SELECT \(Self.columns) FROM mail WHERE receive_due > 0 AND receive_due <= ? ORDER BY receive_due, key LIMIT ?",
        arguments: [now, max(0, limit)] as [any SQLiteBindable])
    }
  }

  func markReceived(ids: [String]) async throws {
    try setDue(ids: ids, to: 0)
  }

  func schedulePending(ids: [String], at: Int) async throws {
    try setDue(ids: ids, to: max(1, at))
  }

  private func setDue(ids: [String], to due: Int) throws {
    guard !ids.isEmpty else { return }
    try database.storeWrite { db in
      for chunk in ids.chunked(500) {
        try db.execute(
          "UPDATE mail SET receive_due = ? WHERE id IN (\(Self.marks(chunk.count)))",
          [due as any SQLiteBindable] + chunk.map { $0 as any SQLiteBindable })
      }
    }
  }

  func entries(ids: [String]) async throws -> [MailIndexEntry] {
    guard !ids.isEmpty else { return [] }
    return try read { db in
      var found: [MailIndexEntry] = []
      for chunk in ids.chunked(500) {
        found += try Self.fetchEntries(
          db, sql: "SELECT \(Self.columns) FROM mail WHERE id IN (\(Self.marks(chunk.count))) ORDER BY received_at, key",
          arguments: Array(chunk))
      }
      return found
    }
  }

  static func marks(_ count: Int) -> String { Array(repeating: "?", count: count).joined(separator: ",") }

  /// The rows of a query that selects `columns`.
  static func fetchEntries(_ db: SQLiteConnection, sql: String, arguments: [any SQLiteBindable]) throws -> [MailIndexEntry] {
    try db.fetchAll(sql, arguments, entry)
  }

  /// `fetchEntries`, one row at a time.
  static func forEachEntry(
    _ db: SQLiteConnection, sql: String, arguments: [any SQLiteBindable], _ body: (MailIndexEntry) throws -> Void
  ) throws {
    try db.statement(sql).forEachRow(arguments) { try body(entry($0)) }
  }

  /// The entry in the current row of a statement that selects `columns` (by index, text read
  /// straight from SQLite's UTF-8 bytes: `mail list` reads thousands of rows).
  static func entry(_ s: SQLiteStatement) -> MailIndexEntry {
    func list(_ column: Int32, _ separator: Character) -> [String] {
      guard let bytes = s.textBytes(column) else { return [] }
      // Split on the byte unless a CR is there (CR LF is one Character, which a split on "\n" keeps whole).
      guard let byte = separator.asciiValue, !bytes.contains(0x0D) else {
        return s.text(column).split(separator: separator).map(String.init)
      }
      return bytes.split(separator: byte).map { String(decoding: UnsafeBufferPointer(rebasing: $0), as: UTF8.self) }
    }
    return MailIndexEntry(
      id: s.text(0), key: s.text(1), size: s.int(2), eTag: s.text(3), receivedAt: s.int(4), date: s.optionalInt(5),
      messageID: s.text(6), from: s.text(7), fromAddress: s.text(8), recipients: list(9, "\n"), subject: s.text(10),
      mailClass: s.text(11),
      verdicts: MailVerdicts(
        spam: s.text(12), virus: s.text(13), spf: s.text(14), dkim: s.text(15), dmarc: s.text(16), spfDomain: s.text(17),
        dkimPassDomains: list(18, ","), dmarcDomain: s.text(19)),
      accountEmail: s.text(20), accountName: s.text(21), owner: s.text(22), attachments: s.int(23),
      parseWarnings: list(24, "\n"), fetchedAt: s.int(25))
  }
}

/// Opens mail index files for the kit (`MailIndexLoader`).
final class SQLiteMailIndexOpener: MailIndexOpener {
  func open(path: String) throws -> any MailIndex { try SQLiteMailIndex(path: path) }
}

/// The kit calls this after dlopen: a retained `SQLiteMailIndexOpener` (a `MailIndexOpener`).
@_cdecl("rootmail_mail_index_opener")
public func rootmailMailIndexOpener() -> UnsafeMutableRawPointer {
  Unmanaged<AnyObject>.passRetained(SQLiteMailIndexOpener()).toOpaque()
}
