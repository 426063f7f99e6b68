import Foundation
import GRDB
@_spi(RootmailHost) import RootmailKit

/// The mapping store in one SQLite file through GRDB: WAL mode, a busy timeout, and every write
/// in an IMMEDIATE transaction, so that concurrent processes serialise their check-then-insert
/// and never hand out the same address, account name or counter.
final class SQLiteMappingStore: MappingStore {
  let path: String
  let queue: DatabaseQueue

  var locationDescription: String { "sqlite:\(path)" }

  init(path: String) throws {
    self.path = path
    queue = try SQLiteFiles.open(path: path, migrator: SQLiteSchema.migrator, what: "the store")
  }

  // MARK: Writes

  /// Runs `body` in an IMMEDIATE transaction (the write lock is taken at BEGIN).
  private func writeImmediate<T>(_ body: (Database) throws -> T) throws -> T {
    try queue.writeImmediate(body)
  }

  static func translate(_ error: DatabaseError) -> any Error {
    if error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
      return CLIError(
        "the store is busy (another rootmail kept it locked for \(Int(SQLiteFiles.busyTimeout)) s)", status: .unavailable)
    }
    return CLIError("store error: \(error.message ?? "\(error)")")
  }

  /// The conflict inserting `record` would meet, if any (email first, then account name).
  private func conflict(for record: MappingRecord, in db: Database, ignoringEmail: Bool = false) throws -> MappingStoreError? {
    if !ignoringEmail,
      try Bool.fetchOne(db, sql: "SELECT 1 FROM mappings WHERE AccountEmail = ?", arguments: [record.accountEmail]) != nil
    {
      return .conflict(field: .email, value: record.accountEmail)
    }
    let name = record.fullAccountName
    if !name.isEmpty,
      try Bool.fetchOne(
        db, sql: "SELECT 1 FROM mappings WHERE FullAccountName = ? AND FullAccountName <> '' AND AccountEmail <> ?",
        arguments: [name, record.accountEmail])
        != nil
    {
      return .conflict(field: .accountName, value: name)
    }
    return nil
  }

  func insert(_ record: MappingRecord) async throws {
    try writeImmediate { db in
      if let conflict = try conflict(for: record, in: db) { throw conflict }
      try SQLiteSchema.insert(record, into: db)
    }
  }

  /// How many taken counters one `insertNext` steps past before it gives up.
  static let counterSteps = 1000

  private static let maxCounterSQL = "SELECT MAX(EnumNumber) FROM mappings WHERE AccountName = ?"

  private func nextCounter(_ accountName: String, in db: Database) throws -> Int {
    (try Int.fetchOne(db, sql: Self.maxCounterSQL, arguments: [accountName]) ?? 0) + 1
  }

  func nextCounter(accountName: String) async throws -> Int {
    try read { db in try nextCounter(accountName, in: db) }
  }

  func insertNext(accountName: String, make: @Sendable (Int) throws -> MappingRecord) async throws -> MappingRecord {
    try writeImmediate { db in
      var counter = try nextCounter(accountName, in: db)
      // A counter whose address or name was taken another way (`vend --account-name
      // fin-ledger-prod-1006`) is stepped past, as the uuid strategy draws again; a fixed
      // address (`--email`) that is taken stays a conflict.
      for _ in 0..<Self.counterSteps {
        let record = try make(counter)
        guard let conflict = try conflict(for: record, in: db) else {
          try SQLiteSchema.insert(record, into: db)
          return record
        }
        guard try make(counter + 1).accountEmail != record.accountEmail else { throw conflict }
        counter += 1
      }
      throw CLIError("no free counter for \(accountName) in \(Self.counterSteps) steps", status: .failure)
    }
  }

  func update(email: String, _ changes: MappingUpdate) async throws -> MappingRecord {
    try writeImmediate { db in
      guard let row = try Row.fetchOne(db, sql: "SELECT * FROM mappings WHERE AccountEmail = ?", arguments: [email]) else {
        throw MappingStoreError.notFound(email)
      }
      let updated = changes.applied(to: SQLiteSchema.record(row))
      try SQLiteSchema.insert(updated, into: db, replacing: true)
      return updated
    }
  }

  func delete(email: String) async throws {
    try writeImmediate { db in
      try db.execute(sql: "DELETE FROM mappings WHERE AccountEmail = ?", arguments: [email])
      if db.changesCount == 0 { throw MappingStoreError.notFound(email) }
    }
  }

  /// All or nothing, in one transaction: any conflict rolls every row of the import back.
  func importRecords(_ records: [MappingRecord], overwrite: Bool) async throws -> ImportOutcome {
    struct RollBack: Error { let conflicts: [MappingStoreError] }
    do {
      return try writeImmediate { db in
        var outcome = ImportOutcome()
        for record in records {
          let exists =
            try Bool.fetchOne(db, sql: "SELECT 1 FROM mappings WHERE AccountEmail = ?", arguments: [record.accountEmail]) != nil
          if let conflict = try conflict(for: record, in: db, ignoringEmail: overwrite) {
            outcome.existing.append(conflict)
            continue
          }
          try SQLiteSchema.insert(record, into: db, replacing: overwrite)
          if exists { outcome.overwritten += 1 } else { outcome.inserted += 1 }
        }
        if !outcome.existing.isEmpty { throw RollBack(conflicts: outcome.existing) }
        return outcome
      }
    } catch let rollBack as RollBack {
      return ImportOutcome(existing: rollBack.conflicts, rolledBack: true)
    }
  }

  // MARK: Reads

  private func read<T>(_ body: (Database) throws -> T) throws -> T {
    do { return try queue.read(body) } catch let error as DatabaseError { throw Self.translate(error) }
  }

  func get(email: String) async throws -> MappingRecord? {
    try read { db in
      try Row.fetchOne(db, sql: "SELECT * FROM mappings WHERE AccountEmail = ?", arguments: [email]).map(SQLiteSchema.record)
    }
  }

  func get(accountName: String) async throws -> MappingRecord? {
    guard !accountName.isEmpty else { return nil }
    return try read { db in
      try Row.fetchOne(
        db, sql: "SELECT * FROM mappings WHERE FullAccountName = ? AND FullAccountName <> ''", arguments: [accountName]
      ).map(
        SQLiteSchema.record)
    }
  }

  func list(_ filter: MappingFilter) async throws -> [MappingRecord] {
    var conditions: [String] = []
    var arguments: StatementArguments = []
    if let owner = filter.owner {
      conditions.append("OwnerAddress = ?")
      arguments += [owner]
    }
    if let type = filter.accountType {
      conditions.append("AccountType = ?")
      arguments += [type]
    }
    if let status = filter.status {
      conditions.append("Status = ?")
      arguments += [status]
    }
    if let prefix = filter.namePrefix {
      conditions.append("substr(FullAccountName, 1, length(?)) = ?")
      arguments += [prefix, prefix]
    }
    let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
    return try read { db in
      try Row.fetchAll(db, sql: "SELECT * FROM mappings\(whereClause) ORDER BY AccountEmail", arguments: arguments).map(
        SQLiteSchema.record)
    }
  }
}
