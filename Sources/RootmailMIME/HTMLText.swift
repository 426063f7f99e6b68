import CLibXML2
@_spi(RootmailHost) import RootmailKit

/// HTML mail reduced to readable text with libxml2's HTML parser (lenient, no network, no
/// error output): block elements become line breaks, scripts and styles are dropped, each link
/// is numbered in the text (`text [1]`) and listed.
public enum HTMLText {
  static let blocks: Set<String> = [
    "p", "div", "tr", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "hr", "pre",
    "section", "article", "header", "footer", "dl", "dt", "dd", "center", "form",
  ]
  /// Blocks followed by a blank line.
  static let paragraphs: Set<String> = ["p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "blockquote", "pre", "hr"]
  static let skipped: Set<String> = ["script", "style", "head", "title", "template", "noscript"]

  @_spi(RootmailHost) public static func convert(_ html: String) -> ReadableHTML {
    var bytes = Array(html.utf8)
    guard !bytes.isEmpty, bytes.count < Int(Int32.max) else { return ReadableHTML(text: "", links: []) }
    bytes.append(0)
    var tooDeep: Int32 = 0
    let doc = bytes.withUnsafeBufferPointer { buffer in
      buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
        rm_html_parse($0, Int32(buffer.count - 1), &tooDeep)
      }
    }
    let warnings = tooDeep != 0 ? [tooDeepWarning] : []
    guard let doc else { return ReadableHTML(text: "", links: [], warnings: warnings) }
    defer { xmlFreeDoc(doc) }
    var out = Output()
    // An explicit stack (node, entering) instead of recursion: nesting depth is the sender's choice.
    var stack: [(xmlNodePtr, Bool)] = []
    var child = doc.pointee.children
    while let c = child {
      stack.append((c, true))
      child = c.pointee.next
    }
    stack.reverse()
    while let (node, entering) = stack.popLast() {
      let name = elementName(node)
      if !entering {
        if name == "a", let pending = out.pendingLinks.popLast(), let index = pending {
          out.append(" [\(index)]")
        }
        if let name, blocks.contains(name) { out.lineBreak() }
        if let name, paragraphs.contains(name) { out.blankLine() }
        continue
      }
      switch node.pointee.type {
      case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
        if let content = node.pointee.content { out.text(string(content)) }
        continue
      case XML_ELEMENT_NODE: break
      default: continue
      }
      guard let name, !skipped.contains(name) else { continue }
      if blocks.contains(name) { out.lineBreak() }
      if name == "li" { out.append("- ") }
      if name == "br" { out.forceBreak() }
      if name == "a" {
        out.pendingLinks.append(href(node).flatMap { out.links.add($0) })
      }
      if name == "img", let alt = attribute(node, "alt"), !alt.isEmpty { out.text("[" + alt + "]") }
      stack.append((node, false))
      var children: [xmlNodePtr] = []
      var c = node.pointee.children
      while let n = c {
        children.append(n)
        c = n.pointee.next
      }
      for n in children.reversed() { stack.append((n, true)) }
    }
    return ReadableHTML(text: out.finish(), links: out.links.links, warnings: warnings)
  }

  /// libxml2 stops reading HTML nested deeper than 256 elements (the text from there on is
  /// lost, often all of it): said, so an empty body is not taken for an empty mail.
  static let tooDeepWarning =
    "HTML nested deeper than 256 elements: the text from there on could not be read (mail show --html shows the source)"

  static func string(_ p: UnsafePointer<xmlChar>) -> String {
    String(cString: p)
  }

  static func elementName(_ node: xmlNodePtr) -> String? {
    guard node.pointee.type == XML_ELEMENT_NODE, let name = node.pointee.name else { return nil }
    return string(name).lowercased()
  }

  static func attribute(_ node: xmlNodePtr, _ name: String) -> String? {
    let value = name.withCString { c in
      c.withMemoryRebound(to: xmlChar.self, capacity: name.utf8.count + 1) { xmlGetProp(node, $0) }
    }
    guard let value else { return nil }
    defer { rm_xml_free(value) }
    return string(value)
  }

  static func href(_ node: xmlNodePtr) -> String? {
    guard let h = attribute(node, "href")?.trimmingSpaces(), !h.isEmpty, !h.hasPrefix("#") else { return nil }
    return h
  }

  /// Text being assembled: collapsed white space, at most one blank line in a row.
  struct Output {
    var lines: [String] = []
    var current = ""
    /// Each link once, numbered in order; past `MailLinks.maximumPerMail` a link is not numbered.
    var links = LinkList()
    var pendingLinks: [Int?] = []

    /// `s` with each run of white space (Unicode White_Space, as `Character.isWhitespace`)
    /// written as one space, none at the start of a line. Byte by byte over the UTF-8, copying
    /// runs of ASCII whole and decoding a scalar only where a byte is not ASCII, not Character by
    /// Character: grapheme breaking and property look-ups per character were most of the time
    /// of reading an HTML mail.
    mutating func text(_ s: String) {
      var s = s
      var empty = current.isEmpty
      var endsWithSpace = current.utf8.last == 0x20
      var afterWhitespace = false
      let bytes = s.withUTF8 { u -> [UInt8] in
        var bytes: [UInt8] = []
        bytes.reserveCapacity(u.count)
        var i = 0
        while i < u.count {
          let b = u[i]
          if b < 0x80 && b != 0x20 && (b < 0x09 || b > 0x0D) {
            // A run of ASCII that is not white space, copied whole.
            var end = i + 1
            while end < u.count, u[end] < 0x80, u[end] != 0x20, u[end] < 0x09 || u[end] > 0x0D { end += 1 }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: u[i..<end]))
            i = end
            afterWhitespace = false
            empty = false
            endsWithSpace = false
            continue
          }
          let (value, length) = b < 0x80 ? (UInt32(b), 1) : Self.scalar(in: u, at: i)
          let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
          let white = value < 0x80 || scalar.properties.isWhitespace
          if white {
            if !empty && !endsWithSpace {
              bytes.append(0x20)
              endsWithSpace = true
            }
            // Marks after a control (tab, line ends) start a character of their own; after a
            // space they belong to it.
            afterWhitespace = value == 0x20 || (value >= 0x80 && value != 0x85 && value != 0x2028 && value != 0x2029)
            i += length
            continue
          }
          // A mark or joiner right after white space belongs to its character: dropped with it.
          if afterWhitespace && value >= 0x300
            && (scalar.properties.isGraphemeExtend || value == 0x200D || scalar.properties.generalCategory == .spacingMark)
          {
            i += length
            continue
          }
          afterWhitespace = false
          bytes.append(contentsOf: UnsafeBufferPointer(rebasing: u[i..<i + length]))
          empty = false
          endsWithSpace = false
          i += length
        }
        return bytes
      }
      current += String(decoding: bytes, as: UTF8.self)
    }

    /// The scalar whose UTF-8 starts at `u[i]` (a lead byte of valid UTF-8: `String` holds
    /// nothing else) and its length in bytes.
    static func scalar(in u: UnsafeBufferPointer<UInt8>, at i: Int) -> (UInt32, Int) {
      let b = UInt32(u[i])
      func next(_ k: Int) -> UInt32 { i + k < u.count ? UInt32(u[i + k] & 0x3F) : 0 }
      if b >= 0xF0 { return (((b & 0x07) << 18) | (next(1) << 12) | (next(2) << 6) | next(3), min(4, u.count - i)) }
      if b >= 0xE0 { return (((b & 0x0F) << 12) | (next(1) << 6) | next(2), min(3, u.count - i)) }
      if b >= 0xC0 { return (((b & 0x1F) << 6) | next(1), min(2, u.count - i)) }
      return (0xFFFD, 1)
    }

    mutating func append(_ s: String) { current += s }

    /// Ends the current line, if it has anything.
    mutating func lineBreak() {
      var line = current
      while line.last == " " { line.removeLast() }
      current = ""
      if !line.isEmpty { lines.append(line) }
    }

    /// One empty line after a paragraph (never two in a row, none at the top).
    mutating func blankLine() {
      lineBreak()
      if let last = lines.last, !last.isEmpty { lines.append("") }
    }

    /// A line break that keeps an empty line (a `<br>` after a `<br>`), at most one blank in a row.
    mutating func forceBreak() {
      var line = current
      while line.last == " " { line.removeLast() }
      current = ""
      if line.isEmpty, lines.last?.isEmpty == true { return }
      lines.append(line)
    }

    mutating func finish() -> String {
      lineBreak()
      while lines.last?.isEmpty == true { lines.removeLast() }
      return lines.joined(separator: "\n")
    }
  }
}
