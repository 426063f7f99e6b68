#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A JSON document as a value: what the kit reads and writes where the shape is dynamic
/// (DynamoDB items, `--output json`, the plugin index). Parsing and printing are the kit's own,
/// not `JSONDecoder`/`JSONEncoder`: those keep neither the order of an object's members (which
/// `--output json` prints as written, AccountEmail first) nor a number's exact text. The parser
/// refuses what is not JSON — lone surrogate escapes, bytes that are not UTF-8, nesting deeper
/// than 512 — with the byte offset and the member path, and is fuzzed (`scripts/fuzz.sh json`).
public enum JSONValue: Equatable, Sendable {
  case null
  case bool(Bool)
  case number(String)
  case string(String)
  case array([JSONValue])
  case object([(String, JSONValue)])

  public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
    switch (lhs, rhs) {
    case (.null, .null): return true
    case (.bool(let a), .bool(let b)): return a == b
    case (.number(let a), .number(let b)): return a == b || Double(a) == Double(b)
    case (.string(let a), .string(let b)): return a == b
    case (.array(let a), .array(let b)): return a == b
    case (.object(let a), .object(let b)):
      // Members in any order (duplicate names included); the same order is the quick case.
      guard a.count == b.count else { return false }
      if zip(a, b).allSatisfy({ $0.0 == $1.0 && $0.1 == $1.1 }) { return true }
      return a.allSatisfy { key, value in b.contains { $0.0 == key && $0.1 == value } }
        && b.allSatisfy { key, value in a.contains { $0.0 == key && $0.1 == value } }
    default: return false
    }
  }

  public static func int(_ value: Int) -> JSONValue { .number(String(value)) }

  /// The member `key` of an object, or nil.
  public subscript(key: String) -> JSONValue? {
    if case .object(let members) = self { return members.last { $0.0 == key }?.1 }
    return nil
  }

  public var stringValue: String? {
    if case .string(let s) = self { return s }
    return nil
  }
  public var intValue: Int? {
    if case .number(let n) = self { return Int(n) ?? Double(n).flatMap { Int(exactly: $0) } }
    return nil
  }
  public var doubleValue: Double? {
    if case .number(let n) = self { return Double(n) }
    return nil
  }
  public var boolValue: Bool? {
    if case .bool(let b) = self { return b }
    return nil
  }
  public var arrayValue: [JSONValue]? {
    if case .array(let a) = self { return a }
    return nil
  }
  public var objectValue: [(String, JSONValue)]? {
    if case .object(let o) = self { return o }
    return nil
  }
}

// MARK: Printing

extension JSONValue {
  /// Compact JSON text (keys in insertion order).
  public var compact: String {
    var out = JSONWriter(pretty: false)
    out.value(self)
    return out.text
  }

  /// Indented JSON text, two spaces a level, as `--output json` prints it.
  public var pretty: String {
    var out = JSONWriter()
    out.value(self)
    return out.text
  }
}

// MARK: Parsing

/// Why a JSON text could not be read, with the byte offset where reading stopped.
@_spi(RootmailHost) public struct JSONParseError: Error, CustomStringConvertible, Sendable {
  public let offset: Int
  public let reason: String
  /// The member names (and array indexes) down to where reading stopped: `Tags.Environment`,
  /// `[2].AccountEmail`; empty at the top level.
  public let field: String
  public init(offset: Int, reason: String, field: String = "") {
    self.offset = offset
    self.reason = reason
    self.field = field
  }
  public var description: String {
    "invalid JSON at byte \(offset)\(field.isEmpty ? "" : " (in \(field))"): \(reason)"
  }
}

extension JSONValue {
  /// Parses one JSON value; trailing non-space text is an error.
  public static func parse(_ text: String) throws -> JSONValue {
    try parse(Array(text.utf8))
  }

  public static func parse(_ bytes: [UInt8]) throws -> JSONValue {
    var parser = JSONParser(bytes: bytes)
    let value = try parser.value(depth: 0)
    parser.skipSpace()
    if parser.pos != bytes.count { throw parser.fail("unexpected text after the value") }
    return value
  }
}

private struct JSONParser {
  let bytes: [UInt8]
  var pos = 0
  /// Where the parser is: member names and array indexes, for error messages.
  var path: [String] = []

  func fail(_ reason: String) -> JSONParseError {
    var field = ""
    for part in path { field += part.hasPrefix("[") || field.isEmpty ? part : "." + part }
    if field.count > 80 { field = "…" + field.suffix(79) }  // messages stay short
    return JSONParseError(offset: pos, reason: reason, field: field)
  }

  mutating func skipSpace() {
    while pos < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[pos]) { pos += 1 }
  }

  mutating func value(depth: Int) throws -> JSONValue {
    guard depth < 512 else { throw fail("nesting deeper than 512") }
    skipSpace()
    guard pos < bytes.count else { throw fail("unexpected end of input") }
    switch bytes[pos] {
    case UInt8(ascii: "{"): return try object(depth: depth)
    case UInt8(ascii: "["): return try array(depth: depth)
    case UInt8(ascii: "\""): return .string(try string())
    case UInt8(ascii: "t"):
      try literal("true")
      return .bool(true)
    case UInt8(ascii: "f"):
      try literal("false")
      return .bool(false)
    case UInt8(ascii: "n"):
      try literal("null")
      return .null
    default: return try number()
    }
  }

  mutating func literal(_ word: String) throws {
    let w = Array(word.utf8)
    guard pos + w.count <= bytes.count, Array(bytes[pos..<pos + w.count]) == w else {
      throw fail("unexpected character")
    }
    pos += w.count
  }

  mutating func number() throws -> JSONValue {
    let start = pos
    if pos < bytes.count, bytes[pos] == UInt8(ascii: "-") { pos += 1 }
    var digits = 0
    while pos < bytes.count {
      let c = bytes[pos]
      if c >= 0x30 && c <= 0x39 {
        digits += 1
      } else if ![UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "+"), UInt8(ascii: "-")].contains(c) {
        break
      }
      pos += 1
    }
    let text = String(decoding: bytes[start..<pos], as: UTF8.self)
    guard digits > 0, Double(text) != nil else {
      pos = start
      throw fail("unexpected character")
    }
    return .number(text)
  }

  mutating func string() throws -> String {
    pos += 1  // opening quote
    var scalars = String.UnicodeScalarView()
    var runStart = pos
    func flush(_ p: inout JSONParser) throws {
      if runStart < p.pos {
        guard let run = String(validating: p.bytes[runStart..<p.pos], as: UTF8.self) else {
          throw p.fail("invalid UTF-8 in a string")
        }
        scalars.append(contentsOf: run.unicodeScalars)
      }
    }
    while true {
      guard pos < bytes.count else { throw fail("unterminated string") }
      let c = bytes[pos]
      if c == UInt8(ascii: "\"") {
        try flush(&self)
        pos += 1
        return String(scalars)
      }
      if c < 0x20 { throw fail("control character in string") }
      if c == UInt8(ascii: "\\") {
        try flush(&self)
        pos += 1
        guard pos < bytes.count else { throw fail("unterminated escape") }
        let e = bytes[pos]
        pos += 1
        switch e {
        case UInt8(ascii: "\""): scalars.append("\"")
        case UInt8(ascii: "\\"): scalars.append("\\")
        case UInt8(ascii: "/"): scalars.append("/")
        case UInt8(ascii: "b"): scalars.append("\u{08}")
        case UInt8(ascii: "f"): scalars.append("\u{0C}")
        case UInt8(ascii: "n"): scalars.append("\n")
        case UInt8(ascii: "r"): scalars.append("\r")
        case UInt8(ascii: "t"): scalars.append("\t")
        case UInt8(ascii: "u"):
          var code = try hex4()
          if (0xDC00..<0xE000).contains(code) { throw fail("lone low surrogate \\u\(String(code, radix: 16))") }
          if (0xD800..<0xDC00).contains(code) {
            // A high surrogate must be followed by a low one: together they are one scalar.
            guard pos + 1 < bytes.count, bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u") else {
              throw fail("lone high surrogate \\u\(String(code, radix: 16))")
            }
            pos += 2
            let low = try hex4()
            guard (0xDC00..<0xE000).contains(low) else {
              throw fail("high surrogate \\u\(String(code, radix: 16)) not followed by a low one")
            }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
          }
          guard let scalar = Unicode.Scalar(code) else { throw fail("invalid \\u escape") }
          scalars.append(scalar)
        default: throw fail("invalid escape")
        }
        runStart = pos
        continue
      }
      pos += 1
    }
  }

  mutating func hex4() throws -> UInt32 {
    guard pos + 4 <= bytes.count else { throw fail("invalid \\u escape") }
    var v: UInt32 = 0
    for c in bytes[pos..<pos + 4] {
      let digit: UInt8
      switch c {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c - UInt8(ascii: "A") + 10
      default: throw fail("invalid \\u escape")
      }
      v = v << 4 | UInt32(digit)
    }
    pos += 4
    return v
  }

  mutating func array(depth: Int) throws -> JSONValue {
    pos += 1
    var items: [JSONValue] = []
    skipSpace()
    if pos < bytes.count, bytes[pos] == UInt8(ascii: "]") {
      pos += 1
      return .array(items)
    }
    while true {
      path.append("[\(items.count)]")
      items.append(try value(depth: depth + 1))
      path.removeLast()
      skipSpace()
      guard pos < bytes.count else { throw fail("unterminated array") }
      if bytes[pos] == UInt8(ascii: ",") {
        pos += 1
        continue
      }
      if bytes[pos] == UInt8(ascii: "]") {
        pos += 1
        return .array(items)
      }
      throw fail("expected , or ]")
    }
  }

  mutating func object(depth: Int) throws -> JSONValue {
    pos += 1
    var members: [(String, JSONValue)] = []
    skipSpace()
    if pos < bytes.count, bytes[pos] == UInt8(ascii: "}") {
      pos += 1
      return .object(members)
    }
    while true {
      skipSpace()
      guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") else { throw fail("expected a member name") }
      let key = try string()
      skipSpace()
      guard pos < bytes.count, bytes[pos] == UInt8(ascii: ":") else { throw fail("expected :") }
      pos += 1
      path.append(key)
      members.append((key, try value(depth: depth + 1)))
      path.removeLast()
      skipSpace()
      guard pos < bytes.count else { throw fail("unterminated object") }
      if bytes[pos] == UInt8(ascii: ",") {
        pos += 1
        continue
      }
      if bytes[pos] == UInt8(ascii: "}") {
        pos += 1
        return .object(members)
      }
      throw fail("expected , or }")
    }
  }
}
