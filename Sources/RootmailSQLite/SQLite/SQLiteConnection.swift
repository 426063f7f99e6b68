import CSQLite

/// One connection to an SQLite file: opened read-write with extended result codes and a busy
/// timeout, its prepared statements cached by SQL text. Not thread-safe on its own: the
/// companion reaches it only through `SQLiteDatabase`, one caller at a time.
final class SQLiteConnection {
  let handle: OpaquePointer
  /// The file as opened (for messages).
  let path: String
  private var statements: [String: SQLiteStatement] = [:]

  /// The most statements kept prepared; past it the cache starts again (SQL built with a
  /// varying number of `?` could otherwise grow it without end).
  static let statementCacheLimit = 64

  /// Opens (creating it if missing) the database at `path`. A writer that finds the file
  /// locked retries for up to `busyTimeoutMilliseconds` before failing with SQLITE_BUSY.
  init(path: String, busyTimeoutMilliseconds: Int32) throws {
    var handle: OpaquePointer?
    let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
    let code = sqlite3_open_v2(path, &handle, flags, nil)
    guard code == SQLITE_OK, let handle else {
      let error = SQLiteError(code: code, connection: handle)
      sqlite3_close_v2(handle)
      throw error
    }
    self.handle = handle
    self.path = path
    sqlite3_extended_result_codes(handle, 1)
    sqlite3_busy_timeout(handle, busyTimeoutMilliseconds)
  }

  deinit {
    statements.removeAll()
    sqlite3_close_v2(handle)
  }

  /// The prepared statement for `sql` (one statement), compiled on first use.
  func statement(_ sql: String) throws -> SQLiteStatement {
    if let cached = statements[sql] { return cached }
    let made = try SQLiteStatement(sql: sql, connection: handle)
    if statements.count >= Self.statementCacheLimit { statements.removeAll() }
    statements[sql] = made
    return made
  }

  /// Runs one statement with `arguments`, ignoring any rows it returns.
  func execute(_ sql: String, _ arguments: [any SQLiteBindable] = []) throws {
    try statement(sql).run(arguments)
  }

  /// Runs `sql`, which may hold several statements (a migration), without caching any.
  func executeScript(_ sql: String) throws {
    var message: UnsafeMutablePointer<CChar>?
    let code = sqlite3_exec(handle, sql, nil, nil, &message)
    defer { sqlite3_free(message) }
    guard code == SQLITE_OK else { throw SQLiteError(code: code, connection: handle, sql: sql) }
  }

  /// Every row of `sql` with `arguments`, each made into a value by `row`.
  func fetchAll<T>(_ sql: String, _ arguments: [any SQLiteBindable] = [], _ row: (SQLiteStatement) throws -> T) throws
    -> [T]
  {
    var rows: [T] = []
    try statement(sql).forEachRow(arguments) { rows.append(try row($0)) }
    return rows
  }

  /// The first row of `sql` with `arguments` made into a value by `row`, nil when there is none.
  func fetchOne<T>(_ sql: String, _ arguments: [any SQLiteBindable] = [], _ row: (SQLiteStatement) throws -> T) throws
    -> T?
  {
    let statement = try statement(sql)
    try statement.bind(arguments)
    defer { statement.reset() }
    return try statement.step() ? row(statement) : nil
  }

  /// Whether `sql` with `arguments` returns any row.
  func exists(_ sql: String, _ arguments: [any SQLiteBindable] = []) throws -> Bool {
    try fetchOne(sql, arguments) { _ in true } ?? false
  }

  /// How many rows the last INSERT, UPDATE or DELETE changed.
  var changes: Int { Int(sqlite3_changes(handle)) }

  /// Whether no transaction is open.
  var isAutocommit: Bool { sqlite3_get_autocommit(handle) != 0 }
}
