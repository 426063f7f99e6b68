/// The CSV form of mappings (RFC 4180): a header of the sample's attribute names, then one row
/// a mapping; Tags as a compact JSON object so that export → import loses nothing.
public enum MappingCSV {
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
    return line(fields)
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
  /// the record or the error for its row, with the row's line number.
  public static func parse(_ text: String) throws -> [(line: Int, result: Result<MappingRecord, MappingFormatError>)] {
    let rows = try parseRows(text)
    guard let head = rows.first else { return [] }
    let names = head.fields.map { $0.trimmingSpaces() }
    guard names.contains("AccountEmail") else { throw MappingFormatError("the CSV header has no AccountEmail column") }
    return rows.dropFirst().filter { !($0.fields.count == 1 && $0.fields[0].isEmpty) }.map { row in
      guard row.fields.count == names.count else {
        return (row.line, .failure(MappingFormatError("\(row.fields.count) fields where the header has \(names.count)")))
      }
      var members: [(String, JSONValue)] = []
      for (name, value) in zip(names, row.fields.map(restored)) {
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
    if quoted { throw MappingFormatError("line \(rowLine): a quoted field is not closed") }
    if sawAny && (!field.isEmpty || !fields.isEmpty) {
      fields.append(field)
      rows.append((rowLine, fields))
    }
    return rows
  }
}
