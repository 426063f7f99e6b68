import CSQLite

/// A Swift value a statement can take for a `?` parameter (integer, text, or NULL for nil).
protocol SQLiteBindable {
  /// Binds the value to parameter `index` (from 1) of `statement`; returns SQLite's result code.
  func bind(to statement: OpaquePointer, at index: Int32) -> Int32
}

extension Int: SQLiteBindable {
  func bind(to statement: OpaquePointer, at index: Int32) -> Int32 { sqlite3_bind_int64(statement, index, Int64(self)) }
}

extension Bool: SQLiteBindable {
  func bind(to statement: OpaquePointer, at index: Int32) -> Int32 { sqlite3_bind_int64(statement, index, self ? 1 : 0) }
}

extension String: SQLiteBindable {
  /// Text as its UTF-8 bytes, copied by SQLite (an empty string is empty text, not NULL).
  func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
    var text = self
    return text.withUTF8 { bytes in
      bytes.withMemoryRebound(to: CChar.self) { chars in
        guard let start = chars.baseAddress, !chars.isEmpty else {
          return rootmail_sqlite3_bind_text_copy(statement, index, "", 0)
        }
        guard chars.count <= Int(Int32.max) else { return SQLITE_TOOBIG }
        return rootmail_sqlite3_bind_text_copy(statement, index, start, Int32(chars.count))
      }
    }
  }
}

extension Substring: SQLiteBindable {
  func bind(to statement: OpaquePointer, at index: Int32) -> Int32 { String(self).bind(to: statement, at: index) }
}

extension Optional: SQLiteBindable where Wrapped: SQLiteBindable {
  func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
    switch self {
    case .none: sqlite3_bind_null(statement, index)
    case .some(let value): value.bind(to: statement, at: index)
    }
  }
}
