@_spi(RootmailHost) import RootmailKit

/// The mapping store in one SQLite file: WAL mode, a busy timeout, and every write in an
/// IMMEDIATE transaction, so that concurrent processes serialise their check-then-insert and
/// never hand out the same address, account name or counter.
final class SQLiteMappingStore: MappingStore {
  let path: String
  let database: SQLiteDatabase

  var locationDescription: String { "sqlite:\(path)" }

  init(path: String) throws {
    self.path = path
    database = try SQLiteFiles.open(path: path, migrator: SQLiteSchema.migrator, what: "the store")
  }

  // MARK: Writes

  /// Runs `body` in an IMMEDIATE transaction (the write lock is taken at BEGIN).
  private func writeImmediate<T: Sendable>(_ body: (SQLiteConnection) throws -> T) throws -> T {
    try database.storeWrite(body)
  }

  private static let emailTakenSQL = "SELECT 1 FROM mappings WHERE AccountEmail = ?"

  /// The conflict inserting `record` would meet, if any (email first, then account name).
  private func conflict(for record: MappingRecord, in db: SQLiteConnection, ignoringEmail: Bool = false) throws
    -> MappingStoreError?
  {
    if !ignoringEmail, try db.exists(Self.emailTakenSQL, [record.accountEmail]) {
      return .conflict(field: .email, value: record.accountEmail)
    }
    let name = record.fullAccountName
    if !name.isEmpty,
      try db.exists(
        "SELECT 1 FROM mappings WHERE FullAccountName = ? AND FullAccountName <> '' AND AccountEmail <> ?",
        [name, record.accountEmail])
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

  private func nextCounter(_ accountName: String, in db: SQLiteConnection) throws -> Int {
    (try db.fetchOne(Self.maxCounterSQL, [accountName]) { $0.int(0) } ?? 0) + 1  // MAX of no rows is NULL: 0
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
      guard let current = try db.fetchOne(Self.byEmailSQL, [email], SQLiteSchema.record) else {
        throw MappingStoreError.notFound(email)
      }
      let updated = changes.applied(to: current)
      try SQLiteSchema.insert(updated, into: db, replacing: true)
      return updated
    }
  }

  func delete(email: String) async throws {
    try writeImmediate { db in
      try db.execute("DELETE FROM mappings WHERE AccountEmail = ?", [email])
      if db.changes == 0 { throw MappingStoreError.notFound(email) }
    }
  }

  /// All or nothing, in one transaction: any conflict rolls every row of the import back.
  func importRecords(_ records: [MappingRecord], overwrite: Bool) async throws -> ImportOutcome {
    struct RollBack: Error { let conflicts: [MappingStoreError] }
    do {
      return try writeImmediate { db in
        var outcome = ImportOutcome()
        for record in records {
          let exists = try db.exists(Self.emailTakenSQL, [record.accountEmail])
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

  private func read<T: Sendable>(_ body: (SQLiteConnection) throws -> T) throws -> T {
    try database.storeRead(body)
  }

  private static let byEmailSQL = "SELECT \(SQLiteSchema.columns) FROM mappings WHERE AccountEmail = ?"

  func get(email: String) async throws -> MappingRecord? {
    try read { db in try db.fetchOne(Self.byEmailSQL, [email], SQLiteSchema.record) }
  }

  func get(accountName: String) async throws -> MappingRecord? {
    guard !accountName.isEmpty else { return nil }
    return try read { db in
      try db.fetchOne(
        "SELECT \(SQLiteSchema.columns) FROM mappings WHERE FullAccountName = ? AND FullAccountName <> ''", [accountName],
        SQLiteSchema.record)
    }
  }

  func list(_ filter: MappingFilter) async throws -> [MappingRecord] {
    var conditions: [String] = []
    var arguments: [any SQLiteBindable] = []
    if let owner = filter.owner {
      conditions.append("OwnerAddress = ?")
      arguments.append(owner)
    }
    if let type = filter.accountType {
      conditions.append("AccountType = ?")
      arguments.append(type)
    }
    if let status = filter.status {
      conditions.append("Status = ?")
      arguments.append(status)
    }
    if let prefix = filter.namePrefix {
      conditions.append("substr(FullAccountName, 1, length(?)) = ?")
      arguments += [prefix, prefix] as [any SQLiteBindable]
    }
    let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
    return try read { db in
      try db.fetchAll(
        "SELECT \(SQLiteSchema.columns) FROM mappings\(whereClause) ORDER BY AccountEmail", arguments, SQLiteSchema.record)
    }
  }
}
