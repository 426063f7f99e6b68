/// Rows of data with named columns, printable as an aligned table, tab-separated text or JSON;
/// what list-like commands return so that every command prints the same way.
public struct Table: Sendable {
  public var columns: [String]
  public var rows: [[String]]
  /// How each column gives way when the table is wider than the terminal (missing: `fixed`).
  public var fits: [Fit] = []
  /// Each cell's style on a colour terminal (missing: plain), row by row.
  public var styles: [[TextStyle]] = []

  /// How a column is cut to fit the terminal (the rule is `renderAligned`'s).
  public enum Fit: Sendable, Equatable {
    /// Never cut: ids, times, statuses, numbers.
    case fixed
    /// Free text (a name, a subject), cut at the end with `…`: gives way first.
    case cutEnd
    /// An address or key, which tells rows apart: gives way last, never so far that two
    /// different cells look alike, and is cut with `…` in the middle, an address after its `@`
    /// (`root+3f9c0a1b2c3d@…e.com`): vended addresses differ in their local part.
    case cutMiddle
  }

  /// Cells and column names are shown with control and bidi characters escaped
  /// (`TerminalSafe`) in the table and text forms: data in a shared table may be hostile.
  public init(columns: [String], rows: [[String]] = []) {
    self.columns = columns
    self.rows = rows
  }

  /// Columns padded to their widest cell, a header in capitals (as kubectl prints). With a
  /// `width` (a terminal's), a table wider than it is narrowed, widest column first, one
  /// character at a time: the `cutEnd` columns down to 8 characters, then, if it is still too
  /// wide, the `cutMiddle` ones down to 12 characters or to as many as their cells need to stay
  /// as different as they are whole, whichever is more. No column is cut below its header's
  /// width, and `fixed` ones never; when all are at their least, the table is wider than
  /// `width`. Cells are escaped (`TerminalSafe`) before they are cut. With `color`, cells get
  /// their `styles`.
  public func renderAligned(width: Int? = nil, color: Bool = false) -> String {
    // Each cell escaped and its width in terminal cells counted once (a CJK character takes two).
    let rows = self.rows.map {
      $0.map { cell -> (String, Int) in
        let escaped = TerminalSafe.escaped(cell)
        return (escaped, DisplayWidth.cells(escaped))
      }
    }
    let header = self.columns.map { column -> (String, Int) in
      let name = TerminalSafe.escaped(column).uppercased()
      return (name, DisplayWidth.cells(name))
    }
    var widths = header.map(\.1)
    for row in rows {
      for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.1) }
    }
    if let width { widths = fitted(widths, into: width, header: header.map(\.1), rows: rows) }
    var out = ""
    func line(_ cells: [(String, Int)], styles: [TextStyle]) {
      for (i, (cell, count)) in cells.enumerated() {
        let room = i < widths.count ? widths[i] : count
        let shown = count > room ? cut(cell, to: room, fit: fit(i)) : cell
        let shownCount = count > room ? DisplayWidth.cells(shown) : count
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
  private func fitted(_ widths: [Int], into total: Int, header: [Int], rows: [[(String, Int)]]) -> [Int] {
    var widths = widths
    var excess = widths.reduce(0, +) + 2 * max(0, widths.count - 1) - total
    for kind in [Fit.cutEnd, .cutMiddle] where excess > 0 {
      // Each column that may give way, with its least width.
      let least = widths.indices.filter { fit($0) == kind }.map { i in
        let floor = max(kind == .cutEnd ? 8 : 12, header[i])
        return (i, kind == .cutEnd ? floor : distinctWidth(i, from: floor, upTo: widths[i], rows: rows))
      }
      // Take from the widest first, one character at a time, so wide columns give most.
      while excess > 0, let (widest, _) = least.filter({ widths[$0.0] > $0.1 }).max(by: { widths[$0.0] < widths[$1.0] }) {
        widths[widest] -= 1
        excess -= 1
      }
    }
    return widths
  }

  /// The least width from `low` up to `high` at which column `i`'s cells, cut, are as many
  /// different ones as whole (cutting to fewer characters never tells more apart, so a binary
  /// search finds it).
  private func distinctWidth(_ i: Int, from low: Int, upTo high: Int, rows: [[(String, Int)]]) -> Int {
    let cells = rows.compactMap { i < $0.count ? $0[i] : nil }
    let whole = Set(cells.map(\.0)).count
    func distinct(at width: Int) -> Bool {
      Set(cells.map { $0.1 > width ? cut($0.0, to: width, fit: .cutMiddle) : $0.0 }).count == whole
    }
    var (low, high) = (low, max(low, high))
    while low < high {
      let middle = (low + high) / 2
      if distinct(at: middle) { high = middle } else { low = middle + 1 }
    }
    return low
  }

  /// `cell` cut to `width` terminal cells with `…` where the column's fit says.
  private func cut(_ cell: String, to width: Int, fit: Fit) -> String {
    guard DisplayWidth.cells(cell) > width, width >= 2, fit != .fixed else { return cell }
    let kept = width - 1
    switch fit {
    case .cutEnd: return String(DisplayWidth.prefix(cell, cells: kept)) + "…"
    case .cutMiddle:
      // An address keeps its local part and `@` first, the rest of the room goes to its end.
      let head =
        cell.firstIndex(of: "@").map { min(DisplayWidth.cells(cell[...$0]), kept) } ?? kept / 2
      let start = DisplayWidth.prefix(cell, cells: head)
      return String(start) + "…" + String(DisplayWidth.suffix(cell, cells: kept - DisplayWidth.cells(start)))
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
