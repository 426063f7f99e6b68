/// How a transaction takes its locks: DEFERRED reads a snapshot and locks only when it first
/// writes; IMMEDIATE takes the write lock at BEGIN, so two writers never deadlock upgrading a
/// read lock (the second waits out the busy timeout instead).
enum SQLiteTransactionKind: String {
  case deferred = "DEFERRED"
  case immediate = "IMMEDIATE"
}

extension SQLiteConnection {
  /// Runs `body` in one transaction of `kind`: committed when it returns, rolled back when it
  /// or the commit throws.
  func transaction<T>(_ kind: SQLiteTransactionKind, _ body: () throws -> T) throws -> T {
    try execute("BEGIN \(kind.rawValue) TRANSACTION")
    do {
      let result = try body()
      try execute("COMMIT TRANSACTION")
      return result
    } catch {
      // SQLite may have rolled back already (some errors end the transaction themselves).
      if !isAutocommit { try? execute("ROLLBACK TRANSACTION") }
      throw error
    }
  }
}
