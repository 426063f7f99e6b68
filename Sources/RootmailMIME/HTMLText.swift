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
    var html = html
    // Simple HTML is read without libxml2, into the same log (`SimpleHTMLReading`).
    if let simple = html.withUTF8({ SimpleHTMLReading.log(of: $0) }) {
      var out = Output()
      simple.withUnsafeBytes { replay($0.baseAddress!, count: $0.count, into: &out) }
      return ReadableHTML(text: out.finish(), links: out.links.links, warnings: out.misleadingWarnings)
    }
    return readWithLibxml2(&html) { log, tooDeep in
      let warnings = tooDeep ? [tooDeepWarning] : []
      guard let log else { return ReadableHTML(text: "", links: [], warnings: warnings) }
      var out = Output()
      if let base = log.baseAddress { replay(base, count: log.count, into: &out) }
      return ReadableHTML(text: out.finish(), links: out.links.links, warnings: warnings + out.misleadingWarnings)
    }
  }

  /// The log libxml2's reading of `html` gives (`rm_html_read`), or nil when it read nothing or
  /// stopped at its depth limit: what `SimpleHTMLReading` is checked against.
  static func libxml2Log(of html: String) -> [UInt8]? {
    var html = html
    return readWithLibxml2(&html) { log, tooDeep in tooDeep ? nil : log.map { Array($0) } }
  }

  /// libxml2's reading of `html` as a log of the document's elements and text (`rm_html_read`),
  /// handed to `body` (nil when libxml2 read nothing) with whether elements nested past its
  /// depth limit. libxml2 reads the string's own UTF-8 (it copies what it reads): no copy is
  /// made here.
  static func readWithLibxml2<R>(_ html: inout String, _ body: (UnsafeRawBufferPointer?, Bool) -> R) -> R {
    var tooDeep: Int32 = 0
    var log = rm_html_log()
    let read = html.withUTF8 { u -> Bool in
      guard let base = u.baseAddress, !u.isEmpty, u.count < Int(Int32.max) else { return false }
      return UnsafeRawPointer(base).withMemoryRebound(to: CChar.self, capacity: u.count) {
        rm_html_read($0, Int32(u.count), &tooDeep, &log) != 0
      }
    }
    defer { rm_html_log_free(&log) }
    guard read, log.failed == 0 else { return body(nil, tooDeep != 0) }
    return body(UnsafeRawBufferPointer(start: log.bytes, count: log.length), tooDeep != 0)
  }

  /// Walks the log as the document tree was walked: on entering an element, a line break for a
  /// block, `- ` for a list item, a forced break for `br`, the link numbered, an image's alt
  /// text; on leaving it, the link's number, the block's line break or blank line. The
  /// content of skipped elements (scripts, styles, the head) is passed over whole.
  static func replay(_ log: UnsafeRawPointer, count: Int, into out: inout Output) {
    /// What each open element was, to act on when it is closed; nil for one skipped whole.
    var open: [Tag?] = []
    /// How many elements deep inside a skipped one the log is (0: not inside one).
    var skipping = 0
    var at = 0
    func u32() -> Int {
      let value = log.loadUnaligned(fromByteOffset: at, as: UInt32.self)
      at += 4
      return Int(value)
    }
    /// A string record part (length, bytes, NUL): where its bytes start, moved past.
    func field() -> (UnsafePointer<UInt8>, Int) {
      let n = u32()
      let p = (log + at).assumingMemoryBound(to: UInt8.self)
      at += n + 1
      return (p, n)
    }
    while at < count {
      let kind = log.load(fromByteOffset: at, as: UInt8.self)
      at += 1
      switch kind {
      case UInt8(ascii: "S"):
        let (name, nameLength) = field()
        let hasHref = log.load(fromByteOffset: at, as: UInt8.self) != 0
        at += 1
        let href = hasHref ? field().0 : nil
        let hasAlt = log.load(fromByteOffset: at, as: UInt8.self) != 0
        at += 1
        let alt = hasAlt ? field().0 : nil
        if skipping > 0 {
          skipping += 1
          continue
        }
        let tag = self.tag(UnsafeBufferPointer(start: name, count: nameLength))
        if tag.contains(.skipped) {
          skipping = 1
          open.append(nil)
          continue
        }
        if tag.contains(.block) { out.lineBreak() }
        if tag.contains(.listItem) { out.append("- ") }
        if tag.contains(.lineBreak) { out.forceBreak() }
        if tag.contains(.link) {
          let target = href.flatMap { Self.href(Self.string($0)) }
          out.pendingLinks.append((target.flatMap { out.links.add($0) }, target, out.bytes.count))
        }
        if tag.contains(.image), let alt, case let text = Self.string(alt), !text.isEmpty { out.text("[" + text + "]") }
        open.append(tag)
      case UInt8(ascii: "E"):
        if skipping > 0 {
          skipping -= 1
          if skipping == 0 { _ = open.popLast() }
          continue
        }
        guard let closed = open.popLast(), let tag = closed else { continue }
        if tag.contains(.link), let pending = out.pendingLinks.popLast() {
          out.checkShownHost(of: pending)
          if let index = pending.index { out.append(" [\(index)]") }
        }
        if tag.contains(.block) { out.lineBreak() }
        if tag.contains(.paragraph) { out.blankLine() }
      default:  // "T"
        let (text, _) = field()
        if skipping == 0 { out.text(text) }
      }
    }
  }

  /// What an element's name means to the text: the sets above, and the elements read one by one.
  struct Tag: OptionSet {
    let rawValue: UInt8
    static let block = Tag(rawValue: 1)
    static let paragraph = Tag(rawValue: 2)
    static let skipped = Tag(rawValue: 4)
    static let link = Tag(rawValue: 8)
    static let listItem = Tag(rawValue: 16)
    static let lineBreak = Tag(rawValue: 32)
    static let image = Tag(rawValue: 64)
  }

  /// An element name of at most 16 bytes, lower case, as two integers: looked up without
  /// making a string of each element's name.
  struct PackedName: Hashable {
    var low: UInt64 = 0
    var high: UInt64 = 0

    /// The name's bytes packed, ASCII letters in lower case; nil when longer than 16 bytes.
    init?<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
      var i = 0
      for b in bytes {
        guard i < 16 else { return nil }
        let lower = UInt64(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
        if i < 8 { low |= lower << (8 * i) } else { high |= lower << (8 * (i - 8)) }
        i += 1
      }
    }
  }

  /// Every name in the sets above, with what it means.
  static let tags: [PackedName: Tag] = {
    var tags: [PackedName: Tag] = [:]
    func add(_ names: some Sequence<String>, _ tag: Tag) {
      for name in names { tags[PackedName(name.utf8)!, default: []].formUnion(tag) }
    }
    add(blocks, .block)
    add(paragraphs, .paragraph)
    add(skipped, .skipped)
    add(["a"], .link)
    add(["li"], .listItem)
    add(["br"], .lineBreak)
    add(["img"], .image)
    return tags
  }()

  /// What the element named `name` is to the text; none for other elements.
  static func tag(_ name: UnsafeBufferPointer<UInt8>) -> Tag {
    // The tree's names were read as C strings: up to a NUL, if one came.
    let length = name.firstIndex(of: 0) ?? name.count
    guard let packed = PackedName(UnsafeBufferPointer(rebasing: name[..<length])) else { return [] }
    let first = Int(packed.low & 0xFF) &- 0x61
    guard first >= 0 && first < tagsByFirstLetter.count else { return [] }
    for (known, tag) in tagsByFirstLetter[first] where known == packed { return tag }
    return []
  }

  /// `tags` by the name's first letter (`a` to `z`): a name is compared with one or two, not
  /// hashed.
  static let tagsByFirstLetter: [[(PackedName, Tag)]] = {
    var buckets: [[(PackedName, Tag)]] = Array(repeating: [], count: 26)
    for (name, tag) in tags { buckets[Int(name.low & 0xFF) - 0x61].append((name, tag)) }
    return buckets
  }()

  /// libxml2 stops reading HTML nested deeper than 256 elements (the text from there on is
  /// lost, often all of it): said, so an empty body is not taken for an empty mail.
  static let tooDeepWarning =
    "HTML nested deeper than 256 elements: the text from there on could not be read (mail show --html shows the source)"

  static func string(_ p: UnsafePointer<xmlChar>) -> String {
    String(cString: p)
  }

  /// A link's target: an `href` without the spaces around it, unless empty or a fragment.
  /// The host of a web address at the start of `text` (http://, https:// or www.), lower case,
  /// without port or final dot; nil when the text is no web address. `asReaderSees`: the part
  /// before any `@` (`https://signin.aws.amazon.com@evil.example` reads as AWS's), else the
  /// host a browser goes to (after it).
  static func host(readFrom text: Substring, asReaderSees: Bool) -> String? {
    var rest = text.drop { $0.isWhitespace }
    let lower = rest.prefix(8).lowercased()
    if lower.hasPrefix("https://") {
      rest = rest.dropFirst(8)
    } else if lower.hasPrefix("http://") {
      rest = rest.dropFirst(7)
    } else if !lower.hasPrefix("www.") {
      return nil
    }
    var authority = rest.prefix { !"/?#\\".contains($0) && !$0.isWhitespace }
    if let at = authority.lastIndex(of: "@") {
      authority = asReaderSees ? authority[..<at] : authority[authority.index(after: at)...]
    }
    var host = authority.prefix { $0 != ":" }.lowercased()
    if host.hasSuffix(".") { host.removeLast() }
    return host.isEmpty ? nil : host
  }

  static func href(_ value: String) -> String? {
    let h = value.trimmingSpaces()
    guard !h.isEmpty, !h.hasPrefix("#") else { return nil }
    return h
  }

  /// Text being assembled: collapsed white space, at most one blank line in a row. Kept as
  /// UTF-8 bytes, each finished line followed by a line feed, then the line being written: a
  /// string made per text node and per line was much of the time of reading an HTML mail.
  struct Output {
    var bytes: [UInt8] = []
    /// Where the line being written starts in `bytes`.
    var lineStart = 0
    /// Lines finished, and whether the last of them is empty.
    var lineCount = 0
    var lastLineEmpty = false
    /// Each link once, numbered in order; past `MailLinks.maximumPerMail` a link is not numbered.
    var links = LinkList()
    /// The links open: their number (nil past the most numbered), target, and where their text
    /// starts in `bytes`.
    var pendingLinks: [(index: Int?, target: String?, start: Int)] = []
    /// Links whose text reads as a web address on another host than the one they lead to.
    var misleading: [String] = []
    var misleadingCount = 0
    static let misleadingShown = 5

    /// A phishing mail's link reads `https://signin.aws.amazon.com/…` and leads elsewhere: when
    /// a link's text is a web address, its host (as a reader takes it: before any `@`) is
    /// compared with the host the link really leads to.
    mutating func checkShownHost(of link: (index: Int?, target: String?, start: Int)) {
      // The host is at the text's start: its first 512 bytes will do.
      let start = min(link.start, bytes.count)
      let shown = String(decoding: bytes[start..<min(bytes.count, start + 512)], as: UTF8.self)
      guard let shownHost = HTMLText.host(readFrom: shown[...], asReaderSees: true) else { return }
      let realHost = link.target.flatMap { HTMLText.host(readFrom: $0[...], asReaderSees: false) }
      guard shownHost != realHost else { return }
      misleadingCount += 1
      guard misleading.count < Self.misleadingShown else { return }
      let which = link.index.map { "link [\($0)]" } ?? "a link"
      misleading.append("\(which) reads as \(shownHost) but leads to \(realHost ?? "something else")")
    }

    /// What `misleading` says, with how many more there were.
    var misleadingWarnings: [String] {
      let more = misleadingCount - misleading.count
      return misleading + (more > 0 ? ["\(more) more links read as another host than they lead to"] : [])
    }

    /// The line being written.
    var current: String { String(decoding: bytes[lineStart...], as: UTF8.self) }

    mutating func text(_ s: String) {
      var s = s
      s.withUTF8 { text($0) }
    }

    /// A text node's content (libxml2's UTF-8, ended by a NUL): read in place when it is ASCII,
    /// else through a `String` (which repairs anything that is not UTF-8).
    mutating func text(_ content: UnsafePointer<xmlChar>) {
      let count = strlen(UnsafeRawPointer(content).assumingMemoryBound(to: CChar.self))
      let u = UnsafeBufferPointer(start: content, count: count)
      if Self.isASCII(u) { text(u) } else { text(String(cString: content)) }
    }

    /// Whether every byte of `u` is ASCII, read eight bytes at a time.
    static func isASCII(_ u: UnsafeBufferPointer<UInt8>) -> Bool {
      guard let base = u.baseAddress else { return true }
      let raw = UnsafeRawPointer(base)
      var i = 0
      while i + 8 <= u.count {
        if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
        i += 8
      }
      while i < u.count {
        if u[i] >= 0x80 { return false }
        i += 1
      }
      return true
    }

    /// `u` (valid UTF-8) with each run of white space (Unicode White_Space, as
    /// `Character.isWhitespace`) written as one space, none at the start of a line. Byte by
    /// byte, copying runs of ASCII whole and decoding a scalar only where a byte is not ASCII,
    /// not Character by Character: grapheme breaking and property look-ups per character were
    /// most of the time of reading an HTML mail.
    mutating func text(_ u: UnsafeBufferPointer<UInt8>) {
      var empty = bytes.count == lineStart
      var endsWithSpace = !empty && bytes.last == 0x20
      var afterWhitespace = false
      var i = 0
      while i < u.count {
        let b = u[i]
        if Self.isPlainASCII(b) {
          // A run of ASCII that is not white space, copied whole, with the single spaces
          // between its words (each would be written as it is: after a word, before another).
          var end = i + 1
          while end < u.count {
            if Self.isPlainASCII(u[end]) {
              end += 1
            } else if u[end] == 0x20 && end + 1 < u.count && Self.isPlainASCII(u[end + 1]) {
              end += 2
            } else {
              break
            }
          }
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
    }

    /// Whether `b` is ASCII and not white space: `!` to DEL (most of any text) in one
    /// comparison, then the controls that are not white space.
    @inline(__always) static func isPlainASCII(_ b: UInt8) -> Bool {
      b &- 0x21 < 0x5F || (b < 0x20 && (b < 0x09 || b > 0x0D))
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

    mutating func append(_ s: String) { bytes.append(contentsOf: s.utf8) }

    /// The line being written without the spaces it ends with.
    private mutating func trimLine() {
      while bytes.count > lineStart && bytes.last == 0x20 { bytes.removeLast() }
    }

    /// Finishes the line being written.
    private mutating func endLine() {
      lastLineEmpty = bytes.count == lineStart
      bytes.append(0x0A)
      lineStart = bytes.count
      lineCount += 1
    }

    /// Ends the current line, if it has anything.
    mutating func lineBreak() {
      trimLine()
      if bytes.count > lineStart { endLine() }
    }

    /// One empty line after a paragraph (never two in a row, none at the top).
    mutating func blankLine() {
      lineBreak()
      if lineCount > 0 && !lastLineEmpty { endLine() }
    }

    /// A line break that keeps an empty line (a `<br>` after a `<br>`), at most one blank in a row.
    mutating func forceBreak() {
      trimLine()
      if bytes.count == lineStart && lineCount > 0 && lastLineEmpty { return }
      endLine()
    }

    /// The lines joined by line feeds, without empty lines at the end.
    mutating func finish() -> String {
      lineBreak()
      // Lines hold no line feed (white space is collapsed to spaces), so a line is empty when
      // its line feed follows another or starts the text.
      while lineCount > 0 && lastLineEmpty {
        bytes.removeLast()
        lineCount -= 1
        lastLineEmpty = lineCount > 0 && (bytes.count == 1 || bytes[bytes.count - 2] == 0x0A)
      }
      if lineCount > 0 { bytes.removeLast() }
      return String(decoding: bytes, as: UTF8.self)
    }
  }
}
