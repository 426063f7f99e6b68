/// The schema's versions, applied in order, each in its own IMMEDIATE transaction and recorded
/// by identifier in `grdb_migrations`, the table GRDB's DatabaseMigrator kept: files made by
/// releases that used GRDB are recognised as migrated, and GRDB would recognise ours.
struct SQLiteMigrator {
  /// One version: its identifier and the change it makes.
  struct Migration {
    let identifier: String
    let migrate: (SQLiteConnection) throws -> Void
  }

  /// The bookkeeping table (GRDB's name and layout).
  static let table = "grdb_migrations"

  private(set) var migrations: [Migration] = []

  /// Adds a version that runs `migrate`.
  mutating func register(_ identifier: String, _ migrate: @escaping (SQLiteConnection) throws -> Void) {
    precondition(!migrations.contains { $0.identifier == identifier }, "migration \(identifier) registered twice")
    migrations.append(Migration(identifier: identifier, migrate: migrate))
  }

  /// Adds a version that runs the statements of `sql`.
  mutating func register(_ identifier: String, sql: String) {
    register(identifier) { try $0.executeScript(sql) }
  }

  /// The identifiers recorded in the file (none when it has no bookkeeping table yet).
  func appliedIdentifiers(_ connection: SQLiteConnection) throws -> Set<String> {
    guard try connection.exists("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [Self.table]) else {
      return []
    }
    return Set(try connection.fetchAll("SELECT identifier FROM \(Self.table)") { $0.text(0) })
  }

  /// Whether every registered version is recorded (identifiers the file holds beyond them, from
  /// a newer release, are left alone, as GRDB did).
  func hasCompletedMigrations(_ connection: SQLiteConnection) throws -> Bool {
    let applied = try appliedIdentifiers(connection)
    return migrations.allSatisfy { applied.contains($0.identifier) }
  }

  /// Applies, in order, each registered version the file does not record yet.
  func migrate(_ connection: SQLiteConnection) throws {
    try connection.execute("CREATE TABLE IF NOT EXISTS \(Self.table) (identifier TEXT NOT NULL PRIMARY KEY)")
    let applied = try appliedIdentifiers(connection)
    for migration in migrations where !applied.contains(migration.identifier) {
      try connection.transaction(.immediate) {
        try migration.migrate(connection)
        try connection.execute("INSERT INTO \(Self.table) (identifier) VALUES (?)", [migration.identifier])
      }
    }
  }
}
