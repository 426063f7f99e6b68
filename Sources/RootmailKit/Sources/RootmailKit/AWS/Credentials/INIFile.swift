/// The INI dialect of AWS's shared `config` and `credentials` files, read as botocore reads
/// them (Python's `configparser`): `[section]` headers, `key = value` or `key: value` (keys
/// lower-cased, both sides trimmed), whole-line comments starting with `#` or `;` (no inline
/// comments), indented continuation lines, and nested blocks (`s3 =` followed by indented
/// `key = value` lines). A repeated section adds to the earlier one; a repeated key replaces it.
@_spi(RootmailHost) public struct INIFile: Sendable, Equatable {
  /// One `[section]`: its settings and its nested blocks.
  public struct Section: Sendable, Equatable {
    public let name: String
    /// The line of the (first) header.
    public let line: Int
    public internal(set) var values: [String: String] = [:]
    /// Nested blocks: `s3 =` then `  addressing_style = path` gives `["s3": ["addressing_style": "path"]]`.
    public internal(set) var nested: [String: [String: String]] = [:]
  }

  /// A line the parser cannot read.
  public struct ParseError: Error, Equatable, CustomStringConvertible, Sendable {
    public let path: String
    public let line: Int
    public let reason: String
    public init(path: String, line: Int, reason: String) {
      self.path = path
      self.line = line
      self.reason = reason
    }
    public var description: String { "\(path):\(line): \(reason)" }
  }

  public private(set) var sections: [Section] = []
  /// The file it came from (for messages).
  public let path: String

  public init(path: String = "<text>", sections: [Section] = []) {
    self.path = path
    self.sections = sections
  }

  public subscript(name: String) -> Section? { sections.first { $0.name == name } }

  /// Parses the text of a file.
  public static func parse(_ text: String, path: String = "<text>") throws -> INIFile {
    var file = INIFile(path: path)
    var current: Int? = nil
    var option: (name: String, indent: Int, value: String)? = nil

    func finishOption() {
      guard let o = option, let index = current else { return }
      option = nil
      let value = o.value.trimmingSpaces()
      file.sections[index].values[o.name] = value
      // `key =` with nothing after it, then indented lines: a nested block.
      if o.value.hasPrefix("\n") { file.sections[index].nested[o.name] = nestedBlock(value) }
    }

    var lineNumber = 0
    for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
      lineNumber += 1
      var line = Substring(rawLine)
      if line.hasSuffix("\r") { line = line.dropLast() }
      let stripped = String(line).trimmingSpaces()
      if stripped.isEmpty { continue }
      if stripped.hasPrefix("#") || stripped.hasPrefix(";") { continue }
      let indent = line.prefix { $0 == " " || $0 == "\t" }.count
      if var o = option, indent > o.indent {
        o.value += "\n" + stripped
        option = o
        continue
      }
      finishOption()
      if stripped.hasPrefix("[") && stripped.hasSuffix("]") && stripped.count >= 3 {
        let name = String(stripped.dropFirst().dropLast()).trimmingSpaces()
        if let existing = file.sections.firstIndex(where: { $0.name == name }) {
          current = existing
        } else {
          file.sections.append(Section(name: name, line: lineNumber))
          current = file.sections.count - 1
        }
        continue
      }
      guard current != nil else {
        throw ParseError(path: path, line: lineNumber, reason: "a setting before any [section] header")
      }
      guard let delimiter = stripped.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
        throw ParseError(path: path, line: lineNumber, reason: "expected `key = value` or a [section] header")
      }
      let key = String(stripped[..<delimiter]).trimmingSpaces().lowercased()
      guard !key.isEmpty else { throw ParseError(path: path, line: lineNumber, reason: "a setting with no name") }
      let value = String(stripped[stripped.index(after: delimiter)...]).trimmingSpaces()
      option = (key, indent, value)
    }
    finishOption()
    return file
  }

  /// `key = value` lines of a nested block (botocore's `_parse_nested`).
  static func nestedBlock(_ text: String) -> [String: String] {
    var out: [String: String] = [:]
    for line in text.split(separator: "\n") {
      let trimmed = String(line).trimmingSpaces()
      guard let eq = trimmed.firstIndex(of: "=") else { continue }
      out[String(trimmed[..<eq]).trimmingSpaces().lowercased()] = String(trimmed[trimmed.index(after: eq)...]).trimmingSpaces()
    }
    return out
  }
}
