import CSQLite

/// An error SQLite returned: its extended result code, its message, and the statement.
struct SQLiteError: Error, CustomStringConvertible {
  /// The extended result code (`SQLITE_BUSY_SNAPSHOT`, `SQLITE_CONSTRAINT_PRIMARYKEY`, …).
  let code: Int32
  /// `sqlite3_errmsg` when the error happened (or `sqlite3_errstr` of the code).
  let message: String
  /// The statement that failed, when there was one.
  let sql: String?

  /// The primary result code (`SQLITE_BUSY`, `SQLITE_CONSTRAINT`, …).
  var primaryCode: Int32 { code & 0xFF }

  /// Whether another connection held a lock longer than the busy timeout.
  var isBusy: Bool { primaryCode == SQLITE_BUSY || primaryCode == SQLITE_LOCKED }

  var description: String { "SQLite error \(code): \(message)" + (sql.map { " - while executing `\($0)`" } ?? "") }

  /// The error `code` stands for on `connection` (its current message when it has one).
  init(code: Int32, connection: OpaquePointer?, sql: String? = nil) {
    self.code = code
    if let connection, sqlite3_errcode(connection) != SQLITE_OK, let text = sqlite3_errmsg(connection) {
      message = String(cString: text)
    } else {
      message = String(cString: sqlite3_errstr(code))
    }
    self.sql = sql
  }
}
