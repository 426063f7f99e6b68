@_spi(RootmailHost) import RootmailKit

/// The SQLite schema of the mapping store, as versioned migrations. The columns carry the
/// DynamoDB attribute names of aws-account-factory-email; `FullAccountName` (AccountName-Enum)
/// is kept beside them so that a unique index guards account names as the email key guards
/// addresses.
enum SQLiteSchema {
  static let table = "mappings"

  static var migrator: SQLiteMigrator {
    var migrator = SQLiteMigrator()
    migrator.register(
      "v1-mappings",
      sql: """
        CREATE TABLE mappings (
          AccountEmail TEXT PRIMARY KEY NOT NULL,
          OwnerAddress TEXT NOT NULL,
          AccountName TEXT NOT NULL,
          Enum TEXT NOT NULL DEFAULT '',
          AccountType TEXT NOT NULL,
          Tags TEXT NOT NULL DEFAULT '{}',
          Status TEXT NOT NULL,
          LastUpdated TEXT NOT NULL,
          AccountId TEXT,
          FailureReason TEXT,
          FullAccountName TEXT NOT NULL
        );
        CREATE UNIQUE INDEX mappings_full_account_name ON mappings(FullAccountName) WHERE FullAccountName <> '';
        CREATE INDEX mappings_account_name_enum ON mappings(AccountName, Enum);
        CREATE INDEX mappings_owner ON mappings(OwnerAddress);
        """)
    // The counter as a number beside the sample's string, indexed with the name, so that the
    // highest counter of a name is one index probe instead of a scan of all its rows.
    migrator.register(
      "v2-enum-number",
      sql: """
        ALTER TABLE mappings ADD COLUMN EnumNumber INTEGER;
        UPDATE mappings SET EnumNumber = CAST(Enum AS INTEGER)
          WHERE Enum <> '' AND Enum NOT GLOB '*[^0-9]*' AND length(Enum) <= 18;
        CREATE INDEX mappings_account_name_enum_number ON mappings(AccountName, EnumNumber);
        """)
    return migrator
  }

  /// The counter as a number when `Enum` is all digits (and fits), else nil.
  static func enumNumber(_ counter: String) -> Int? {
    guard !counter.isEmpty, counter.count <= 18, counter.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
    return Int(counter)
  }

  /// Every column, in the order `arguments` binds and `record` reads them.
  static let columns =
    "AccountEmail, OwnerAddress, AccountName, Enum, AccountType, Tags, Status, LastUpdated, AccountId, FailureReason, FullAccountName, EnumNumber"

  static func arguments(_ r: MappingRecord) -> [any SQLiteBindable] {
    let tags = JSONValue.object(r.tags.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }).compact
    return [
      r.accountEmail, r.ownerAddress, r.accountName, r.counter, r.accountType, tags, r.status, r.lastUpdated, r.accountId,
      r.failureReason, r.fullAccountName, enumNumber(r.counter),
    ]
  }

  static func insert(_ r: MappingRecord, into db: SQLiteConnection, replacing: Bool = false) throws {
    let verb = replacing ? "INSERT OR REPLACE" : "INSERT"
    try db.execute("\(verb) INTO mappings (\(columns)) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", arguments(r))
  }

  /// The record in the current row of a statement that selects `columns`.
  static func record(_ row: SQLiteStatement) -> MappingRecord {
    var tags: [String: String] = [:]
    if case .object(let members)? = try? JSONValue.parse(row.optionalText(5) ?? "{}") {
      for (k, v) in members { if let s = v.stringValue { tags[k] = s } }
    }
    return MappingRecord(
      accountEmail: row.text(0), ownerAddress: row.text(1), accountName: row.text(2), counter: row.text(3),
      accountType: row.text(4), tags: tags, status: row.text(6), lastUpdated: row.text(7), accountId: row.optionalText(8),
      failureReason: row.optionalText(9))
  }
}
