@_spi(RootmailHost) import RootmailKit

/// The local `ReceiptLedger`: a `receipt` table in the mail index file, one IMMEDIATE
/// transaction per claim, settle or reopen. Only one fetch or watch runs on a Maildir at a time
/// (`Maildir.withFetchLock`), so a claim another worker still holds here was left by a process
/// that died mid-mail: it counts as expired whatever its lease says.
final class SQLiteReceiptLedger: ReceiptLedger {
  let database: SQLiteDatabase

  init(database: SQLiteDatabase) { self.database = database }

  /// Part of the mail index's "v2-receive" migration.
  static func createTable(_ db: SQLiteConnection) throws {
    try db.executeScript(
      """
      CREATE TABLE receipt (
        mail_id TEXT NOT NULL,
        receiver TEXT NOT NULL,
        state TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        detail TEXT NOT NULL,
        retry_at INTEGER NOT NULL,
        worker TEXT NOT NULL,
        lease_until INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (mail_id, receiver)
      );
      CREATE INDEX receipt_state ON receipt(state, updated_at);
      """)
  }

  /// One IMMEDIATE transaction (blocking, as the rest of the companion is).
  private func write<T: Sendable>(_ body: (SQLiteConnection) throws -> T) throws -> T {
    try database.storeWrite(body)
  }

  private func read<T: Sendable>(_ body: (SQLiteConnection) throws -> T) throws -> T {
    try database.storeRead(body)
  }

  /// The columns `receipt` reads, in this order (the table's own).
  static let columns = "mail_id, receiver, state, attempts, detail, retry_at, worker, lease_until, updated_at"

  func claim(mailID: String, receiver: String, worker: String, now: Int, leaseUntil: Int, maxAttempts: Int)
    async throws -> Receipt?
  {
    try write { db in
      guard var receipt = try Self.fetch(db, mailID: mailID, receiver: receiver) else {
        let claimed = Receipt(
          mailID: mailID, receiver: receiver, state: .claimed, attempts: 1, worker: worker, leaseUntil: leaseUntil,
          updatedAt: now)
        try Self.save(claimed, in: db)
        return claimed
      }
      switch receipt.state {
      case .done, .skipped, .dead:
        return nil
      case .failed where receipt.retryAt > now:
        return nil
      case .claimed where receipt.worker == worker && receipt.leaseUntil >= now:
        return nil
      case .failed, .claimed:
        if receipt.attempts >= maxAttempts {
          if receipt.state == .claimed { receipt.detail = "the process ended while the receiver ran" }
          receipt.state = .dead
          receipt.worker = ""
          receipt.leaseUntil = 0
          receipt.updatedAt = now
          try Self.save(receipt, in: db)
          return nil
        }
        receipt.state = .claimed
        receipt.attempts += 1
        receipt.worker = worker
        receipt.leaseUntil = leaseUntil
        receipt.updatedAt = now
        try Self.save(receipt, in: db)
        return receipt
      }
    }
  }

  func settle(_ receipt: Receipt, worker: String) async throws -> Bool {
    try write { db in
      guard let current = try Self.fetch(db, mailID: receipt.mailID, receiver: receipt.receiver),
        current.state == .claimed, current.worker == worker
      else { return false }
      var settled = receipt
      settled.worker = ""
      settled.leaseUntil = 0
      try Self.save(settled, in: db)
      return true
    }
  }

  func receipts(in states: Set<Receipt.State>, limit: Int) async throws -> [Receipt] {
    guard !states.isEmpty else { return [] }
    let names = states.map(\.rawValue).sorted()
    return try read { db in
      try db.fetchAll(
        """
        SELECT \(Self.columns) FROM receipt WHERE state IN (\(SQLiteMailIndex.marks(names.count)))
        ORDER BY updated_at, mail_id, receiver LIMIT ?
        """,
        (names as [any SQLiteBindable]) + [max(0, limit)], Self.receipt)
    }
  }

  func receipts(mailID: String) async throws -> [Receipt] {
    try read { db in
      try db.fetchAll("SELECT \(Self.columns) FROM receipt WHERE mail_id = ? ORDER BY receiver", [mailID], Self.receipt)
    }
  }

  func reopen(mailID: String, receiver: String, force: Bool, now: Int) async throws -> Bool {
    try write { db in
      guard var receipt = try Self.fetch(db, mailID: mailID, receiver: receiver) else { return false }
      switch receipt.state {
      case .claimed: return false
      case .done, .skipped: guard force else { return false }
      case .failed, .dead: break
      }
      receipt.state = .failed
      receipt.attempts = 0
      receipt.retryAt = 0
      receipt.worker = ""
      receipt.leaseUntil = 0
      receipt.updatedAt = now
      try Self.save(receipt, in: db)
      return true
    }
  }

  private static func fetch(_ db: SQLiteConnection, mailID: String, receiver: String) throws -> Receipt? {
    try db.fetchOne(
      "SELECT \(columns) FROM receipt WHERE mail_id = ? AND receiver = ?", [mailID, receiver], receipt)
  }

  private static func save(_ r: Receipt, in db: SQLiteConnection) throws {
    try db.execute(
      "INSERT OR REPLACE INTO receipt (\(columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      [
        r.mailID, r.receiver, r.state.rawValue, r.attempts, r.detail, r.retryAt, r.worker, r.leaseUntil, r.updatedAt,
      ])
  }

  /// The receipt in the current row of a statement that selects `columns`.
  private static func receipt(_ row: SQLiteStatement) -> Receipt {
    Receipt(
      mailID: row.text(0), receiver: row.text(1), state: Receipt.State(rawValue: row.text(2)) ?? .failed,
      attempts: row.int(3), detail: row.text(4), retryAt: row.int(5), worker: row.text(6), leaseUntil: row.int(7),
      updatedAt: row.int(8))
  }
}

extension Array {
  /// The array cut into pieces of at most `size` elements (SQLite's limit on `?` per statement).
  func chunked(_ size: Int) -> [ArraySlice<Element>] {
    stride(from: 0, to: count, by: size).map { self[$0..<Swift.min(count, $0 + size)] }
  }
}
