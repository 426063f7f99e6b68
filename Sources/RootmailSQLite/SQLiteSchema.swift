import GRDB
@_spi(RootmailHost) import RootmailKit

/// The SQLite schema of the mapping store, as versioned GRDB migrations. The columns carry the
/// DynamoDB attribute names of aws-account-factory-email; `FullAccountName` (AccountName-Enum)
/// is kept beside them so that a unique index guards account names as the email key guards
/// addresses.
enum SQLiteSchema {
  static let table = "mappings"

  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1-mappings") { db in
      try db.execute(
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
    }
    // The counter as a number beside the sample's string, indexed with the name, so that the
    // highest counter of a name is one index probe instead of a scan of all its rows.
    migrator.registerMigration("v2-enum-number") { db in
      try db.execute(
        sql: """
          ALTER TABLE mappings ADD COLUMN EnumNumber INTEGER;
          UPDATE mappings SET EnumNumber = CAST(Enum AS INTEGER)
            WHERE Enum <> '' AND Enum NOT GLOB '*[^0-9]*' AND length(Enum) <= 18;
          CREATE INDEX mappings_account_name_enum_number ON mappings(AccountName, EnumNumber);
          """)
    }
    return migrator
  }

  /// The counter as a number when `Enum` is all digits (and fits), else nil.
  static func enumNumber(_ counter: String) -> Int? {
    guard !counter.isEmpty, counter.count <= 18, counter.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
    return Int(counter)
  }

  static let columns =
    "AccountEmail, OwnerAddress, AccountName, Enum, AccountType, Tags, Status, LastUpdated, AccountId, FailureReason, FullAccountName, EnumNumber"

  static func arguments(_ r: MappingRecord) -> StatementArguments {
    let tags = JSONValue.object(r.tags.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }).compact
    return [
      r.accountEmail, r.ownerAddress, r.accountName, r.counter, r.accountType, tags, r.status, r.lastUpdated, r.accountId,
      r.failureReason, r.fullAccountName, enumNumber(r.counter),
    ]
  }

  static func insert(_ r: MappingRecord, into db: Database, replacing: Bool = false) throws {
    let verb = replacing ? "INSERT OR REPLACE" : "INSERT"
    try db.execute(sql: "\(verb) INTO mappings (\(columns)) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", arguments: arguments(r))
  }

  static func record(_ row: Row) -> MappingRecord {
    var tags: [String: String] = [:]
    let tagText: String = row["Tags"] ?? "{}"
    if case .object(let members)? = try? JSONValue.parse(tagText) {
      for (k, v) in members { if let s = v.stringValue { tags[k] = s } }
    }
    return MappingRecord(
      accountEmail: row["AccountEmail"], ownerAddress: row["OwnerAddress"], accountName: row["AccountName"],
      counter: row["Enum"], accountType: row["AccountType"], tags: tags, status: row["Status"],
      lastUpdated: row["LastUpdated"], accountId: row["AccountId"], failureReason: row["FailureReason"])
  }
}
