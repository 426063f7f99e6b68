/// Rows of data with named columns, printable as an aligned table, tab-separated text or JSON;
/// what list-like commands return so that every command prints the same way.
public struct Table: Sendable {
  public var columns: [String]
  public var rows: [[String]]
  /// How each column gives way when the table is wider than the terminal (missing: `fixed`).
  public var fits: [Fit] = []
  /// Each cell's style on a colour terminal (missing: plain), row by row.
  public var styles: [[TextStyle]] = []

  /// How a column is cut to fit the terminal.
  public enum Fit: Sendable, Equatable {
    /// Never cut.
    case fixed
    /// Cut at the end with `…` (a subject): these give way first.
    case cutEnd
    /// Cut in the middle with `…` (an address, whose both ends matter).
    case cutMiddle
  }

  /// Cells and column names are shown with control and bidi characters escaped
  /// (`TerminalSafe`) in the table and text forms: data in a shared table may be hostile.
  public init(columns: [String], rows: [[String]] = []) {
    self.columns = columns
    self.rows = rows
  }

  /// Columns padded to their widest cell, a header in capitals (as kubectl prints). With a
  /// `width`, columns that may be cut (`fits`) give way until each line fits: `cutEnd` ones
  /// first (to 8 characters at least), then `cutMiddle` ones (to 12). With `color`, cells get
  /// their `styles`.
  public func renderAligned(width: Int? = nil, color: Bool = false) -> String {
    // Each cell escaped and its length counted once (a String's count walks it).
    let rows = self.rows.map {
      $0.map { cell -> (String, Int) in
        let escaped = TerminalSafe.escaped(cell)
        return (escaped, escaped.count)
      }
    }
    let header = self.columns.map { column -> (String, Int) in
      let name = TerminalSafe.escaped(column).uppercased()
      return (name, name.count)
    }
    var widths = header.map(\.1)
    for row in rows {
      for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.1) }
    }
    if let width { widths = fitted(widths, into: width, header: header.map(\.0)) }
    var out = ""
    func line(_ cells: [(String, Int)], styles: [TextStyle]) {
      for (i, (cell, count)) in cells.enumerated() {
        let room = i < widths.count ? widths[i] : count
        let shown = count > room ? cut(cell, to: room, fit: fit(i)) : cell
        let shownCount = count > room ? min(count, room) : count
        out += (i < styles.count ? styles[i] : .plain).apply(shown, enabled: color)
        if i < cells.count - 1 { out += String(repeating: " ", count: max(0, widths[i] - shownCount) + 2) }
      }
      out += "\n"
    }
    line(header, styles: [])
    for (r, row) in rows.enumerated() { line(row, styles: r < styles.count ? styles[r] : []) }
    return out
  }

  private func fit(_ column: Int) -> Fit { column < fits.count ? fits[column] : .fixed }

  /// Column widths cut down, by the rule of `renderAligned`, to fit `total` characters.
  private func fitted(_ widths: [Int], into total: Int, header: [String]) -> [Int] {
    var widths = widths
    var excess = widths.reduce(0, +) + 2 * max(0, widths.count - 1) - total
    for (kind, floor) in [(Fit.cutEnd, 8), (Fit.cutMiddle, 12)] where excess > 0 {
      let candidates = widths.indices.filter { fit($0) == kind }
      // Take from the widest first, one character at a time, so wide columns give most.
      while excess > 0 {
        guard let widest = candidates.filter({ widths[$0] > max(floor, header[$0].count) }).max(by: { widths[$0] < widths[$1] })
        else { break }
        widths[widest] -= 1
        excess -= 1
      }
    }
    return widths
  }

  /// `cell` cut to `width` characters with `…` where the column's fit says.
  private func cut(_ cell: String, to width: Int, fit: Fit) -> String {
    guard cell.count > width, width >= 2, fit != .fixed else { return cell }
    switch fit {
    case .cutEnd: return String(cell.prefix(width - 1)) + "…"
    case .cutMiddle:
      let head = (width - 1) / 2
      return String(cell.prefix(head)) + "…" + String(cell.suffix(width - 1 - head))
    case .fixed: return cell
    }
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
