import CSQLite

/// One prepared statement: parameters bound by position, rows stepped through, and typed
/// column readers. A connection keeps it in its cache; every use ends with a reset, so that a
/// statement left half-read never holds a read transaction open.
final class SQLiteStatement {
  let handle: OpaquePointer
  let sql: String
  private let connection: OpaquePointer

  /// Compiles `sql` (one statement) on `connection`, for repeated use.
  init(sql: String, connection: OpaquePointer) throws {
    var handle: OpaquePointer?
    let code = sqlite3_prepare_v3(connection, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &handle, nil)
    guard code == SQLITE_OK, let handle else {
      sqlite3_finalize(handle)
      throw SQLiteError(code: code, connection: connection, sql: sql)
    }
    self.handle = handle
    self.sql = sql
    self.connection = connection
  }

  deinit { sqlite3_finalize(handle) }

  /// Resets the statement and binds `arguments` to its parameters, in order.
  func bind(_ arguments: [any SQLiteBindable]) throws {
    sqlite3_reset(handle)
    sqlite3_clear_bindings(handle)
    for (offset, argument) in arguments.enumerated() {
      let code = argument.bind(to: handle, at: Int32(offset + 1))
      guard code == SQLITE_OK else { throw SQLiteError(code: code, connection: connection, sql: sql) }
    }
  }

  /// Steps once: true when a row is ready to read, false when the statement is done.
  func step() throws -> Bool {
    switch sqlite3_step(handle) {
    case SQLITE_ROW: return true
    case SQLITE_DONE: return false
    case let code: throw SQLiteError(code: code, connection: connection, sql: sql)
    }
  }

  /// Ends the current run (the statement keeps its compiled form for the next).
  func reset() { sqlite3_reset(handle) }

  /// Binds `arguments` and hands each row to `body`, then resets the statement.
  func forEachRow(_ arguments: [any SQLiteBindable], _ body: (SQLiteStatement) throws -> Void) throws {
    try bind(arguments)
    defer { reset() }
    while try step() { try body(self) }
  }

  /// Binds `arguments` and runs the statement to its end, ignoring any rows.
  func run(_ arguments: [any SQLiteBindable]) throws {
    try forEachRow(arguments) { _ in }
  }

  // MARK: Columns (by index from 0, of the current row)

  /// Whether the column is NULL.
  func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

  /// The column as an integer (0 for NULL).
  func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }

  /// The column as an integer, nil for NULL.
  func optionalInt(_ column: Int32) -> Int? { isNull(column) ? nil : int(column) }

  /// The column's text as UTF-8 bytes, valid until the next step or reset (nil for NULL).
  func textBytes(_ column: Int32) -> UnsafeBufferPointer<UInt8>? {
    guard let start = sqlite3_column_text(handle, column) else { return nil }
    return UnsafeBufferPointer(start: start, count: Int(sqlite3_column_bytes(handle, column)))
  }

  /// The column as text ("" for NULL; bytes that are not UTF-8 repaired).
  func text(_ column: Int32) -> String { optionalText(column) ?? "" }

  /// The column as text, nil for NULL.
  func optionalText(_ column: Int32) -> String? {
    textBytes(column).map { String(decoding: $0, as: UTF8.self) }
  }
}
