/// The subset of TOML a rootmail config file uses: `[table]` headers, `key = value` with bare or
/// quoted keys, basic and literal strings, integers, booleans and arrays of those (over several
/// lines too), and comments. Every value remembers its line, so errors can name it.
public struct TOMLDocument: Sendable {
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
  }

  public private(set) var entries: [Entry] = []

  /// A syntax error, with the 1-based line.
  public struct SyntaxError: Error, Equatable, Sendable {
    public let line: Int
    public let message: String
    public init(line: Int, message: String) {
      self.line = line
      self.message = message
    }
  }

  public init(parsing text: String) throws {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
      $0.hasSuffix("\r") ? Substring($0.dropLast()) : $0
    }[...]
    var lineNumber = 0
    var table = ""
    var seen = Set<String>()
    while let raw = lines.popFirst() {
      lineNumber += 1
      var cursor = Cursor(text: Array(raw.unicodeScalars), line: lineNumber)
      cursor.skipSpace()
      if cursor.atEndOrComment { continue }
      if cursor.peek == "[" {
        cursor.advance()
        cursor.skipSpace()
        let name = try cursor.dottedKey()
        cursor.skipSpace()
        guard cursor.peek == "]" else { throw cursor.error("expected ] to close the table header") }
        cursor.advance()
        try cursor.expectEnd()
        table = name
        continue
      }
      let startLine = lineNumber
      let key = try cursor.dottedKey()
      cursor.skipSpace()
      guard cursor.peek == "=" else { throw cursor.error("expected = after key '\(key)'") }
      cursor.advance()
      // Arrays may go on over the following lines: join until the brackets balance.
      while cursor.needsMoreLines(), let next = lines.popFirst() {
        lineNumber += 1
        cursor.text += ["\n"] + Array(next.unicodeScalars)
      }
      cursor.skipSpace()
      let value = try cursor.value(key: key)
      try cursor.expectEnd()
      let full = table.isEmpty ? key : table + "." + key
      guard seen.insert(full).inserted else {
        throw SyntaxError(line: startLine, message: "key '\(full)' is defined twice")
      }
      entries.append(Entry(key: full, value: value, line: startLine))
    }
  }
}

private struct Cursor {
  var text: [Unicode.Scalar]
  let line: Int
  var pos = 0

  init(text: [Unicode.Scalar], line: Int) {
    self.text = text
    self.line = line
  }

  var peek: Unicode.Scalar? { pos < text.count ? text[pos] : nil }
  mutating func advance() { pos += 1 }
  var atEndOrComment: Bool { peek == nil || peek == "#" }

  func error(_ message: String) -> TOMLDocument.SyntaxError {
    TOMLDocument.SyntaxError(line: line, message: message)
  }

  mutating func skipSpace(newlines: Bool = false) {
    while let c = peek {
      if c == " " || c == "\t" || (newlines && c == "\n") {
        advance()
      } else if newlines && c == "#" {
        while let d = peek, d != "\n" {
          _ = d
          advance()
        }
      } else {
        break
      }
    }
  }

  mutating func expectEnd() throws {
    skipSpace()
    guard atEndOrComment else { throw error("unexpected text after the value") }
  }

  /// True while an array opened on this line has not been closed (strings are skipped).
  func needsMoreLines() -> Bool {
    var depth = 0
    var quote: Unicode.Scalar? = nil
    var i = pos
    while i < text.count {
      let c = text[i]
      if let q = quote {
        if c == "\\" && q == "\"" { i += 1 } else if c == q { quote = nil }
      } else if c == "\"" || c == "'" {
        quote = c
      } else if c == "#" {
        while i < text.count && text[i] != "\n" { i += 1 }
        continue
      } else if c == "[" {
        depth += 1
      } else if c == "]" {
        depth -= 1
      }
      i += 1
    }
    return depth > 0
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

  mutating func simpleKey() throws -> String {
    if peek == "\"" || peek == "'" { return try string() }
    var key = ""
    while let c = peek, c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_" || c == "-" {
      key.unicodeScalars.append(c)
      advance()
    }
    guard !key.isEmpty else { throw error("expected a key") }
    return key
  }

  mutating func value(key: String) throws -> TOMLDocument.Value {
    guard let c = peek else { throw error("key '\(key)' has no value") }
    switch c {
    case "\"", "'": return .string(try string())
    case "[": return try array(key: key)
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
    var word = ""
    while let c = peek, c != " ", c != "\t", c != ",", c != "]", c != "#", c != "\n" {
      word.unicodeScalars.append(c)
      advance()
    }
    return word
  }

  mutating func array(key: String) throws -> TOMLDocument.Value {
    advance()
    var items: [TOMLDocument.Value] = []
    while true {
      skipSpace(newlines: true)
      if peek == "]" {
        advance()
        return .array(items)
      }
      items.append(try value(key: key))
      skipSpace(newlines: true)
      if peek == "," {
        advance()
        continue
      }
      if peek == "]" {
        advance()
        return .array(items)
      }
      throw error("key '\(key)': expected , or ] in the array")
    }
  }

  mutating func string() throws -> String {
    let quote = peek!
    advance()
    var out = ""
    while let c = peek {
      advance()
      if c == quote { return out }
      if c == "\n" { break }
      if c == "\\" && quote == "\"" {
        guard let e = peek else { break }
        advance()
        switch e {
        case "n": out += "\n"
        case "t": out += "\t"
        case "r": out += "\r"
        case "\"": out += "\""
        case "\\": out += "\\"
        case "u", "U":
          let n = e == "u" ? 4 : 8
          guard pos + n <= text.count,
            let v = UInt32(String(String.UnicodeScalarView(text[pos..<pos + n])), radix: 16),
            let s = Unicode.Scalar(v)
          else { throw error("invalid \\\(e) escape") }
          pos += n
          out.unicodeScalars.append(s)
        default: throw error("invalid escape \\\(e)")
        }
      } else {
        out.unicodeScalars.append(c)
      }
    }
    throw error("unterminated string")
  }
}
