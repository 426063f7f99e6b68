extension SQLiteConnection {
  /// What `PRAGMA quick_check` finds wrong with the file, at most `limit` problems, one line
  /// each (empty: healthy). SQLite's "*** in database main ***" headings are left out.
  func quickCheck(limit: Int) throws -> [String] {
    let rows = try fetchAll("PRAGMA quick_check(\(max(1, limit)))") { $0.text(0) }
    guard rows != ["ok"] else { return [] }
    // A row may hold several lines, the first naming the database.
    return rows.flatMap { $0.split(separator: "\n").map(String.init) }.filter { !$0.hasPrefix("*** in database") }
  }
}
