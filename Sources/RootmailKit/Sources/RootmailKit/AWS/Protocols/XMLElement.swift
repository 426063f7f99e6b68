/// An XML element as AWS's XML protocols use it: a name (namespace prefix dropped), attributes,
/// child elements and the element's own text. Read with `XMLElement.parse`; the kit's own small
/// parser, so that the core never loads FoundationXML.
@_spi(RootmailHost) public struct XMLElement: Sendable, Equatable {
  public var name: String
  public var attributes: [String: String]
  public var children: [XMLElement]
  /// The element's text (character data and CDATA directly inside it, entities decoded).
  public var text: String

  public init(name: String, attributes: [String: String] = [:], children: [XMLElement] = [], text: String = "") {
    self.name = name
    self.attributes = attributes
    self.children = children
    self.text = text
  }

  /// The first child named `name`.
  public func child(_ name: String) -> XMLElement? { children.first { $0.name == name } }

  /// Every child named `name`.
  public func children(_ name: String) -> [XMLElement] { children.filter { $0.name == name } }

  /// The element at a path of child names (`"Error/Code"`), or nil.
  public func find(_ path: String) -> XMLElement? {
    var node = self
    for part in path.split(separator: "/") {
      guard let next = node.child(String(part)) else { return nil }
      node = next
    }
    return node
  }

  /// The text at a path of child names, or nil when there is no such element.
  public subscript(path: String) -> String? { find(path)?.text }

  /// The first element named `name` anywhere below (depth first), or self.
  public func descendant(_ name: String) -> XMLElement? {
    if self.name == name { return self }
    for c in children {
      if let found = c.descendant(name) { return found }
    }
    return nil
  }

  /// The items of an AWS list: `<Wrapper><member>…</member>…</Wrapper>` (the query protocol's
  /// `member`, or another item name).
  public func list(_ path: String, item: String = "member") -> [XMLElement] {
    find(path)?.children(item) ?? []
  }

  // MARK: Writing

  /// The element as XML text (no declaration), `xmlns` given as an attribute if wanted.
  public var xml: String {
    var out = "<" + name
    for (k, v) in attributes.sorted(by: { $0.key < $1.key }) { out += " \(k)=\"\(XMLElement.escape(v))\"" }
    if children.isEmpty && text.isEmpty { return out + "/>" }
    out += ">" + XMLElement.escape(text)
    for c in children { out += c.xml }
    return out + "</\(name)>"
  }

  /// An element with text content.
  public static func leaf(_ name: String, _ text: String) -> XMLElement { XMLElement(name: name, text: text) }

  public static func escape(_ s: String) -> String {
    var out = ""
    for c in s.unicodeScalars {
      switch c {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      case "\r": out += "&#13;"
      default: out.unicodeScalars.append(c)
      }
    }
    return out
  }
}

/// Why an XML document could not be read, with the byte offset where reading stopped.
@_spi(RootmailHost) public struct XMLParseError: Error, Sendable, CustomStringConvertible {
  public let offset: Int
  public let reason: String
  public var description: String { "invalid XML at byte \(offset): \(reason)" }
}

@_spi(RootmailHost) extension XMLElement {
  /// Parses a document and returns its root element. Skips the declaration, comments,
  /// processing instructions and a DOCTYPE; rejects truncated or mismatched documents.
  public static func parse(_ bytes: [UInt8]) throws -> XMLElement {
    var parser = XMLParser(bytes: bytes)
    return try parser.document()
  }

  public static func parse(_ text: String) throws -> XMLElement { try parse(Array(text.utf8)) }
}

private struct XMLParser {
  let bytes: [UInt8]
  var pos = 0

  func fail(_ reason: String) -> XMLParseError { XMLParseError(offset: pos, reason: reason) }

  func starts(with s: String) -> Bool {
    let u = Array(s.utf8)
    return pos + u.count <= bytes.count && Array(bytes[pos..<pos + u.count]) == u
  }

  mutating func skip(past end: String) throws {
    let u = Array(end.utf8)
    while pos + u.count <= bytes.count {
      if Array(bytes[pos..<pos + u.count]) == u {
        pos += u.count
        return
      }
      pos += 1
    }
    pos = bytes.count
    throw fail("unterminated markup (expected \(end))")
  }

  mutating func skipSpace() {
    while pos < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[pos]) { pos += 1 }
  }

  /// Skips declaration, comments, PIs and DOCTYPE before or after the root.
  mutating func skipMisc() throws {
    while true {
      skipSpace()
      if starts(with: "<?") {
        try skip(past: "?>")
      } else if starts(with: "<!--") {
        try skip(past: "-->")
      } else if starts(with: "<!DOCTYPE") {
        try skip(past: ">")
      } else {
        return
      }
    }
  }

  mutating func document() throws -> XMLElement {
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { pos = 3 }
    try skipMisc()
    guard pos < bytes.count, bytes[pos] == UInt8(ascii: "<") else {
      throw fail(pos >= bytes.count ? "empty document" : "expected an element")
    }
    let root = try element(depth: 0)
    try skipMisc()
    guard pos == bytes.count else { throw fail("unexpected text after the root element") }
    return root
  }

  static func isNameByte(_ b: UInt8) -> Bool {
    !(b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 || b == UInt8(ascii: ">") || b == UInt8(ascii: "/")
      || b == UInt8(ascii: "=") || b == UInt8(ascii: "<"))
  }

  mutating func name() throws -> String {
    let start = pos
    while pos < bytes.count, Self.isNameByte(bytes[pos]) { pos += 1 }
    guard pos > start else { throw fail(pos >= bytes.count ? "truncated document" : "expected a name") }
    return String(decoding: bytes[start..<pos], as: UTF8.self)
  }

  static func localName(_ qualified: String) -> String {
    guard let colon = qualified.lastIndex(of: ":") else { return qualified }
    return String(qualified[qualified.index(after: colon)...])
  }

  mutating func element(depth: Int) throws -> XMLElement {
    guard depth < 256 else { throw fail("nesting deeper than 256") }
    pos += 1  // <
    let qualified = try name()
    var node = XMLElement(name: Self.localName(qualified))
    while true {
      skipSpace()
      guard pos < bytes.count else { throw fail("truncated document inside <\(qualified)>") }
      if bytes[pos] == UInt8(ascii: "/") {
        guard pos + 1 < bytes.count, bytes[pos + 1] == UInt8(ascii: ">") else { throw fail("expected />") }
        pos += 2
        return node
      }
      if bytes[pos] == UInt8(ascii: ">") {
        pos += 1
        break
      }
      let attr = try name()
      skipSpace()
      guard pos < bytes.count, bytes[pos] == UInt8(ascii: "=") else { throw fail("expected = after \(attr)") }
      pos += 1
      skipSpace()
      guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") || bytes[pos] == UInt8(ascii: "'") else {
        throw fail("expected a quoted value for \(attr)")
      }
      let quote = bytes[pos]
      pos += 1
      let start = pos
      while pos < bytes.count, bytes[pos] != quote { pos += 1 }
      guard pos < bytes.count else { throw fail("unterminated attribute value") }
      node.attributes[Self.localName(attr)] = try Self.decodeEntities(bytes[start..<pos], at: start)
      pos += 1
    }
    var text: [UInt8] = []
    while true {
      guard pos < bytes.count else { throw fail("truncated document: <\(qualified)> is not closed") }
      if bytes[pos] != UInt8(ascii: "<") {
        let start = pos
        while pos < bytes.count, bytes[pos] != UInt8(ascii: "<") { pos += 1 }
        text += Array(try Self.decodeEntities(bytes[start..<pos], at: start).utf8)
      } else if starts(with: "</") {
        pos += 2
        let closing = try name()
        skipSpace()
        guard closing == qualified else { throw fail("</\(closing)> closes <\(qualified)>") }
        guard pos < bytes.count, bytes[pos] == UInt8(ascii: ">") else { throw fail("truncated closing tag") }
        pos += 1
        node.text = String(decoding: text, as: UTF8.self)
        return node
      } else if starts(with: "<![CDATA[") {
        pos += 9
        let start = pos
        try skip(past: "]]>")
        text += bytes[start..<(pos - 3)]
      } else if starts(with: "<!--") {
        try skip(past: "-->")
      } else if starts(with: "<?") {
        try skip(past: "?>")
      } else {
        node.children.append(try element(depth: depth + 1))
      }
    }
  }

  static func decodeEntities(_ raw: ArraySlice<UInt8>, at offset: Int) throws -> String {
    guard raw.contains(UInt8(ascii: "&")) else { return String(decoding: raw, as: UTF8.self) }
    var out = String.UnicodeScalarView()
    var i = raw.startIndex
    while i < raw.endIndex {
      let b = raw[i]
      guard b == UInt8(ascii: "&") else {
        let start = i
        while i < raw.endIndex, raw[i] != UInt8(ascii: "&") { i += 1 }
        out.append(contentsOf: String(decoding: raw[start..<i], as: UTF8.self).unicodeScalars)
        continue
      }
      guard let semi = raw[i...].firstIndex(of: UInt8(ascii: ";")), semi - i <= 12 else {
        throw XMLParseError(offset: i, reason: "unterminated entity")
      }
      let entity = String(decoding: raw[(i + 1)..<semi], as: UTF8.self)
      guard let scalar = CharacterReferences.scalar(named: entity, html: false) else {
        throw XMLParseError(offset: i, reason: "unknown entity &\(entity);")
      }
      out.append(scalar)
      i = semi + 1
    }
    return String(out)
  }
}
