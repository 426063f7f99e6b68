import GRDB
@_spi(RootmailHost) import RootmailKit

/// The local `ReceiptLedger`: a `receipt` table in the mail index file, one IMMEDIATE
/// transaction per claim, settle or reopen. Only one fetch or watch runs on a Maildir at a time
/// (`Maildir.withFetchLock`), so a claim another worker still holds here was left by a process
/// that died mid-mail: it counts as expired whatever its lease says.
final class SQLiteReceiptLedger: ReceiptLedger {
  let queue: DatabaseQueue

  init(queue: DatabaseQueue) { self.queue = queue }

  /// Part of the mail index's "v2-receive" migration.
  static func createTable(_ db: Database) throws {
    try db.execute(
      sql: """
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

  /// One IMMEDIATE transaction (GRDB's blocking API, as the rest of the companion uses).
  private func write<T>(_ body: (Database) throws -> T) throws -> T {
    try queue.writeImmediate(body)
  }

  private func read<T>(_ body: (Database) throws -> T) throws -> T {
    do { return try queue.read(body) } catch let error as DatabaseError { throw SQLiteMappingStore.translate(error) }
  }

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
      try Row.fetchAll(
        db,
        sql: """
          SELECT * FROM receipt WHERE state IN (\(SQLiteMailIndex.marks(names.count)))
          ORDER BY updated_at, mail_id, receiver LIMIT ?
          """,
        arguments: StatementArguments(names) + [max(0, limit)]
      ).map(Self.receipt)
    }
  }

  func receipts(mailID: String) async throws -> [Receipt] {
    try read { db in
      try Row.fetchAll(db, sql: "SELECT * FROM receipt WHERE mail_id = ? ORDER BY receiver", arguments: [mailID])
        .map(Self.receipt)
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

  private static func fetch(_ db: Database, mailID: String, receiver: String) throws -> Receipt? {
    try Row.fetchOne(
      db, sql: "SELECT * FROM receipt WHERE mail_id = ? AND receiver = ?", arguments: [mailID, receiver]
    ).map(receipt)
  }

  private static func save(_ r: Receipt, in db: Database) throws {
    try db.execute(
      sql: "INSERT OR REPLACE INTO receipt VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      arguments: [
        r.mailID, r.receiver, r.state.rawValue, r.attempts, r.detail, r.retryAt, r.worker, r.leaseUntil, r.updatedAt,
      ])
  }

  private static func receipt(_ row: Row) -> Receipt {
    Receipt(
      mailID: row["mail_id"], receiver: row["receiver"],
      state: Receipt.State(rawValue: row["state"]) ?? .failed, attempts: row["attempts"], detail: row["detail"],
      retryAt: row["retry_at"], worker: row["worker"], leaseUntil: row["lease_until"], updatedAt: row["updated_at"])
  }
}

extension Array {
  /// The array cut into pieces of at most `size` elements (SQLite's limit on `?` per statement).
  func chunked(_ size: Int) -> [ArraySlice<Element>] {
    stride(from: 0, to: count, by: size).map { self[$0..<Swift.min(count, $0 + size)] }
  }
}
