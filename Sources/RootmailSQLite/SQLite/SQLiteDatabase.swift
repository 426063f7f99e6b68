import Synchronization

/// One SQLite connection shared by a store's callers one at a time (what GRDB's DatabaseQueue
/// was): reads in a DEFERRED transaction (one snapshot), writes in an IMMEDIATE one.
final class SQLiteDatabase: Sendable {
  private let connection: Mutex<SQLiteConnection>

  init(_ connection: consuming sending SQLiteConnection) {
    self.connection = Mutex(connection)
  }

  /// Runs `body` on the connection with no transaction of its own.
  func withConnection<T: Sendable>(_ body: (SQLiteConnection) throws -> T) throws -> T {
    try connection.withLock { connection in try body(connection) }
  }

  /// Runs `body` in a DEFERRED transaction: every statement in it reads the same snapshot.
  func read<T: Sendable>(_ body: (SQLiteConnection) throws -> T) throws -> T {
    try withConnection { connection in try connection.transaction(.deferred) { try body(connection) } }
  }

  /// Runs `body` in an IMMEDIATE transaction (the write lock taken at BEGIN).
  func write<T: Sendable>(_ body: (SQLiteConnection) throws -> T) throws -> T {
    try withConnection { connection in try connection.transaction(.immediate) { try body(connection) } }
  }
}
