import Glibc
@_spi(RootmailHost) import RootmailKit

/// The links of an HTML part read without libxml2, when the HTML is simple enough that what
/// libxml2 would make of it is certain: `MailBody.links` of a mail with a text part only needs
/// an HTML part's `a href`s and the URLs written in its text, and reading the part as text to
/// find those was most of the time of listing such a mail's links.
///
/// Simple means: ASCII without controls (but tab and line ends), under 1 MB, fewer than 200
/// start tags (libxml2 stops at 256 deep), elements from a short list, each attribute value
/// quoted (an `href` ASCII with `&amp;` its only reference, no attribute twice, names of at
/// most 64 bytes, at most 32 attributes a tag), `html` only as the first tag, comments with
/// no `--` inside, a doctype first, `style` and `script` holding no `<` (and `title`, `style`,
/// `script` not written `<x/>`), a head holding only
/// `title` and `style`, and no `:` (nor `&#`, which could write one) in the text or an `alt`:
/// then the text holds no URL, and the links are the `href`s in order. Anything else is nil,
/// and the part is read whole as before.
enum SimpleHTMLLinks {
  /// Elements whose start tags may appear (none read its content as raw text but `style` and
  /// `script`, which are checked for holding no tag).
  static let elements: [StaticString] = [
    "html", "head", "body", "title", "style", "script", "p", "a", "div", "span", "br", "b", "i", "u", "em", "strong",
    "font", "table", "tbody", "thead", "tr", "td", "th", "img", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "center", "small", "sup", "sub",
  ]
  /// Indexes in `elements` of the names the reading acts on.
  static let html = 0
  static let head = 1
  static let title = 3
  static let style = 4
  static let script = 5
  static let anchor = 7

  /// `elements` by first letter (`a` to `z`): a tag's name is compared with a few, not hashed.
  static let elementsByFirstLetter: [[Int]] = {
    var buckets: [[Int]] = Array(repeating: [], count: 26)
    for (i, name) in elements.enumerated() { buckets[Int(name.utf8Start[0]) - 0x61].append(i) }
    return buckets
  }()

  /// The index in `elements` of `name` (ASCII letters and digits, any case), or nil.
  static func element(_ name: UnsafeBufferPointer<UInt8>) -> Int? {
    guard let first = name.first, case let letter = Int(first | 0x20) - 0x61, letter >= 0, letter < 26 else {
      return nil
    }
    for i in elementsByFirstLetter[letter] where equalsLowered(name, elements[i]) { return i }
    return nil
  }

  /// Whether `bytes` (letters, digits, `-`) are `s` (lower case) in any case.
  static func equalsLowered(_ bytes: UnsafeBufferPointer<UInt8>, _ s: StaticString) -> Bool {
    guard bytes.count == s.utf8CodeUnitCount else { return false }
    for k in 0..<bytes.count where bytes[k] | 0x20 != s.utf8Start[k] | 0x20 { return false }
    return true
  }

  /// Whether two attribute names (letters, digits, `-`) are the same in any case.
  static func sameName(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
    guard a.count == b.count else { return false }
    for k in 0..<a.count where a[k] | 0x20 != b[k] | 0x20 { return false }
    return true
  }

  /// ASCII without controls but tab and line ends, eight bytes at a time where they are plain.
  static func plainASCII(_ u: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let base = u.baseAddress else { return true }
    let raw = UnsafeRawPointer(base)
    var i = 0
    while i < u.count {
      if i + 8 <= u.count {
        let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
        // No byte >= 0x80, none < 0x20, none DEL: each test may also flag a byte after a
        // flagged one, never miss one (those words are read byte by byte).
        let low = (w &- 0x2020_2020_2020_2020) & ~w
        let del = w ^ 0x7F7F_7F7F_7F7F_7F7F
        if (w | low | ((del &- 0x0101_0101_0101_0101) & ~del)) & 0x8080_8080_8080_8080 == 0 {
          i += 8
          continue
        }
      }
      let c = u[i]
      if (c < 0x20 && c != 0x20 && c != 0x09 && c != 0x0A && c != 0x0D) || c >= 0x7F { return false }
      i += 1
    }
    return true
  }

  static func hrefs(_ html: String) -> [String]? {
    var html = html
    return html.withUTF8 { hrefs(in: $0) }
  }

  static func hrefs(in u: UnsafeBufferPointer<UInt8>) -> [String]? {
    guard u.count < 1_000_000 else { return nil }
    let n = u.count
    var links: [String] = []
    var i = 0
    var startTags = 0
    var inHead = false
    var headSeen = false
    var anythingSeen = false
    /// Whether anything but `html` and white space came: a head after that is not one.
    var bodySeen = false
    func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
    func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
    func isNameByte(_ c: UInt8) -> Bool { isLetter(c) || (c >= 0x30 && c <= 0x39) }
    /// Whether `u[at...]` starts with `s` (lower case letters), in any case.
    func starts(_ at: Int, _ s: StaticString) -> Bool {
      let count = s.utf8CodeUnitCount
      guard at + count <= n else { return false }
      for k in 0..<count where u[at + k] | (isLetter(u[at + k]) ? 0x20 : 0) != s.utf8Start[k] { return false }
      return true
    }
    /// Where the first `byte` from `at` is, or nil.
    func find(_ byte: UInt8, from at: Int) -> Int? {
      var j = at
      while j < n {
        if u[j] == byte { return j }
        j += 1
      }
      return nil
    }
    guard plainASCII(u), let base = u.baseAddress else { return nil }
    while i < n {
      let c = u[i]
      guard c == UInt8(ascii: "<") else {
        // Text, up to the next tag: nothing a URL could be made of, nothing shown in the head.
        let raw = UnsafeRawPointer(base + i)
        let end = i + (memchr(raw, 0x3C, n - i).map { $0 - UnsafeMutableRawPointer(mutating: raw) } ?? n - i)
        let run = UnsafeBufferPointer(rebasing: u[i..<end])
        if run.contains(where: { !isSpace($0) }) {
          if inHead { return nil }
          anythingSeen = true
          bodySeen = true
        }
        if memchr(raw, 0x3A, run.count) != nil { return nil }
        var from = i
        while let amp = memchr(base + from, 0x26, end - from) {
          let at = amp.assumingMemoryBound(to: UInt8.self) - UnsafeMutablePointer(mutating: base)
          if at + 1 < n && u[at + 1] == UInt8(ascii: "#") { return nil }
          from = at + 1
        }
        i = end
        continue
      }
      guard i + 1 < n else { return nil }
      let next = u[i + 1]
      if next == UInt8(ascii: "!") {
        if starts(i, "<!--") {
          // A comment without `--` inside, not `<!-->` or `<!--->`.
          var j = i + 4
          guard j < n, u[j] != UInt8(ascii: ">"), !starts(j, "->") else { return nil }
          while j + 1 < n && !(u[j] == UInt8(ascii: "-") && u[j + 1] == UInt8(ascii: "-")) { j += 1 }
          guard j + 2 < n, u[j + 2] == UInt8(ascii: ">") else { return nil }
          i = j + 3
          continue
        }
        // A doctype, first, without quotes or tags inside.
        guard !anythingSeen, startTags == 0, starts(i, "<!doctype"), let end = find(UInt8(ascii: ">"), from: i) else {
          return nil
        }
        for k in i..<end where u[k] == UInt8(ascii: "\"") || u[k] == UInt8(ascii: "'") || (k > i && u[k] == UInt8(ascii: "<")) {
          return nil
        }
        anythingSeen = true
        i = end + 1
        continue
      }
      if next == UInt8(ascii: "/") {
        // An end tag: `</name>`, spaces allowed before `>`.
        var j = i + 2
        let nameStart = j
        while j < n && isNameByte(u[j]) { j += 1 }
        guard j > nameStart, isLetter(u[nameStart]) else { return nil }
        let isHead = equalsLowered(UnsafeBufferPointer(rebasing: u[nameStart..<j]), "head")
        while j < n && isSpace(u[j]) { j += 1 }
        guard j < n, u[j] == UInt8(ascii: ">") else { return nil }
        if isHead {
          guard inHead else { return nil }
          inHead = false
        }
        i = j + 1
        continue
      }
      guard isLetter(next) else { return nil }
      // A start tag from the list, at most 200 of them.
      var j = i + 1
      while j < n && isNameByte(u[j]) { j += 1 }
      startTags += 1
      guard startTags < 200, let name = element(UnsafeBufferPointer(rebasing: u[(i + 1)..<j])) else { return nil }
      guard j < n, isSpace(u[j]) || u[j] == UInt8(ascii: ">") || u[j] == UInt8(ascii: "/") else { return nil }
      var attributes: [UnsafeBufferPointer<UInt8>] = []
      var href: Href?
      var selfClosing = false
      while true {
        while j < n && isSpace(u[j]) { j += 1 }
        guard j < n else { return nil }
        if u[j] == UInt8(ascii: ">") { break }
        if u[j] == UInt8(ascii: "/") {
          guard j + 1 < n, u[j + 1] == UInt8(ascii: ">") else { return nil }
          j += 1
          selfClosing = true
          break
        }
        // `name="value"` or `name='value'`, or a name alone.
        let attributeStart = j
        guard isLetter(u[j]) else { return nil }
        while j < n && (isNameByte(u[j]) || u[j] == UInt8(ascii: "-")) { j += 1 }
        // libxml2 cuts a name at 100 bytes and reads the rest as another attribute; a few
        // attributes each (each is compared with the ones before it).
        guard j - attributeStart <= 64, attributes.count < 32 else { return nil }
        let attribute = UnsafeBufferPointer(rebasing: u[attributeStart..<j])
        guard !attributes.contains(where: { sameName($0, attribute) }) else { return nil }
        attributes.append(attribute)
        let isHref = equalsLowered(attribute, "href")
        let isAlt = equalsLowered(attribute, "alt")
        var k = j
        while k < n && isSpace(u[k]) { k += 1 }
        guard k < n else { return nil }
        guard u[k] == UInt8(ascii: "=") else {
          if isHref || isAlt { return nil }
          continue
        }
        k += 1
        while k < n && isSpace(u[k]) { k += 1 }
        guard k < n, u[k] == UInt8(ascii: "\"") || u[k] == UInt8(ascii: "'"), let close = find(u[k], from: k + 1) else {
          return nil
        }
        let value = UnsafeBufferPointer(rebasing: u[(k + 1)..<close])
        if isHref && name == anchor {
          href = Self.href(value)
          guard href != nil else { return nil }
        } else if isAlt {
          for (m, b) in value.enumerated()
          where b == UInt8(ascii: ":") || (b == UInt8(ascii: "&") && m + 1 < value.count && value[m + 1] == UInt8(ascii: "#")) {
            return nil
          }
        }
        j = close + 1
        guard j < n, isSpace(u[j]) || u[j] == UInt8(ascii: ">") || u[j] == UInt8(ascii: "/") else { return nil }
      }
      i = j + 1
      anythingSeen = true
      // `<title/>`, `<style/>`, `<script/>` are empty to libxml2: what follows is not theirs.
      if selfClosing && (name == title || name == style || name == script) { return nil }
      switch name {
      case html:
        // Only first: libxml2 drops another `html` tag and then a `</head>` (the head stays
        // open, and a `th` after it is in the head).
        guard startTags == 1 else { return nil }
      case head:
        guard !headSeen, !inHead, !bodySeen else { return nil }
        headSeen = true
        inHead = true
      case title:
        // Only in the head, text alone inside.
        guard inHead, let end = find(UInt8(ascii: "<"), from: i), starts(end, "</title"), end + 7 < n,
          u[end + 7] == UInt8(ascii: ">")
        else { return nil }
        i = end + 8
      case style, script:
        // Before the body, outside a head, libxml2 opens a head for it that stays open (what
        // follows is in the head, not shown): not read here.
        guard inHead || bodySeen else { return nil }
        // Raw text up to its end tag, with no `<` before it.
        let length = elements[name].utf8CodeUnitCount
        guard let end = find(UInt8(ascii: "<"), from: i), end + 2 + length < n, u[end + 1] == UInt8(ascii: "/") else {
          return nil
        }
        let tag = UnsafeBufferPointer(rebasing: u[(end + 2)..<(end + 2 + length)])
        guard equalsLowered(tag, elements[name]), u[end + 2 + length] == UInt8(ascii: ">") else { return nil }
        i = end + 3 + length
        if !inHead { bodySeen = true }
      default:
        guard !inHead else { return nil }
        bodySeen = true
        if name == anchor, let href, let link = href.link { links.append(link) }
      }
    }
    return links
  }

  /// What an `href` value is to libxml2 (`&amp;` read as `&`) and then to `HTMLText`'s
  /// link rule (spaces around it dropped; empty or a fragment is no link): `link` nil for no
  /// link. Nil when the value holds another reference or a byte this reading is not sure of.
  struct Href { var link: String? }

  static func href(_ value: UnsafeBufferPointer<UInt8>) -> Href? {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(value.count)
    var m = 0
    while m < value.count {
      let b = value[m]
      guard b >= 0x20 && b < 0x7F else { return nil }
      if b == UInt8(ascii: "&") {
        guard m + 4 < value.count, value[m + 1] == UInt8(ascii: "a"), value[m + 2] == UInt8(ascii: "m"),
          value[m + 3] == UInt8(ascii: "p"), value[m + 4] == UInt8(ascii: ";")
        else { return nil }
        m += 5
      } else {
        m += 1
      }
      bytes.append(b)
    }
    // HTMLText.href: trimmed of spaces, not empty, not `#…`.
    let h = String(decoding: bytes, as: UTF8.self).trimmingSpaces()
    return Href(link: h.isEmpty || h.hasPrefix("#") ? nil : h)
  }
}
