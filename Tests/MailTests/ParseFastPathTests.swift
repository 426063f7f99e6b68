import CGMime
import Glibc
@_spi(RootmailHost) import RootmailKit
import Testing

@_spi(RootmailHost) @testable import RootmailMIME

/// The parse's faster paths (issue 26) give what the paths they replaced gave: HTML read from
/// libxml2's SAX events as from its tree, URLs found from colons as by a scan at every `h`,
/// base64 and ISO-8859-1 decoded as GMime decodes them, From shown as GMime shows it without
/// asking libidn2 about ASCII domains, deep stack pages still given back. The expected texts
/// were taken from the tree-walking build.
@Suite struct ParseFastPathTests {
  /// HTML whose text depends on the parts of the tree libxml2's parser reads itself: white
  /// space kept or dropped by the element's last child (an element that takes text, a comment
  /// passed over, a processing instruction named like one, a strict DTD's body), text nodes
  /// split by comments (a mark after one is kept), prefixed names, a start tag without `>`,
  /// and the depth limit.
  @Test(arguments: [
    ("<p><b>bold</b> <i>italic</i></p>", "bold italic"),
    ("<ul>\n  <li>one</li>\n  <li>two</li>\n</ul>", "- one\n- two"),
    ("<p class=MsoNormal>first<o:p></o:p></p><p class=MsoNormal>second<o:p>&nbsp;</o:p></p>", "first\n\nsecond"),
    ("<p>a<!-- c --> b</p><p>x<!--y-->\u{0301}z</p>", "a b\n\nx\u{0301}z"),
    ("<div>before <b <i>inner</i> after</div><p>next</p>", "before inner after\nnext"),
    ("<div><span>t</span><?a b?> <span>s</span></div>", "t s"),
    ("<div><span>t</span><?x b?> <span>s</span></div>", "ts"),
    ("<div><span>t</span><!-- c --> <span>s</span></div>", "t s"),
    ("<div><div>t</div><!-- c --> <span>s</span></div>", "t\ns"),
    (
      "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\"><html><body> <b>x</b> <i>y</i> </body></html>", "xy"
    ),
    ("<p>a &lt;b&gt; &#x41;&#66; &bogus; caf&eacute;</p>", "a <b> AB &bogus; café"),
  ])
  func htmlReadsAsFromTheTree(_ html: String, _ text: String) {
    let read = HTMLText.convert(html)
    #expect(read.text == text)
    #expect(read.warnings.isEmpty)
  }

  @Test func htmlLinksImagesAndSkippedElements() {
    let read = HTMLText.convert(
      "<html><head><title>T</title><style>p{}</style></head><body><script>var a = '<p>no</p>';</script>"
        + "<p>yes &amp; <a href=' https://a.example/x '>link</a> <a href='#top'>top</a> <img alt='pic'></p></body></html>")
    #expect(read.text == "yes & link [1] top [pic]")
    #expect(read.links == ["https://a.example/x"])
  }

  @Test func htmlTooDeepKeepsWhatCameBefore() {
    let html = "<p>start</p>" + String(repeating: "<div>", count: 300) + "deep" + String(repeating: "</div>", count: 300)
    let read = HTMLText.convert(html + "<p>end</p>")
    #expect(read.text == "start")
    #expect(read.warnings == [HTMLText.tooDeepWarning])
  }

  /// The former `MailLinks.find`: a scheme compared at every `h` (kept as the reference).
  static func scanAtEveryH(_ text: String, limit: Int) -> [String] {
    let u = Array(text.utf8)
    let trailing = Array(".,);:!?'".utf8)
    func ends(_ j: Int) -> Bool {
      let c = u[j]
      if c <= 0x20 || c == 0x7F || c == 0x3C || c == 0x3E || c == 0x22 { return true }
      return c == 0xC2 && j + 1 < u.count && u[j + 1] >= 0x80 && u[j + 1] <= 0x9F
    }
    func schemeLength(_ i: Int) -> Int? {
      for scheme in ["https://", "http://"] {
        let s = Array(scheme.utf8)
        guard i + s.count <= u.count else { continue }
        if zip(s, u[i..<i + s.count]).allSatisfy({ $0 == $1 || ($0 >= 0x61 && $0 <= 0x7A && $1 | 0x20 == $0) }) {
          return s.count
        }
      }
      return nil
    }
    var found = LinkList(limit: limit)
    var i = 0
    while i < u.count && !found.isFull {
      guard u[i] | 0x20 == UInt8(ascii: "h"), let start = schemeLength(i) else {
        i += 1
        continue
      }
      var j = i + start
      while j < u.count, !ends(j) { j += 1 }
      var end = j
      while end > i + start, trailing.contains(u[end - 1]) { end -= 1 }
      if end > i + start { found.add(String(decoding: u[i..<end], as: UTF8.self)) }
      i = max(j, i + 1)
    }
    return found.links
  }

  /// Random texts made of the pieces URLs are found and cut by: the same links, in the same
  /// order, with and without a limit.
  @Test func findMatchesAScanAtEveryH() {
    let pieces = [
      "http://", "https://", "HTTPS://", "hTtP://", "https:/", "http:", "://", "//", ":", "h", "s", "https", "x.example",
      "/p?q=1", " ", "\n", ".", ",", ")", ";", "'", "<", ">", "\"", "é", "\u{85}", "\u{2028}", "a", "hh", "httpss://",
    ]
    var seed: UInt64 = 0x2026
    func next() -> Int {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(truncatingIfNeeded: seed >> 33)
    }
    for round in 0..<3_000 {
      let text = (0..<(next() % 40)).map { _ in pieces[next() % pieces.count] }.joined()
      let limit = round % 7 == 0 ? 2 : MailLinks.maximumPerMail
      #expect(MailLinks.find(in: text, limit: limit) == Self.scanAtEveryH(text, limit: limit), "\(text.debugDescription)")
    }
  }

  /// Random runs of links, repeated and not, past the length where the list stops being
  /// searched and a dictionary takes over, with and without a limit: the numbers and links a
  /// dictionary from the first link gives.
  @Test func linkListNumbersAsADictionaryDoes() {
    var seed: UInt64 = 0x1157
    func next() -> Int {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(truncatingIfNeeded: seed >> 33)
    }
    for round in 0..<500 {
      let limit = round % 5 == 0 ? 1 + next() % 30 : MailLinks.maximumPerMail
      let distinct = 1 + next() % 60
      var list = LinkList(limit: limit)
      var links: [String] = []
      var numbers: [String: Int] = [:]
      for _ in 0..<(next() % 120) {
        let url = "https://x.example/\(next() % distinct)" + (next() % 3 == 0 ? "é" : "")
        let expected: Int?
        if let n = numbers[url] {
          expected = n
        } else if links.count >= limit {
          expected = nil
        } else {
          links.append(url)
          numbers[url] = links.count
          expected = links.count
        }
        #expect(list.add(url) == expected)
      }
      #expect(list.links == links)
      #expect(list.isFull == (links.count >= limit))
    }
  }

  /// Random base64 with line ends, `=`, junk bytes: the same bytes as GMime's decoder.
  @Test func base64DecodesAsGMimeDoes() {
    var seed: UInt64 = 26
    func next() -> Int {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(truncatingIfNeeded: seed >> 33)
    }
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    for _ in 0..<20_000 {
      let input: [UInt8] = (0..<(next() % 200)).map { _ in
        let r = next() % 100
        return r < 85 ? alphabet[next() % 64] : r < 90 ? 10 : r < 93 ? 61 : r < 95 ? 13 : UInt8(next() % 256)
      }
      var ours = [UInt8](repeating: 0, count: input.count + 3)
      var theirs = [UInt8](repeating: 0, count: input.count + 3)
      let n = rm_base64_decode(input, input.count, &ours)
      var state: Int32 = 0
      var save: UInt32 = 0
      let m = g_mime_encoding_base64_decode_step(input, input.count, &theirs, &state, &save)
      #expect(Array(ours[..<n]) == Array(theirs[..<m]))
    }
  }

  /// Random quoted-printable with soft breaks (LF and CRLF), hex in both cases, `=` before
  /// anything, `=` at the end: the same bytes as GMime's decoder and its flush.
  @Test func quotedPrintableDecodesAsGMimeDoes() {
    var seed: UInt64 = 0x9D
    func next() -> Int {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(truncatingIfNeeded: seed >> 33)
    }
    let pieces: [[UInt8]] = [
      "=", "=\n", "=\r\n", "=\r", "=3D", "=c3=A9", "=G1", "=4", "==41", "a", "text ", "\n", "\r\n", "\u{00}", "é",
    ]
    .map { Array($0.utf8) }
    for round in 0..<20_000 {
      var input = (0..<(next() % 30)).flatMap { _ in pieces[next() % pieces.count] }
      if round % 3 == 0 { input += (0..<(next() % 4)).map { _ in UInt8(next() % 256) } }
      var ours = [UInt8](repeating: 0, count: input.count + 1)
      var theirs = [UInt8](repeating: 0, count: input.count * 3 + 4)
      let n = rm_qp_decode(input, input.count, &ours)
      var state = GMimeEncoding()
      g_mime_encoding_init_decode(&state, GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE)
      let m = input.withUnsafeBufferPointer { raw in
        raw.withMemoryRebound(to: CChar.self) { i in
          theirs.withUnsafeMutableBufferPointer { o in
            o.withMemoryRebound(to: CChar.self) { o in
              let k = g_mime_encoding_step(&state, i.baseAddress, i.count, o.baseAddress)
              return k + g_mime_encoding_flush(&state, i.baseAddress.map { $0 + i.count }, 0, o.baseAddress! + k)
            }
          }
        }
      }
      #expect(Array(ours[..<n]) == Array(theirs[..<m]), "\(input)")
    }
  }

  /// Every byte of an ISO-8859-1 part, quoted-printable: its code point in UTF-8.
  @Test func latin1PartsBecomeTheirCodePoints() {
    let bytes = (0x20...0xFF).map { UInt8($0) }.filter { $0 != 0x3D && $0 != 0x7F }
    let qp = bytes.map { $0 >= 0x80 ? "=" + String($0, radix: 16, uppercase: true) : String(UnicodeScalar($0)) }
    let mail =
      "From: a@b.example\nSubject: l\nContent-Type: text/plain; charset=ISO-8859-1\n"
      + "Content-Transfer-Encoding: quoted-printable\n\n" + qp.joined() + "\n"
    let parsed = MimeParser.parse(Array(mail.utf8))
    #expect(parsed.textParts == [String(String.UnicodeScalarView(bytes.map { UnicodeScalar($0) })) + "\n"])
    #expect(parsed.warnings.isEmpty)
  }

  /// ASCII domains are shown as written (any case); a non-ASCII one still as libidn2 makes
  /// it, and an `xn--` one as GMime leaves it.
  @Test(arguments: [
    ("Jo Doe <Jo@Example.COM>", "Jo Doe <Jo@Example.COM>"),
    ("Jo <jo@bücher.example>", "Jo <jo@xn--bcher-kva.example>"),
    ("Jo <jo@XN--BCHER-KVA.example>", "Jo <jo@XN--BCHER-KVA.example>"),
    ("team: Jo <jo@ex.com>, \"Doe, Ann\" <ann@sub.example.org>;", "team: Jo <jo@ex.com>, \"Doe, Ann\" <ann@sub.example.org>;"),
    ("jo@xn--invalid--.example", "jo@xn--invalid--.example"),
  ])
  func fromShownAsGMimeShowsIt(_ from: String, _ shown: String) {
    let parsed = MimeParser.parse(Array("From: \(from)\nSubject: a\n\nx\n".utf8))
    #expect(parsed.from == shown)
  }

  /// A parse that went 8 MiB deep has the pages it touched below the kept megabyte given back
  /// when it is done (the check looks at the pages right below that megabyte).
  @Test func deepPagesAreGivenBack() {
    let deepest = ParseStack.run { Self.descend(65_536) }
    let page = Int(sysconf(Int32(_SC_PAGESIZE)))
    let start = UnsafeMutableRawPointer(bitPattern: deepest & ~UInt(page - 1))!
    var resident: UInt8 = 0
    #expect(mincore(start, page, &resident) == 0)
    #expect(resident & 1 == 0)
  }

  /// The address of a local at the bottom of `n` frames of recursion.
  static func descend(_ n: Int) -> UInt {
    var local = n
    if n == 0 { return withUnsafeMutablePointer(to: &local) { UInt(bitPattern: $0) } }
    let below = descend(n - 1)
    // Read after the call, so each frame keeps its local.
    return withUnsafeMutablePointer(to: &local) { $0.pointee } == -1 ? 0 : below
  }
}
