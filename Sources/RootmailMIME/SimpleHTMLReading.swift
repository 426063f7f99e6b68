import Glibc

/// libxml2's reading of an HTML document made without libxml2, when the document is simple
/// enough that the reading is certain: the same log `rm_html_read` writes (CLibXML2/shim.h),
/// or nil, and libxml2 reads the document as before. Parsing HTML with libxml2 was most of the
/// time of reading an HTML-only mail; a mail's HTML is mostly written by a program, in the
/// simple shape this takes.
///
/// Each step stands in for the libxml2 2.9.14 code it names (HTMLparser.c, with the options
/// `rm_html_read` passes). Simple means:
/// - valid UTF-8 under 1 MB without controls (but tab and line feed), DEL, U+FFFE, U+FFFF, a
///   byte order mark, and fewer than 200 start tags (libxml2 stops at 256 deep);
/// - start tags of the elements in `names`, none of which closes the element it is in
///   (`htmlStartClose`), each end tag closing the element opened last (not a void one);
/// - attributes named with letters, digits and `-`, valued with quotes or without `&`;
/// - comments without `--` inside, `<!DOCTYPE name>` first, `style` and `script` holding no
///   `</` but their end tag, written exactly;
/// - text outside `html` and `head` (white space aside), no `<` that starts nothing, no run of
///   1,000 white space bytes nor a run of 1,000 bytes ending the document, references libxml2
///   reads (named from its table, or a code point).
enum SimpleHTMLReading {
  /// The elements read here, with what libxml2 knows of them.
  static let names: [String] = [
    "html", "head", "title", "meta", "style", "script", "body", "p", "a", "div", "span", "br", "b", "i", "u", "em",
    "strong", "font", "table", "tbody", "thead", "tfoot", "tr", "td", "th", "img", "ul", "ol", "li", "h1", "h2", "h3",
    "h4", "h5", "h6", "hr", "center", "small", "sup", "sub", "blockquote", "code", "s", "strike", "big", "tt", "caption",
    "dl", "dt", "dd",
  ]
  /// Indexes in `names` of the elements the reading acts on.
  static let html = names.firstIndex(of: "html")!
  static let head = names.firstIndex(of: "head")!
  static let body = names.firstIndex(of: "body")!
  static let style = names.firstIndex(of: "style")!
  static let script = names.firstIndex(of: "script")!

  /// Elements without content (`empty` in libxml2's element table): closed as they open.
  static let void: Set<String> = ["br", "hr", "img", "meta"]
  /// libxml2's `allowPCData`: white space in these (or after one of them) is text.
  static let allowPCData: Set<String> = [
    "a", "abbr", "acronym", "address", "applet", "b", "bdo", "big", "blockquote", "body", "button", "caption", "center",
    "cite", "code", "dd", "del", "dfn", "div", "dt", "em", "font", "form", "h1", "h2", "h3", "h4", "h5", "h6", "i",
    "iframe", "ins", "kbd", "label", "legend", "li", "noframes", "noscript", "object", "p", "pre", "q", "s", "samp",
    "small", "span", "strike", "strong", "td", "th", "tt", "u", "var",
  ]
  /// Elements `htmlCheckImplied` opens a head for, when they come first.
  static let headElements: Set<String> = ["script", "style", "meta", "link", "title", "base"]
  /// libxml2's `htmlStartClose` between the elements above: `open new` where a start tag of
  /// `new` closes `open`.
  static let startClose = """
    a a;a table;a td;a th;b center;b p;b td;b th;big p;caption tbody;caption tfoot;caption thead;caption tr;dd dt;\
    dl li;dt dd;dt dl;font center;font td;font th;h1 li;h1 p;h1 table;h2 li;h2 p;h2 table;h3 li;h3 p;h3 table;h4 li;\
    h4 p;h4 table;h5 li;h5 p;h5 table;h6 li;h6 p;h6 table;head a;head b;head big;head blockquote;head body;head br;\
    head center;head code;head dd;head div;head dl;head dt;head em;head font;head h1;head h2;head h3;head h4;head h5;\
    head h6;head hr;head i;head img;head li;head ol;head p;head s;head small;head span;head strike;head strong;\
    head sub;head sup;head table;head tt;head u;head ul;i center;i p;i td;i th;li li;ol ul;p blockquote;p body;\
    p caption;p center;p dd;p div;p dl;p dt;p h1;p h2;p h3;p h4;p h5;p h6;p head;p hr;p li;p ol;p p;p table;p tbody;\
    p td;p tfoot;p th;p title;p tr;p ul;s p;small p;span td;span th;strike p;style body;tbody tbody;tbody tfoot;\
    td tbody;td td;td tfoot;td th;td tr;tfoot tbody;th tbody;th td;th tfoot;th th;th tr;thead tbody;thead tfoot;\
    title body;tr tbody;tr tfoot;tr tr;tt p;u p;u td;u th;ul ol
    """

  /// What the reading knows of each element, by its index in `names`.
  struct Element {
    var name: [UInt8]
    var isVoid: Bool
    var allowsText: Bool
    var opensHead: Bool
    /// Indexes of the elements whose start tag closes this one.
    var closedBy: UInt64
  }

  static let elements: [Element] = {
    var elements = names.map {
      Element(
        name: Array($0.utf8), isVoid: void.contains($0), allowsText: allowPCData.contains($0),
        opensHead: headElements.contains($0), closedBy: 0)
    }
    for pair in startClose.split(separator: ";") {
      let two = pair.split(separator: " ")
      let open = names.firstIndex(of: String(two[0]))!
      let new = names.firstIndex(of: String(two[1]))!
      elements[open].closedBy |= 1 << UInt64(new)
    }
    return elements
  }()

  /// Element indexes by name (lower case, packed).
  static let indexes: [HTMLText.PackedName: Int] = {
    var indexes: [HTMLText.PackedName: Int] = [:]
    for (i, name) in names.enumerated() { indexes[HTMLText.PackedName(name.utf8)!] = i }
    return indexes
  }()

  /// What was last added to an open element, for libxml2's white space rule (`areBlanks`
  /// looks past comments at it).
  enum Last: Equatable {
    case nothing
    case text
    case element(Int)
  }

  static func log(of html: String) -> [UInt8]? {
    var html = html
    return html.withUTF8 { log(of: $0) }
  }

  static func log(of u: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
    guard !u.isEmpty, u.count < 1_000_000, let base = u.baseAddress, validBytes(u) else { return nil }
    var reader = Reader(u: u, base: base)
    return reader.read() ? reader.log : nil
  }

  /// Controls (but tab and line feed), DEL, U+FFFE, U+FFFF (libxml2 drops those), a byte
  /// order mark: not read here. Eight ASCII bytes at a time.
  static func validBytes(_ u: UnsafeBufferPointer<UInt8>) -> Bool {
    let raw = UnsafeRawPointer(u.baseAddress!)
    var i = 0
    while i < u.count {
      if i + 8 <= u.count {
        let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
        // No byte >= 0x80, none < 0x20, none DEL (a zero byte of w ^ 0x7F...): each test
        // may also flag a byte after a flagged one, never miss one.
        let high = w & 0x8080_8080_8080_8080
        let low = (w &- 0x2020_2020_2020_2020) & ~w & 0x8080_8080_8080_8080
        let del = w ^ 0x7F7F_7F7F_7F7F_7F7F
        let hasDEL = (del &- 0x0101_0101_0101_0101) & ~del & 0x8080_8080_8080_8080
        if high | low | hasDEL == 0 {
          i += 8
          continue
        }
      }
      let b = u[i]
      if b < 0x20 && b != 0x09 && b != 0x0A { return false }
      if b == 0x7F { return false }
      if b == 0xEF && i + 2 < u.count && u[i + 1] == 0xBF && (u[i + 2] == 0xBE || u[i + 2] == 0xBF) { return false }
      if b == 0xEF && i == 0 { return false }
      i += 1
    }
    return true
  }

  /// One document's reading: the log being written and the elements open.
  struct Reader {
    let u: UnsafeBufferPointer<UInt8>
    let base: UnsafePointer<UInt8>
    var i = 0
    var log: [UInt8] = []
    /// The open elements (indexes in `names`), and what each was last given.
    var stack: [(element: Int, last: Last)] = []
    /// libxml2's `ctxt->html`: 3 once a head was opened, 10 once a body was.
    var seen = 1
    /// Where the length of the text record still open is, if one is (more text is merged
    /// into it, as the tree merges adjacent text).
    var openText: Int? = nil
    var startTags = 0
    /// Where the next `<` at or after `i` is (`n` for none), once found; -1 before.
    var nextTag = -1

    init(u: UnsafeBufferPointer<UInt8>, base: UnsafePointer<UInt8>) {
      self.u = u
      self.base = base
      log.reserveCapacity(u.count + 256)
    }

    var n: Int { u.count }

    static func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
    static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
    static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    func at(_ k: Int) -> UInt8 { k < n ? u[k] : 0 }

    /// Whether `u[at...]` starts with `s` (lower case), in any case.
    func starts(_ at: Int, _ s: StaticString) -> Bool {
      let count = s.utf8CodeUnitCount
      guard at + count <= n else { return false }
      for k in 0..<count where u[at + k] | (Self.isLetter(u[at + k]) ? 0x20 : 0) != s.utf8Start[k] { return false }
      return true
    }

    mutating func skipBlanks() {
      while i < n && Self.isBlank(u[i]) { i += 1 }
    }

    // MARK: The log, as shim.h writes it

    mutating func u32(_ value: Int) {
      withUnsafeBytes(of: UInt32(value).littleEndian) { log.append(contentsOf: $0) }
    }

    mutating func string(_ bytes: some Collection<UInt8>) {
      u32(bytes.count)
      log.append(contentsOf: bytes)
      log.append(0)
    }

    /// xmlSAX2StartElement (rm_log_start): the element opened, the first `href` and `alt`.
    mutating func start(_ element: Int, href: [UInt8]? = nil, alt: [UInt8]? = nil) {
      if let top = stack.indices.last { stack[top].last = .element(element) }
      stack.append((element, .nothing))
      if element == SimpleHTMLReading.head && seen < 3 { seen = 3 }
      if element == SimpleHTMLReading.body && seen < 10 { seen = 10 }
      openText = nil
      log.append(UInt8(ascii: "S"))
      string(SimpleHTMLReading.elements[element].name)
      log.append(href == nil ? 0 : 1)
      if let href { string(href) }
      log.append(alt == nil ? 0 : 1)
      if let alt { string(alt) }
    }

    /// xmlSAX2EndElement (rm_log_end): the element opened last is closed.
    mutating func end() {
      stack.removeLast()
      openText = nil
      log.append(UInt8(ascii: "E"))
    }

    /// xmlSAX2Characters or CDATA (rm_log_text): merged into the text record still open.
    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>) {
      guard !bytes.isEmpty else { return }
      if let open = openText {
        log.removeLast()  // the NUL
        log.append(contentsOf: bytes)
        log.append(0)
        let so_far = log.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: open, as: UInt32.self) }
        withUnsafeBytes(of: so_far + UInt32(bytes.count)) { b in
          for k in 0..<4 { log[open + k] = b[k] }
        }
      } else {
        log.append(UInt8(ascii: "T"))
        openText = log.count
        string(bytes)
      }
      stack[stack.count - 1].last = .text
    }

    mutating func text(_ bytes: [UInt8]) {
      bytes.withUnsafeBufferPointer { text($0) }
    }

    // MARK: The document (htmlParseDocument)

    mutating func read() -> Bool {
      skipBlanks()
      // Comments, then a doctype, then comments.
      guard comments() else { return false }
      if starts(i, "<!doctype") {
        guard doctype() else { return false }
        skipBlanks()
        guard comments() else { return false }
      }
      // htmlParseContentInternal.
      while i < n {
        let c = u[i]
        if c == UInt8(ascii: "<") {
          let next = at(i + 1)
          if next == UInt8(ascii: "/") {
            guard endTag() else { return false }
          } else if Self.isLetter(next) {
            guard startTag() else { return false }
          } else if next == UInt8(ascii: "!") && starts(i, "<!--") {
            guard comment() else { return false }
          } else {
            return false
          }
        } else if c == UInt8(ascii: "&") {
          guard reference() else { return false }
        } else {
          guard characters() else { return false }
        }
      }
      // htmlAutoCloseOnEnd.
      while !stack.isEmpty { end() }
      return true
    }

    /// Comments before the content (nothing is open: none is in the log).
    mutating func comments() -> Bool {
      while starts(i, "<!--") {
        guard comment() else { return false }
        skipBlanks()
      }
      return true
    }

    /// `<!DOCTYPE name>` (htmlParseDocTypeDecl, without a public or system identifier: an
    /// identifier could change what white space in the body is).
    mutating func doctype() -> Bool {
      var j = i + 9
      guard j < n, Self.isBlank(u[j]) else { return false }
      while j < n && Self.isBlank(u[j]) { j += 1 }
      let nameStart = j
      while j < n && Self.isLetter(u[j]) { j += 1 }
      guard j > nameStart else { return false }
      while j < n && Self.isBlank(u[j]) { j += 1 }
      guard j < n, u[j] == UInt8(ascii: ">") else { return false }
      i = j + 1
      return true
    }

    /// htmlParseComment: `<!--` then anything without `--`, then `-->` (not `<!-->`, `<!--->`).
    mutating func comment() -> Bool {
      var j = i + 4
      guard j < n, u[j] != UInt8(ascii: ">"), !(u[j] == UInt8(ascii: "-") && at(j + 1) == UInt8(ascii: ">")) else {
        return false
      }
      while j + 1 < n && !(u[j] == UInt8(ascii: "-") && u[j + 1] == UInt8(ascii: "-")) { j += 1 }
      guard j + 2 < n, u[j + 2] == UInt8(ascii: ">"), j == i + 4 || u[j - 1] != UInt8(ascii: "-") else { return false }
      i = j + 3
      // rm_log_comment: the text record ends (a comment is the element's last child now,
      // passed over by areBlanks).
      openText = nil
      return true
    }

    /// An element name: letters and digits, in the list, lower case (htmlParseHTMLName).
    mutating func elementName(at start: Int) -> (Int, Int)? {
      var j = start
      while j < n && (Self.isLetter(u[j]) || Self.isDigit(u[j])) { j += 1 }
      // A name goes on with `:`, `-`, `_`, `.` in libxml2: not read here.
      let stop = at(j)
      guard j > start, stop != UInt8(ascii: ":"), stop != UInt8(ascii: "-"), stop != UInt8(ascii: "_"),
        stop != UInt8(ascii: "."), let packed = HTMLText.PackedName(UnsafeBufferPointer(rebasing: u[start..<j])),
        let element = SimpleHTMLReading.indexes[packed]
      else { return nil }
      return (element, j)
    }

    /// htmlParseEndTag: `</name>` closing the element opened last.
    mutating func endTag() -> Bool {
      guard let (element, after) = elementName(at: i + 2), let top = stack.last, top.element == element,
        !SimpleHTMLReading.elements[element].isVoid
      else { return false }
      var j = after
      while j < n && Self.isBlank(u[j]) { j += 1 }
      guard j < n, u[j] == UInt8(ascii: ">") else { return false }
      i = j + 1
      end()
      return true
    }

    /// htmlParseStartTag and htmlParseElementInternal.
    mutating func startTag() -> Bool {
      startTags += 1
      guard startTags < 200, let (element, after) = elementName(at: i + 1) else { return false }
      let info = SimpleHTMLReading.elements[element]
      // htmlAutoClose: a start tag that closes the open element is not read here.
      if let top = stack.last, SimpleHTMLReading.elements[top.element].closedBy & (1 << UInt64(element)) != 0 {
        return false
      }
      // htmlCheckImplied.
      if element != SimpleHTMLReading.html {
        if stack.isEmpty { start(SimpleHTMLReading.html) }
        if element != SimpleHTMLReading.head && element != SimpleHTMLReading.body {
          if stack.count <= 1 && info.opensHead {
            // A head opened for it stays open: not read here.
            guard seen >= 3 else { return false }
          } else if seen < 10
            && !stack.contains(where: { $0.element == SimpleHTMLReading.body || $0.element == SimpleHTMLReading.head })
          {
            start(SimpleHTMLReading.body)
          }
        }
      }
      // Misplaced `html`, `head`, `body` are dropped by libxml2: not read here.
      if element == SimpleHTMLReading.html && !stack.isEmpty { return false }
      if element == SimpleHTMLReading.head && stack.count != 1 { return false }
      if element == SimpleHTMLReading.body && stack.contains(where: { $0.element == SimpleHTMLReading.body }) {
        return false
      }
      // Attributes (htmlParseAttribute): the first `href` and `alt` are logged.
      var j = after
      var href: [UInt8]? = nil
      var alt: [UInt8]? = nil
      var attributes = 0
      while true {
        while j < n && Self.isBlank(u[j]) { j += 1 }
        guard j < n else { return false }
        if u[j] == UInt8(ascii: ">") || (u[j] == UInt8(ascii: "/") && at(j + 1) == UInt8(ascii: ">")) { break }
        let nameStart = j
        guard Self.isLetter(u[j]) else { return false }
        while j < n && (Self.isLetter(u[j]) || Self.isDigit(u[j]) || u[j] == UInt8(ascii: "-")) { j += 1 }
        // libxml2 cuts a name at 100 bytes; a few attributes each.
        attributes += 1
        guard j - nameStart <= 64, attributes <= 32, j < n else { return false }
        let stop = u[j]
        guard Self.isBlank(stop) || stop == UInt8(ascii: "=") || stop == UInt8(ascii: ">") || stop == UInt8(ascii: "/")
        else { return false }
        let name = UnsafeBufferPointer(rebasing: u[nameStart..<j])
        let isHref = Self.equalsLowered(name, "href")
        let isAlt = Self.equalsLowered(name, "alt")
        var k = j
        while k < n && Self.isBlank(u[k]) { k += 1 }
        var value: [UInt8]? = nil
        if k < n && u[k] == UInt8(ascii: "=") {
          k += 1
          while k < n && Self.isBlank(u[k]) { k += 1 }
          guard k < n else { return false }
          if u[k] == UInt8(ascii: "\"") || u[k] == UInt8(ascii: "'") {
            let quote = u[k]
            var close = k + 1
            while close < n && u[close] != quote { close += 1 }
            guard close < n else { return false }
            if isHref || isAlt {
              guard let decoded = Self.attributeValue(UnsafeBufferPointer(rebasing: u[(k + 1)..<close])) else {
                return false
              }
              value = decoded
            }
            j = close + 1
          } else {
            // Unquoted: up to white space or `>`, without references.
            var end = k
            while end < n && !Self.isBlank(u[end]) && u[end] != UInt8(ascii: ">") {
              let c = u[end]
              if c == UInt8(ascii: "&") || c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") || c == UInt8(ascii: "<") {
                return false
              }
              end += 1
            }
            if isHref || isAlt { value = Array(u[k..<end]) }
            j = end
          }
        } else {
          // A name alone: its value is none (logged as empty).
          value = []
          j = k
        }
        if isHref && href == nil { href = value }
        if isAlt && alt == nil { alt = value }
      }
      let selfClosing = u[j] == UInt8(ascii: "/")
      i = j + (selfClosing ? 2 : 1)
      start(element, href: href, alt: alt)
      if selfClosing || info.isVoid {
        end()
        return true
      }
      if element == SimpleHTMLReading.style || element == SimpleHTMLReading.script {
        return rawText(element)
      }
      return true
    }

    /// htmlParseScript: a style's or script's content, up to its end tag, as CDATA.
    mutating func rawText(_ element: Int) -> Bool {
      let name = SimpleHTMLReading.elements[element].name
      // Content starting with a tag is read as one first (it can close the element).
      if i < n && u[i] == UInt8(ascii: "<") && at(i + 1) != UInt8(ascii: "/") { return false }
      var j = i
      while j + 1 < n && !(u[j] == UInt8(ascii: "<") && u[j + 1] == UInt8(ascii: "/")) { j += 1 }
      guard j + 1 < n, j + 2 + name.count < n,
        Self.lower(UnsafeBufferPointer(rebasing: u[(j + 2)..<(j + 2 + name.count)])) == name,
        u[j + 2 + name.count] == UInt8(ascii: ">")
      else { return false }
      if j > i { text(UnsafeBufferPointer(rebasing: u[i..<j])) }
      // The CDATA record is not merged with text that follows the element.
      i = j + 3 + name.count
      end()
      return true
    }

    /// htmlCheckParagraph: text outside any element, or in `html` or `head`, opens a `p`
    /// there: not read here.
    func textAllowed() -> Bool {
      guard let top = stack.last else { return false }
      return top.element != SimpleHTMLReading.html && top.element != SimpleHTMLReading.head
    }

    /// htmlParseCharData: text up to `<` or `&`; white space alone is dropped where areBlanks
    /// says so.
    mutating func characters() -> Bool {
      let start = i
      // Up to the next `<` (found once for all the runs before it: text cut by references
      // would otherwise be searched to the end again and again), then to an `&` before it.
      if nextTag < start {
        let raw = UnsafeRawPointer(base + start)
        nextTag = start + (memchr(raw, 0x3C, n - start).map { $0 - UnsafeMutableRawPointer(mutating: raw) } ?? n - start)
      }
      let raw = UnsafeRawPointer(base + start)
      i = start + (memchr(raw, 0x26, nextTag - start).map { $0 - UnsafeMutableRawPointer(mutating: raw) } ?? nextTag - start)
      let run = UnsafeBufferPointer(rebasing: u[start..<i])
      // libxml2 hands text over in buffers of 1,000 bytes, each judged by areBlanks on its own:
      // one that ends the document all white space is dropped (nothing follows it), where
      // this reading keeps the run whole. Not read here; nor a run of only white space that
      // long.
      if run.count >= 1000 && i == n { return false }
      let blank = !run.contains { !Self.isBlank($0) }
      if blank {
        guard run.count < 1000 else { return false }
        if dropsBlanks() { return true }
      }
      guard textAllowed() else { return false }
      text(run)
      return true
    }

    /// areBlanks, for white space followed by what is at `i`.
    func dropsBlanks() -> Bool {
      guard i < n else { return true }
      guard u[i] == UInt8(ascii: "<") else { return false }
      guard let top = stack.last else { return true }
      if top.element == SimpleHTMLReading.html || top.element == SimpleHTMLReading.head { return true }
      switch top.last {
      case .nothing: return !SimpleHTMLReading.elements[top.element].allowsText
      case .text: return false
      case .element(let child): return !SimpleHTMLReading.elements[child].allowsText
      }
    }

    /// htmlParseReference: `&name;` from libxml2's table, `&#n;` or `&#xh;` of a character
    /// it takes; an unknown name (or none) is text as written.
    mutating func reference() -> Bool {
      guard textAllowed() else { return false }
      if at(i + 1) == UInt8(ascii: "#") {
        guard let (value, after) = Self.characterReference(u, at: i) else { return false }
        i = after
        text(Self.utf8(value))
        return true
      }
      let nameStart = i + 1
      var j = nameStart
      let first = at(j)
      guard Self.isLetter(first) || first == UInt8(ascii: "_") || first == UInt8(ascii: ":") else {
        // No name: `&` is text (a run of text follows, merged). A name may start past ASCII.
        guard j < n, first < 0x80 else { return false }
        i += 1
        text(UnsafeBufferPointer(rebasing: u[(i - 1)..<i]))
        return true
      }
      while j < n && Self.isEntityNameByte(u[j]) { j += 1 }
      // libxml2 reads a name that ends the document, or goes on past ASCII, another way.
      guard j < n, u[j] < 0x80 else { return false }
      let name = UnsafeBufferPointer(rebasing: u[nameStart..<j])
      if u[j] == UInt8(ascii: ";"), let value = HTMLEntities.value(named: name) {
        i = j + 1
        text(Self.utf8(value))
        return true
      }
      // Unknown (or without `;`): `&` and the name, as written; the rest is text again.
      i = j
      text(UnsafeBufferPointer(rebasing: u[(nameStart - 1)..<j]))
      return true
    }

    static func isEntityNameByte(_ c: UInt8) -> Bool {
      isLetter(c) || isDigit(c) || c == UInt8(ascii: "_") || c == UInt8(ascii: "-") || c == UInt8(ascii: ":")
        || c == UInt8(ascii: ".")
    }

    /// htmlParseCharRef: `&#digits;` or `&#xhex;` (with its `;`) of a character libxml2
    /// keeps, and where it ends.
    static func characterReference(_ u: UnsafeBufferPointer<UInt8>, at start: Int) -> (UInt32, Int)? {
      var j = start + 2
      let hex = j < u.count && (u[j] | 0x20) == UInt8(ascii: "x")
      if hex { j += 1 }
      var value: UInt32 = 0
      let digitsStart = j
      while j < u.count && j - digitsStart < 8 {
        let c = u[j]
        if isDigit(c) {
          value = value * (hex ? 16 : 10) + UInt32(c - 0x30)
        } else if hex, (c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "f") {
          value = value * 16 + UInt32((c | 0x20) - 0x61 + 10)
        } else {
          break
        }
        j += 1
      }
      guard j > digitsStart, j < u.count, u[j] == UInt8(ascii: ";") else { return nil }
      // IS_CHAR, without the controls.
      guard
        (value >= 0x20 && value < 0xD800) || (value >= 0xE000 && value <= 0xFFFD)
          || (value >= 0x10000 && value <= 0x10FFFF)
      else { return nil }
      return (value, j + 1)
    }

    /// An `href` or `alt` value as libxml2 reads it (htmlParseHTMLAttribute): references
    /// replaced; nil when it holds one read otherwise (unknown, without `;`).
    static func attributeValue(_ v: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
      var out: [UInt8] = []
      out.reserveCapacity(v.count)
      var m = 0
      while m < v.count {
        let c = v[m]
        guard c == UInt8(ascii: "&") else {
          out.append(c)
          m += 1
          continue
        }
        if m + 1 < v.count && v[m + 1] == UInt8(ascii: "#") {
          guard let (value, after) = characterReference(v, at: m) else { return nil }
          out.append(contentsOf: utf8(value))
          m = after
          continue
        }
        var j = m + 1
        guard j < v.count, isLetter(v[j]) else { return nil }
        while j < v.count && isEntityNameByte(v[j]) { j += 1 }
        guard j < v.count, v[j] == UInt8(ascii: ";"),
          let value = HTMLEntities.value(named: UnsafeBufferPointer(rebasing: v[(m + 1)..<j]))
        else { return nil }
        out.append(contentsOf: utf8(value))
        m = j + 1
      }
      return out
    }

    static func utf8(_ value: UInt32) -> [UInt8] {
      Array(String(Unicode.Scalar(value)!).utf8)
    }

    /// Whether `bytes` are `s` (lower case letters) in any case.
    static func equalsLowered(_ bytes: UnsafeBufferPointer<UInt8>, _ s: StaticString) -> Bool {
      guard bytes.count == s.utf8CodeUnitCount else { return false }
      for k in 0..<bytes.count where bytes[k] | 0x20 != s.utf8Start[k] { return false }
      return true
    }

    static func lower(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
      bytes.map { isLetter($0) ? $0 | 0x20 : $0 }
    }
  }
}
