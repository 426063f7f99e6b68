/// Changes one key of a config file's text and keeps every other byte as the user wrote it
/// (comments, blank lines, order, spacing, quoting), as `git config` does: `config set` and
/// `config unset`. A key that is there gets its value replaced in place (its comment kept); a
/// new key goes under its commented-out line from `config init` (`# region = …`) when there is
/// one, else after the last key of its table; a key of a table the file lacks
/// (`receiver.mail-log.file`) adds the table at the end.
@_spi(RootmailHost) public struct TOMLEditor: Sendable {
  /// The text as it is now.
  public private(set) var text: String
  private var document: TOMLDocument

  /// The editor for `text`, or the parser's syntax error.
  public init(_ text: String) throws {
    self.text = text
    self.document = try TOMLDocument(parsing: text)
  }

  /// The entry for the dotted key, if the file has it.
  public func entry(_ key: String) -> TOMLDocument.Entry? { document.entries.first { $0.key == key } }

  /// Sets `key` (dotted: `region`, `receiver.mail-log.file`) to `literal`, a TOML value as it
  /// is to be written (`"eu-west-1"`, `3`, `["a", "b"]`).
  public mutating func set(_ key: String, literal: String) throws {
    var bytes = Array(text.utf8)
    if let entry = entry(key) {
      bytes.replaceSubrange(entry.span.valueStart..<entry.span.valueEnd, with: Array(literal.utf8))
      return try replace(with: bytes)
    }
    let parts = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    let table = parts.dropLast().joined(separator: ".")
    let line = Array((Self.keyText(parts.last ?? key) + " = " + literal).utf8)
    let newline = Array((text.contains("\r\n") ? "\r\n" : "\n").utf8)
    if table.isEmpty || document.headers.contains(where: { $0.name == table }) {
      insert(line, at: insertionPoint(table: table, key: parts.last ?? key, in: bytes), newline: newline, into: &bytes)
    } else {
      // A table the file lacks: at the end, after a blank line.
      if !bytes.isEmpty && bytes.last != UInt8(ascii: "\n") { bytes += newline }
      if !bytes.isEmpty && !bytes.ends(with: newline + newline) { bytes += newline }
      let header = "[" + table.split(separator: ".").map { Self.keyText(String($0)) }.joined(separator: ".") + "]"
      bytes += Array(header.utf8) + newline + line + newline
    }
    try replace(with: bytes)
  }

  /// Removes `key`'s statement (all its lines); false when the file does not have it.
  @discardableResult
  public mutating func unset(_ key: String) throws -> Bool {
    guard let entry = entry(key) else { return false }
    var bytes = Array(text.utf8)
    bytes.removeSubrange(entry.span.lineStart..<entry.span.end)
    try replace(with: bytes)
    return true
  }

  /// A key component as TOML writes it: bare when it can be, else quoted.
  static func keyText(_ name: String) -> String {
    let bare =
      !name.isEmpty
      && name.unicodeScalars.allSatisfy {
        $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-")
      }
    return bare ? name : ConfigTemplate.quote(name)
  }

  private mutating func replace(with bytes: [UInt8]) throws {
    let newText = String(decoding: bytes, as: UTF8.self)
    document = try TOMLDocument(parsing: newText)
    text = newText
  }

  /// Where a new `key` of `table` ("" for the top) goes: after its commented-out line in that
  /// table, else after the table's last key, else (a table) after its header, else (the top)
  /// before the first header and the comments that belong to it.
  private func insertionPoint(table: String, key: String, in bytes: [UInt8]) -> Int {
    let header = document.headers.first { $0.name == table }
    let areaStart = header?.span.end ?? 0
    let nextHeader = document.headers.first { $0.span.lineStart >= areaStart }
    let areaEnd = nextHeader?.span.lineStart ?? bytes.count
    if let commented = commentedLine(of: key, in: bytes, from: areaStart, to: areaEnd) { return commented }
    if let last = document.entries.last(where: { $0.table == table && $0.span.lineStart >= areaStart }) {
      return last.span.end
    }
    if header != nil { return areaStart }
    if nextHeader == nil { return bytes.count }
    // The top has no key: before the header, its comment block and the blank lines above it.
    var point = areaEnd
    var lines: [(start: Int, blank: Bool)] = []
    var start = 0
    for (i, b) in bytes[..<areaEnd].enumerated() where b == UInt8(ascii: "\n") {
      let content = bytes[start..<i].filter { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") && $0 != UInt8(ascii: "\r") }
      lines.append((start, content.isEmpty))
      start = i + 1
    }
    var index = lines.count - 1
    while index >= 0 && !lines[index].blank && isComment(bytes, lines[index].start) {
      point = lines[index].start
      index -= 1
    }
    while index >= 0 && lines[index].blank {
      point = lines[index].start
      index -= 1
    }
    return point
  }

  private func isComment(_ bytes: [UInt8], _ start: Int) -> Bool {
    bytes[start...].first { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") } == UInt8(ascii: "#")
  }

  /// The end of a line `# key = …` (a commented-out setting) between `from` and `to`.
  private func commentedLine(of key: String, in bytes: [UInt8], from: Int, to: Int) -> Int? {
    var start = from
    while start < to {
      let end = bytes[start..<to].firstIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? to
      let line = String(decoding: bytes[start..<end], as: UTF8.self).trimmingSpaces()
      if line.hasPrefix("#") {
        let rest = String(line.dropFirst()).trimmingSpaces()
        if rest.hasPrefix(key), String(rest.dropFirst(key.count)).trimmingSpaces().hasPrefix("=") { return end }
      }
      start = end
    }
    return nil
  }

  private func insert(_ line: [UInt8], at point: Int, newline: [UInt8], into bytes: inout [UInt8]) {
    var piece = line + newline
    if point > 0 && bytes[point - 1] != UInt8(ascii: "\n") { piece = newline + piece }
    bytes.insert(contentsOf: piece, at: point)
  }
}

@_spi(RootmailHost) extension Array where Element == UInt8 {
  fileprivate func ends(with suffix: [UInt8]) -> Bool {
    count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix
  }
}
