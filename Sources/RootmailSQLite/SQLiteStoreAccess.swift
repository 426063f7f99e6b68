/// Reads and writes as the store, the mail index and the ledger make them: SQLite's errors
/// come out as the store's own (`SQLiteFiles.translate`), any other error unchanged.
extension SQLiteDatabase {
  /// `read`, with SQLite's errors translated.
  func storeRead<T: Sendable>(_ body: (SQLiteConnection) throws -> T) throws -> T {
    do { return try read(body) } catch let error as SQLiteError { throw SQLiteFiles.translate(error) }
  }

  /// `write` (one IMMEDIATE transaction), with SQLite's errors translated.
  func storeWrite<T: Sendable>(_ body: (SQLiteConnection) throws -> T) throws -> T {
    do { return try write(body) } catch let error as SQLiteError { throw SQLiteFiles.translate(error) }
  }
}
