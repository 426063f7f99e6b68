/// Rows of data with named columns, printable as an aligned table, tab-separated text or JSON;
/// what list-like commands return so that every command prints the same way.
public struct Table: Sendable {
  public var columns: [String]
  public var rows: [[String]]

  /// Cells and column names are shown with control and bidi characters escaped
  /// (`TerminalSafe`) in the table and text forms: data in a shared table may be hostile.
  public init(columns: [String], rows: [[String]] = []) {
    self.columns = columns
    self.rows = rows
  }

  /// Columns padded to their widest cell, a header in capitals (as kubectl prints).
  public func renderAligned() -> String {
    let rows = self.rows.map { $0.map(TerminalSafe.escaped) }
    let columns = self.columns.map(TerminalSafe.escaped)
    var widths = columns.map { $0.count }
    for row in rows {
      for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
    }
    func line(_ cells: [String]) -> String {
      var out = ""
      for (i, cell) in cells.enumerated() {
        let last = i == cells.count - 1
        out += last ? cell : cell + String(repeating: " ", count: widths[i] - cell.count + 2)
      }
      return out + "\n"
    }
    return line(columns.map { $0.uppercased() }) + rows.map(line).joined()
  }

  /// One line a row, cells separated by tabs, no header: for `cut`, `awk` and `while read`.
  public func renderText() -> String {
    rows.map { $0.map(TerminalSafe.escaped).joined(separator: "\t") + "\n" }.joined()
  }

  /// An array of objects keyed by column name.
  public func json() -> JSONValue {
    .array(rows.map { row in .object(zip(columns, row).map { ($0, .string($1)) }) })
  }
}
