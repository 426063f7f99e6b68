/// The CSV form of mappings (RFC 4180): a header of the sample's attribute names, then one row
/// a mapping; Tags as a compact JSON object so that export → import loses nothing. Control, C1
/// and bidi characters in a cell are written escaped as table output writes them (`\u{1b}`,
/// `\n`; a shared table may hold them, and an export is read on terminals), and import turns
/// them back (`escapedCell`, `unescapedCell`).
@_spi(RootmailHost) public enum MappingCSV {
  /// The header line's fields.
  public static let header = MappingRecord.Attribute.allCases.map(\.rawValue)

  /// One CSV line (no newline) for a record, in `header` order.
  public static func row(_ record: MappingRecord) -> String {
    let tags =
      record.tags.isEmpty
      ? "" : JSONValue.object(record.tags.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }).compact
    let fields = [
      record.accountEmail, record.ownerAddress, record.accountName, record.counter, record.accountType, tags, record.status,
      record.lastUpdated, record.accountId ?? "", record.failureReason ?? "",
    ]
    // Tags is compact JSON, which writes every unsafe character as a \u escape already.
    return line(fields.enumerated().map { $0.offset == tagsColumn ? $0.element : escapedCell($0.element) })
  }

  /// Where Tags is in `header`.
  static let tagsColumn = header.firstIndex(of: "Tags") ?? 5

  /// `field` with every unsafe scalar (`TerminalSafe.isUnsafe`) written as `TerminalSafe.escaped`
  /// writes it, and a backslash doubled where it would otherwise start something
  /// `unescapedCell` reads as an escape (before `\`, `n`, `t`, `r`, `u` or an escaped scalar),
  /// so that `unescapedCell` gives `field` back exactly. Any other backslash is left alone, so
  /// exports of ordinary data do not change.
  public static func escapedCell(_ field: String) -> String {
    var field = field
    return field.withUTF8 { u in
      guard u.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == UInt8(ascii: "\\") || $0 >= 0xC2 }) else {
        return String(decoding: u, as: UTF8.self)
      }
      var out: [UInt8] = []
      out.reserveCapacity(u.count + 16)
      var i = 0
      while i < u.count {
        if let (scalar, length) = TerminalSafe.unsafeScalar(in: u, at: i) {
          TerminalSafe.appendEscape(of: scalar, to: &out)
          i += length
          continue
        }
        out.append(u[i])
        if u[i] == UInt8(ascii: "\\"), i + 1 < u.count,
          escapeLetters.contains(u[i + 1]) || TerminalSafe.unsafeScalar(in: u, at: i + 1) != nil
        {
          out.append(UInt8(ascii: "\\"))
        }
        i += 1
      }
      return String(decoding: out, as: UTF8.self)
    }
  }

  /// What may follow a backslash in an escape `unescapedCell` reads.
  private static let escapeLetters: Set<UInt8> = Set("\\ntru".utf8)

  /// Undoes `escapedCell` (on import): `\\` is a backslash; `\n`, `\t`, `\r` and `\u{hex}` of an
  /// unsafe scalar are that character; any other backslash is kept as written.
  public static func unescapedCell(_ field: String) -> String {
    guard field.utf8.contains(UInt8(ascii: "\\")) else { return field }
    let s = Array(field.unicodeScalars)
    var out = String.UnicodeScalarView()
    var i = 0
    while i < s.count {
      guard s[i] == "\\", i + 1 < s.count else {
        out.append(s[i])
        i += 1
        continue
      }
      switch s[i + 1] {
      case "\\":
        out.append("\\")
        i += 2
      case "n":
        out.append("\n")
        i += 2
      case "t":
        out.append("\t")
        i += 2
      case "r":
        out.append("\r")
        i += 2
      case "u":
        if let (scalar, next) = escapedScalar(s, at: i + 2) {
          out.append(scalar)
          i = next
        } else {
          out.append(s[i])
          i += 1
        }
      default:
        out.append(s[i])
        i += 1
      }
    }
    return String(out)
  }

  /// `{hex}` at `s[i]` naming an unsafe scalar: the scalar and the index after `}`.
  private static func escapedScalar(_ s: [Unicode.Scalar], at i: Int) -> (Unicode.Scalar, Int)? {
    guard i < s.count, s[i] == "{" else { return nil }
    var value: UInt32 = 0
    var j = i + 1
    while j < s.count, j - i <= 6, let digit = hexDigit(s[j]) {
      value = value * 16 + UInt32(digit)
      j += 1
    }
    guard j > i + 1, j < s.count, s[j] == "}", let scalar = Unicode.Scalar(value), TerminalSafe.isUnsafe(scalar) else {
      return nil
    }
    return (scalar, j + 1)
  }

  /// A lower-case hex digit's value (`escapedCell` writes lower case).
  private static func hexDigit(_ c: Unicode.Scalar) -> Int? {
    switch c {
    case "0"..."9": return Int(c.value - 0x30)
    case "a"..."f": return Int(c.value - 0x61 + 10)
    default: return nil
    }
  }

  /// Joins fields into a CSV line, neutralising formulas and quoting what needs it.
  public static func line(_ fields: [String]) -> String {
    fields.map { quote(neutralised($0)) }.joined(separator: ",")
  }

  /// The characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection).
  static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

  /// A field a spreadsheet would take for a formula gets a `'` in front. So that this can be
  /// undone exactly, a field that is already `'`s then a formula start gets one more.
  public static func neutralised(_ field: String) -> String {
    let afterQuotes = field.unicodeScalars.drop { $0 == "'" }
    guard let first = afterQuotes.first, formulaStarts.contains(first) else { return field }
    return "'" + field
  }

  /// Undoes `neutralised` (on import).
  public static func restored(_ field: String) -> String {
    guard field.hasPrefix("'") else { return field }
    let afterQuotes = field.unicodeScalars.drop { $0 == "'" }
    guard let first = afterQuotes.first, formulaStarts.contains(first) else { return field }
    return String(field.dropFirst())
  }

  static func quote(_ field: String) -> String {
    guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
    return "\"" + field.replacing("\"", with: "\"\"") + "\""
  }

  /// Parses CSV text into records (the header names the columns, in any order). Each result is
  /// the record or the error for its row, with the row's line number; a file that is not CSV
  /// throws a `MappingTransfer.RowError` naming the line.
  public static func parse(_ text: String) throws -> [(line: Int, result: Result<MappingRecord, MappingFormatError>)] {
    let rows = try parseRows(text)
    guard let head = rows.first else { return [] }
    let names = head.fields.map { $0.trimmingSpaces() }
    guard names.contains("AccountEmail") else {
      throw MappingTransfer.RowError(line: head.line, message: "the CSV header has no AccountEmail column")
    }
    var seen = Set<String>()
    if let repeated = names.first(where: { !seen.insert($0).inserted }) {
      throw MappingTransfer.RowError(
        line: head.line, message: "the CSV header names \(TerminalSafe.escaped(String(repeated.prefix(80)))) twice")
    }
    return rows.dropFirst().filter { !($0.fields.count == 1 && $0.fields[0].isEmpty) }.map { row in
      guard row.fields.count == names.count else {
        return (row.line, .failure(MappingFormatError("\(row.fields.count) fields where the header has \(names.count)")))
      }
      var members: [(String, JSONValue)] = []
      for (name, cell) in zip(names, row.fields.map(restored)) {
        let value = name == "Tags" ? cell : unescapedCell(cell)
        if name == "Tags" {
          if value.isEmpty { continue }
          guard let tags = try? JSONValue.parse(value) else {
            return (row.line, .failure(MappingFormatError("Tags is not a JSON object")))
          }
          members.append((name, tags))
        } else if (name == "AccountId" || name == "FailureReason") && value.isEmpty {
          continue
        } else {
          members.append((name, .string(value)))
        }
      }
      do { return (row.line, .success(try MappingRecord(json: .object(members)))) } catch let e as MappingFormatError {
        return (row.line, .failure(e))
      } catch { return (row.line, .failure(MappingFormatError("\(error)"))) }
    }
  }

  /// Splits CSV text into rows of fields, honouring quotes (which may hold commas and newlines).
  public static func parseRows(_ text: String) throws -> [(line: Int, fields: [String])] {
    var rows: [(line: Int, fields: [String])] = []
    var fields: [String] = []
    var field = ""
    var quoted = false
    var line = 1
    var rowLine = 1
    var iterator = Array(text.unicodeScalars).makeIterator()
    var pending: Unicode.Scalar? = nil
    func next() -> Unicode.Scalar? {
      if let p = pending {
        pending = nil
        return p
      }
      return iterator.next()
    }
    var sawAny = false
    while let c = next() {
      sawAny = true
      if quoted {
        if c == "\"" {
          if let n = next() {
            if n == "\"" {
              field.unicodeScalars.append("\"")
            } else {
              quoted = false
              pending = n
            }
          } else {
            quoted = false
          }
        } else {
          if c == "\n" { line += 1 }
          field.unicodeScalars.append(c)
        }
        continue
      }
      switch c {
      case "\"" where field.isEmpty: quoted = true
      case ",":
        fields.append(field)
        field = ""
      case "\r": continue
      case "\n":
        fields.append(field)
        rows.append((rowLine, fields))
        fields = []
        field = ""
        line += 1
        rowLine = line
      default: field.unicodeScalars.append(c)
      }
    }
    if quoted { throw MappingTransfer.RowError(line: rowLine, message: "a quoted field is not closed") }
    if sawAny && (!field.isEmpty || !fields.isEmpty) {
      fields.append(field)
      rows.append((rowLine, fields))
    }
    return rows
  }
}
