/// The file formats of `mappings export` and `mappings import`.
@_spi(RootmailHost) public enum TransferFormat: String, CaseIterable, ExpressibleByArgument, Sendable {
  /// One JSON object a line, in the sample's attribute names.
  case jsonl
  /// RFC 4180 CSV with a header line (`MappingCSV`).
  case csv

  /// The format a file name suggests (`.csv` → csv, anything else → jsonl).
  public static func guess(fileName: String) -> TransferFormat {
    fileName.lowercased().hasSuffix(".csv") ? .csv : .jsonl
  }
}

/// Export and import of mappings: formatting, parsing and validating every row before any is
/// written, so export → import gives back the same mappings.
@_spi(RootmailHost) public enum MappingTransfer {
  /// The text of an export.
  public static func export(_ records: [MappingRecord], format: TransferFormat) -> String {
    switch format {
    case .jsonl: return records.map { $0.json.compact + "\n" }.joined()
    case .csv: return MappingCSV.line(MappingCSV.header) + "\n" + records.map { MappingCSV.row($0) + "\n" }.joined()
    }
  }

  /// One problem found in an import file.
  public struct RowError: Error, Sendable, CustomStringConvertible {
    public let line: Int
    public let message: String
    public var description: String { "line \(line): \(message)" }
  }

  /// The outcome of reading an import file.
  public enum Parsed: Sendable {
    /// Every row is good.
    case valid([MappingRecord])
    /// Every bad row's error (so the user fixes them all at once and nothing is written).
    case invalid([RowError])

    /// The records, or the first error thrown.
    public func get() throws -> [MappingRecord] {
      switch self {
      case .valid(let records): return records
      case .invalid(let errors): throw errors[0]
      }
    }
  }

  /// Parses and validates every row.
  public static func parse(_ text: String, format: TransferFormat, allowedTypes: [String]?) -> Parsed {
    // A byte-order mark before the first row (Excel's "CSV UTF-8" writes one) is no data.
    let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
    var rows: [(line: Int, result: Result<MappingRecord, MappingFormatError>)] = []
    switch format {
    case .csv:
      do { rows = try MappingCSV.parse(text) } catch let error as RowError { return .invalid([error]) } catch {
        return .invalid([RowError(line: 1, message: "\(error)")])
      }
    case .jsonl:
      var number = 0
      for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
        number += 1
        let line = String(raw).trimmingSpaces()
        if line.isEmpty { continue }
        do {
          rows.append((number, .success(try MappingRecord(json: try JSONValue.parse(line)))))
        } catch let e as MappingFormatError {
          rows.append((number, .failure(e)))
        } catch {
          rows.append((number, .failure(MappingFormatError("\(error)"))))
        }
      }
    }
    var records: [MappingRecord] = []
    var errors: [RowError] = []
    var seenEmails: [String: Int] = [:]
    for (line, result) in rows {
      switch result {
      case .failure(let e): errors.append(RowError(line: line, message: e.description))
      case .success(let record):
        do {
          try Validation.record(record, allowedTypes: allowedTypes)
          if let first = seenEmails[record.accountEmail] {
            throw MappingFormatError("AccountEmail \(record.accountEmail) is also on line \(first)")
          }
          seenEmails[record.accountEmail] = line
          records.append(record)
        } catch {
          errors.append(RowError(line: line, message: (error as? any RootmailError)?.description ?? "\(error)"))
        }
      }
    }
    return errors.isEmpty ? .valid(records) : .invalid(errors)
  }
}
