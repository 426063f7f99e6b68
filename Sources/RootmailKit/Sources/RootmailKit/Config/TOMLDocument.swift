/// The subset of TOML a rootmail config file uses: `[table]` headers, `key = value` with bare or
/// quoted keys, basic and literal strings, integers, booleans and arrays of those (over several
/// lines too), and comments. Every value remembers its line, so errors can name it.
@_spi(RootmailHost) public struct TOMLDocument: Sendable {
  /// A value as written in the file.
  public enum Value: Equatable, Sendable {
    case string(String)
    case integer(Int)
    case boolean(Bool)
    case array([Value])

    public var typeName: String {
      switch self {
      case .string: return "a string"
      case .integer: return "an integer"
      case .boolean: return "a boolean"
      case .array: return "an array"
      }
    }
  }

  /// One `key = value` line; `key` is dotted with its table (`receiver.forward.enabled`).
  public struct Entry: Sendable {
    public let key: String
    public let value: Value
    public let line: Int
    /// Where it is in the text's UTF-8, for `TOMLEditor`: the table it is in, the start of its
    /// line, its value, and the end of the statement (past the line end).
    var table = ""
    var span = Span()
  }

  /// Byte offsets of a statement in the text: its line's start, its value (none for a table
  /// header) and its end, past the comment and line end.
  struct Span: Sendable {
    var lineStart = 0
    var valueStart = 0
    var valueEnd = 0
    var end = 0
  }

  /// A `[table]` header line: the table's dotted name and where the line is.
  struct Header: Sendable {
    let name: String
    let span: Span
  }

  public private(set) var entries: [Entry] = []
  /// The table headers, in the order they are written.
  private(set) var headers: [Header] = []

  /// A syntax error, with the 1-based line.
  public struct SyntaxError: Error, Equatable, Sendable {
    public let line: Int
    public let message: String
    public init(line: Int, message: String) {
      self.line = line
      self.message = message
    }
  }

  /// How deep arrays may nest (`a = [[1], [2]]` is 2): a config needs 2 at most, and a deeper
  /// one is refused rather than parsed by recursion until the stack runs out.
  public static let maximumNesting = 64

  /// Parses `text` in one pass over its UTF-8: an array that goes on over many lines (or is
  /// never closed) is read once, not again for every line it adds.
  public init(parsing text: String) throws {
    var cursor = Cursor(text: Array(text.utf8))
    var table = ""
    var seen = Set<String>()
    while true {
      cursor.skipSpace(newlines: true)
      guard cursor.peek != nil else { break }
      var span = Span(lineStart: cursor.lineStart)
      if cursor.peek == "[" {
        cursor.advance()
        cursor.skipSpace()
        let name = try cursor.dottedKey()
        cursor.skipSpace()
        guard cursor.peek == "]" else { throw cursor.error("expected ] to close the table header") }
        guard !headers.contains(where: { $0.name == name }) else {
          throw cursor.error("table [\(name)] is defined twice")
        }
        cursor.advance()
        try cursor.expectEnd()
        span.end = cursor.pos
        headers.append(Header(name: name, span: span))
        table = name
        continue
      }
      let startLine = cursor.line
      let key = try cursor.dottedKey()
      cursor.skipSpace()
      guard cursor.peek == "=" else { throw cursor.error("expected = after key '\(key)'") }
      cursor.advance()
      cursor.skipSpace()
      span.valueStart = cursor.pos
      let value = try cursor.value(key: key, depth: 0)
      span.valueEnd = cursor.pos
      try cursor.expectEnd()
      span.end = cursor.pos
      let full = table.isEmpty ? key : table + "." + key
      guard seen.insert(full).inserted else {
        throw SyntaxError(line: startLine, message: "key '\(full)' is defined twice")
      }
      entries.append(Entry(key: full, value: value, line: startLine, table: table, span: span))
    }
  }
}

/// A position in the whole text's UTF-8, and the 1-based line it is on. Everything the syntax
/// looks for is ASCII, so `peek` is the byte as a scalar (a byte of a longer UTF-8 sequence
/// never equals one); keys, words and strings are copied as bytes and decoded once.
private struct Cursor {
  let text: [UInt8]
  var pos = 0
  var line = 1

  init(text: [UInt8]) { self.text = text }

  var peek: Unicode.Scalar? { pos < text.count ? Unicode.Scalar(text[pos]) : nil }

  /// Where the line `pos` is on starts.
  var lineStart: Int {
    var start = pos
    while start > 0 && text[start - 1] != UInt8(ascii: "\n") { start -= 1 }
    return start
  }

  /// Moves past one byte, counting lines.
  mutating func advance() {
    if pos < text.count && text[pos] == UInt8(ascii: "\n") { line += 1 }
    pos += 1
  }

  /// The scalar whose UTF-8 starts at `pos`, and its length in bytes.
  func scalar() -> (Unicode.Scalar, Int)? {
    guard pos < text.count else { return nil }
    var iterator = text[pos...].makeIterator()
    var decoder = UTF8()
    guard case .scalarValue(let s) = decoder.decode(&iterator) else { return nil }
    return (s, UTF8.width(s))
  }

  /// `text[start..<pos]` as a string.
  func taken(from start: Int) -> String { String(decoding: text[start..<pos], as: UTF8.self) }

  /// At the end of a line: the text's end, a comment, `\n` or `\r\n`.
  var atLineEnd: Bool {
    guard let c = peek else { return true }
    return c == "#" || c == "\n" || (c == "\r" && pos + 1 < text.count && text[pos + 1] == UInt8(ascii: "\n"))
  }

  func error(_ message: String) -> TOMLDocument.SyntaxError {
    TOMLDocument.SyntaxError(line: line, message: message)
  }

  /// Skips blanks; with `newlines`, line ends and comments too (between statements and inside
  /// arrays).
  mutating func skipSpace(newlines: Bool = false) {
    while let c = peek {
      if c == " " || c == "\t" {
        advance()
      } else if newlines && (c == "\n" || (c == "\r" && atLineEnd)) {
        advance()
      } else if newlines && c == "#" {
        skipComment()
      } else {
        break
      }
    }
  }

  mutating func skipComment() {
    while let c = peek, c != "\n" {
      _ = c
      advance()
    }
  }

  /// The rest of the line is blank or a comment; moves past its end.
  mutating func expectEnd() throws {
    skipSpace()
    guard atLineEnd else { throw error("unexpected text after the value") }
    if peek == "#" { skipComment() }
    if peek == "\r" { advance() }
    if peek == "\n" { advance() }
  }

  mutating func dottedKey() throws -> String {
    var parts: [String] = []
    repeat {
      if !parts.isEmpty { advance() }
      skipSpace()
      parts.append(try simpleKey())
      skipSpace()
    } while peek == "."
    return parts.joined(separator: ".")
  }

  /// A quoted key, or letters (any script), digits, `_` and `-`.
  mutating func simpleKey() throws -> String {
    if peek == "\"" || peek == "'" { return try string() }
    let start = pos
    while let c = peek {
      if c.value >= 0x80 {
        guard let (s, length) = scalar(), s.properties.isAlphabetic else { break }
        pos += length
      } else if c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_" || c == "-" {
        advance()
      } else {
        break
      }
    }
    guard pos > start else { throw error("expected a key") }
    return taken(from: start)
  }

  mutating func value(key: String, depth: Int) throws -> TOMLDocument.Value {
    guard let c = peek, !atLineEnd else { throw error("key '\(key)' has no value") }
    switch c {
    case "\"", "'": return .string(try string())
    case "[": return try array(key: key, depth: depth + 1)
    case "t", "f":
      let word = takeWord()
      if word == "true" { return .boolean(true) }
      if word == "false" { return .boolean(false) }
      throw error("key '\(key)': '\(word)' is not a value (strings need quotes)")
    default:
      let word = takeWord()
      if let n = Int(word.replacing("_", with: "")) { return .integer(n) }
      throw error("key '\(key)': '\(word)' is not a value (strings need quotes)")
    }
  }

  mutating func takeWord() -> String {
    let start = pos
    while let c = peek, c != " ", c != "\t", c != ",", c != "]", c != "#", c != "\n", c != "\r" { advance() }
    return taken(from: start)
  }

  /// An array at nesting `depth` (1 for the outermost); a bracket on an earlier line that is
  /// never closed is named with that line.
  mutating func array(key: String, depth: Int) throws -> TOMLDocument.Value {
    guard depth <= TOMLDocument.maximumNesting else {
      throw error("key '\(key)': arrays nest more than \(TOMLDocument.maximumNesting) deep")
    }
    let openedOn = line
    advance()
    var items: [TOMLDocument.Value] = []
    var expectingItem = true
    while true {
      skipSpace(newlines: true)
      switch peek {
      case nil: throw TOMLDocument.SyntaxError(line: openedOn, message: "key '\(key)': expected , or ] in the array")
      case "]":
        advance()
        return .array(items)
      case "," where !expectingItem:
        advance()
        expectingItem = true
      default:
        guard expectingItem else { throw error("key '\(key)': expected , or ] in the array") }
        items.append(try value(key: key, depth: depth))
        expectingItem = false
      }
    }
  }

  /// A basic (`"`, with escapes) or literal (`'`) string on one line; its bytes are copied in
  /// runs and decoded once.
  mutating func string() throws -> String {
    let quote = peek!
    advance()
    var out: [UInt8] = []
    var runStart = pos
    while let c = peek, c != "\n" {
      if c == quote {
        out.append(contentsOf: text[runStart..<pos])
        advance()
        return String(decoding: out, as: UTF8.self)
      }
      guard c == "\\" && quote == "\"" else {
        advance()
        continue
      }
      out.append(contentsOf: text[runStart..<pos])
      advance()
      guard let e = peek, e != "\n" else { break }
      switch e {
      case "n": out.append(UInt8(ascii: "\n"))
      case "t": out.append(UInt8(ascii: "\t"))
      case "r": out.append(UInt8(ascii: "\r"))
      case "\"": out.append(UInt8(ascii: "\""))
      case "\\": out.append(UInt8(ascii: "\\"))
      case "u", "U":
        let n = e == "u" ? 4 : 8
        guard pos + 1 + n <= text.count,
          let v = UInt32(String(decoding: text[pos + 1..<pos + 1 + n], as: UTF8.self), radix: 16),
          let s = Unicode.Scalar(v)
        else { throw error("invalid \\\(e) escape") }
        pos += n
        out.append(contentsOf: String(s).utf8)
      default: throw error("invalid escape \\\(scalar()?.0 ?? e)")
      }
      advance()
      runStart = pos
    }
    throw error("unterminated string")
  }
}
