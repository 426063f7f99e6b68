@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

@_spi(RootmailHost) @testable import RootmailMIME

/// Hostile documents for `SimpleHTMLReading`: hand-written edge cases of libxml2's HTML
/// reading and random documents from token soups unlike those of SimpleHTMLReadingTests.
/// Whenever the reading takes a document, its log must be libxml2's.
@Suite struct HostileSimpleHTMLTests {
  /// Whether the reading of `html` (when it takes it) is libxml2's; counts what it took.
  static func agrees(_ html: String, taken: inout Int) -> Bool {
    guard let simple = SimpleHTMLReading.log(of: html) else { return true }
    taken += 1
    return HTMLText.libxml2Log(of: html) == simple
  }

  static let handWritten: [String] = {
    var cases = [
      // Documents with nothing in them.
      " ", "\n\t ", "<!-- c -->", "<!---->", "<!DOCTYPE html>", "<!DOCTYPE html> ", "<!-- a --> <!DOCTYPE x><!-- b -->",
      "<html></html>", "<html/>", "<html/><p>x</p>", "<html></html><html><p>x</p></html>", "<p/>", "<body/>",
      "<head/>", "<html><head/><p>x", "<html><body/><p>x",
      // Entities.
      "<p>&amp</p>", "<p>&amp;amp;</p>", "<p>&AMP;</p>", "<p>&apos;</p>", "<p>&a1;</p>", "<p>&amp1;</p>", "<p>&amp.;</p>",
      "<p>&amp:x;</p>", "<p>&:;</p>", "<p>&_;</p>", "<p>&-;</p>", "<p>&.;</p>", "<p>&1;</p>", "<p>&;</p>", "<p>& ;</p>",
      "<p>x&", "<p>x&a", "<p>x&amp", "<p>x&#", "<p>x&#x", "<p>x&#65", "<p>&#x0000041;</p>", "<p>&#x00000041;</p>",
      "<p>&#x000000041;</p>", "<p>&#99999999;</p>", "<p>&#xFFFFFFFF;</p>", "<p>&#x110000;</p>", "<p>&#x10FFFF;</p>",
      "<p>&#1114111;</p>", "<p>&#1114112;</p>", "<p>&#xD7FF;</p>", "<p>&#xE000;</p>", "<p>&#xFFFE;</p>", "<p>&#xFFFF;</p>",
      "<p>&#x1F;</p>", "<p>&#32;</p>", "<p>&#127;</p>", "<p>&#128;</p>", "<p>&#x85;</p>", "<p>&#9;</p>", "<p>&#10;</p>",
      "<p>&#X41;</p>", "<p>&#x41</p>", "<p>&#00065;</p>", "<p>&#0065x;</p>", "<p>&#xag;</p>", "<p>&#-1;</p>",
      "<p>&nbsp;&nbsp </p>", "<p>a&nbsp;<b>b</b></p>", "<p>&lt;b&gt;</p>", "<p>&euro;&hearts;&thetasym;&zwj;</p>",
      "<p>&é;</p>", "<p>&aé;</p>", "<p>&a\u{2028};</p>", "<p>&amp\u{85}</p>", "<p>&#x2028;&#x85;</p>",
      "<p>&ampx</p>", "<p>&lt</p>", "<p>&copy2026</p>", "<td>&nbsp;</td>", "<p>\n&amp;\n</p>",
      // Attributes.
      "<a href=\"/1\" HREF=\"/2\">x</a>", "<a HREF=\"/1\" href=\"/2\">x</a>", "<img ALT=\"a\" alt=\"b\">",
      "<a href=/x/>y</a>", "<a href=/x/ >y</a>", "<a href = /x >y</a>", "<a href\n=\n'/x'>y</a>", "<a href>y</a>",
      "<a href=>y</a>", "<a href= >y</a>", "<a href=\"\">y</a>", "<a href='a\"b'>y</a>", "<a href=\"a'b\">y</a>",
      "<a href=\"a\nb\">y</a>", "<a href=\"a\tb\">y</a>", "<a href=\" x \">y</a>", "<a href=a=b>y</a>",
      "<a href=\"&amp;&lt;&#38;&#x26;\">y</a>", "<a href=\"&amp\">y</a>", "<a href=\"&#0;x\">y</a>",
      "<a href=\"&#x41\">y</a>", "<a title=\"&#0;\" href=\"/z\">y</a>", "<a title=\"a>b\">y</a>", "<a title=a>b>y</a>",
      "<img alt=\"\u{1F600}\">", "<img alt=\"\u{FFFD}\u{85}\u{2028}\">", "<img alt=x/>", "<img alt=x />",
      "<img src=x alt>", "<img alt alt=\"b\">", "<p a-b=1 c-=2 d1=3>x</p>", "<p a=\"1\"b=\"2\">x</p>",
      "<a href=\"1\"href=\"2\">x</a>", "<p class=\"\u{E9}\">x</p>", "<a href=\"x\"/>y", "<a/>y", "<b/>y",
      "<a href=\"/x\" alt=\"t\">y</a>", "<a alt=\"t\">y</a>", "<img href=\"h\" alt=\"a\">",
      "<a hrefx=\"1\" href=\"2\">y</a>", "<a hre=\"1\">y</a>", "<a href-=\"1\">y</a>",
      String(repeating: "<p " + String(repeating: "a", count: 64) + "=1>x</p>", count: 1),
      "<p " + String(repeating: "a", count: 65) + "=1>x</p>",
      "<p " + (1...32).map { "a\($0)=1" }.joined(separator: " ") + ">x</p>",
      // Comments.
      "<p>a<!---->b</p>", "<p>a<!-- -- -->b</p>", "<p>a<!-- x --!>b</p>", "<p>a<!--->b-->c</p>", "<p>a<!-->b-->c</p>",
      "<p>a<!---x-->b</p>", "<p>a<!--x--->b</p>", "<p>a<!-- > -->b</p>", "<p>a<!--\u{E9}-->b</p>", "<p>a<!--", "<p>a<!--x-",
      "<p>a<!--x--", "<b>a</b><!-- c --> <b>b</b>", "<div><!-- c --> <b>b</b></div>", "<ul><!-- c --> <li>x</li></ul>",
      "<ul><li>x</li><!-- c --> <li>y</li></ul>", "<p>x<!-- c --> </p>", "<!-- c --><p>x</p><!-- d -->", "<p>x</p> <!-- d --> ",
      // Doctypes.
      "<!DOCTYPE html><p>x", "<!doctype html><p>x", "<!DOCTYPE  html  ><p>x", "<!DOCTYPE\nhtml\n><p>x",
      "<!DOCTYPEhtml><p>x", "<!DOCTYPE html5><p>x", "<!DOCTYPE h-t><p>x", "<!DOCTYPE html>\n<!DOCTYPE html><p>x",
      "<p>x<!DOCTYPE html>y</p>",
      // Style and script.
      "<style>a<b</style><p>x", "<head><style>a<b</style></head><p>x", "<head><style>a</styl</style></head>",
      "<head><style>a</style ></head>", "<head><STYLE>a</STYLE></head>", "<head><style>a</STYLE></head>",
      "<head><style>a</stylex></style></head>", "<head><style>\n<b>x</b></style></head>", "<head><style><b>x</style></head>",
      "<head><style></style></head>", "<head><style>&amp;</style></head>", "<head><script>a</script><script>b</script></head>",
      "<body><script>x</script>y</body>", "<body><style>x</style> <b>y</b></body>", "<p><script>x</script> <b>y</b></p>",
      "<head><style>" + String(repeating: "x", count: 999) + "</style></head>",
      "<head><style>" + String(repeating: "x", count: 1001) + "</style></head>",
      "<head><style>" + String(repeating: "\u{E9}", count: 600) + "</style></head>",
      "<head><title>a</title></head><body>b</body>", "<head><title> </title></head>", "<head><title>a<b>c</b></title></head>",
      // head, body, html in odd places.
      "<html><head></head><head></head><body>x", "<html><body></body><body>x</body>", "<html><body></body></html><p>x",
      "<html><body></body></html> ", "<html><body></body></html>\n<!-- c -->", "<html></html> <html><body>x",
      "<body></body><head></head>", "<html><head></head><title>t</title><body>x", "<html><head></head><meta><body>x",
      "<html><body></body><title>t</title>", "<html><head><title>a</title></head>\n<body>\n<p>x</p>\n</body>\n</html>\n",
      "<head></head><body>x", "<html><head></head></html><body>x", "<html><body>x</body><p>y</p></html>",
      "<div><body>x</body></div>", "<html><br><p>x", "<html> <br>", "<p>a</p></html>", "</p>", "</html>",
      "<html></html></html>", "<table><html></table>",
      // Tables and white space.
      "<table> <tr> <td> a </td> <td> b </td> </tr> </table>", "<table><tbody> <tr><th>a</th> <th>b</th></tr> </tbody></table>",
      "<table><caption> c </caption> <tr><td>x</td></tr></table>", "<table>\n<thead>\n<tr>\n<td>a</td></tr>\n</thead></table>",
      "<ul> <li> a </li> <li> b </li> </ul>", "<dl> <dt> a </dt> <dd> b </dd> </dl>", "<p> <b> x </b> <i> y </i> </p>",
      "<div> <span> </span> </div>", "<div><img> <br> <hr> </div>", "<p><img> x</p>", "<span><br> </span>",
      "<p>\t</p>", "<p>\n</p>\n", "<b> </b>", "<tr> </tr>", "<td> </td>", "<font> <b>x</b></font>", "<center> x </center>",
      // Nesting.
      String(repeating: "<div>", count: 198) + "x", String(repeating: "<div>", count: 199) + "x",
      String(repeating: "<span>", count: 199) + "x" + String(repeating: "</span>", count: 199),
      String(repeating: "<br>", count: 199), String(repeating: "<b>x</b>", count: 199),
      // Names near the list.
      "<p>x</p><P>y</P>", "<h7>x</h7>", "<h1>x</h1>", "<tbody>x</tbody>", "<td>x</td>", "<li>x</li>", "<dd>x</dd>", "<dt>x",
      "<caption>x</caption>", "<thead><tr><td>x", "<a:b>x</a:b>", "<a_b>x</a_b>", "<a.b>x</a.b>", "<a-b>x</a-b>", "<p1>x</p1>",
      "<pre>x</pre>", "<textarea>x</textarea>", "<section>x</section>", "<b><section>x</section></b>", "<label>x</label>",
      "<p>x</p\n>", "<p>x</ p>", "<p>x</p x>", "<p >x</p>", "<p\n>x</p>", "<p\t/>x", "<p/ >x", "<br/x>", "<br / >",
      // Non-ASCII.
      "<p>\u{FFFD}</p>", "<p>\u{85}</p>", "<p>\u{2028}\u{2029}</p>", "<p>\u{1F600}\u{10FFFF}</p>", "<p>\u{A0}</p>",
      "<p>\u{A0} <b>x</b></p>", "<div>\u{3000}<b>x</b></div>", "<p>\u{E9}&\u{E9}</p>", "<p>a\u{FEFF}b</p>", "\u{FEFF}<p>x",
      "<p>\u{1FFFE}</p>", "<p>\u{7F}</p>", "<p>\u{80}\u{9F}</p>", "<p \u{E9}=1>x</p>", "<p a\u{E9}=1>x</p>",
      "<p>\u{E9}</p>\u{E9}", "\u{E9}<p>x", "<p\u{E9}>x</p>",
      // Text after the end.
      "<html><body>x</body></html>y", "<p>x</p>y", "<html><body>x</body></html>&amp;", "<html><body>x</body></html>&",
      "<html><body>x</body></html> &amp;",
      // White space runs near a thousand.
      "<p>x" + String(repeating: " ", count: 999) + "<b>y</b></p>",
      "<p>x" + String(repeating: " ", count: 1000) + "<b>y</b></p>",
      "<p>x" + String(repeating: " ", count: 1001) + "<b>y</b></p>",
      "<div><br>" + String(repeating: " ", count: 999) + "<br></div>",
      "<div><br>" + String(repeating: " ", count: 1000) + "<br></div>",
      "<div><br>" + String(repeating: "\u{E9}", count: 499) + "<br></div>",
      "<div><br>x" + String(repeating: " ", count: 998) + "</div>",
      "<div><br>x" + String(repeating: " ", count: 999) + "</div>",
      "<div><br>x" + String(repeating: " ", count: 1000) + "</div>",
      "<div><br>x" + String(repeating: " ", count: 1999) + "</div>",
      "<div><br>x" + String(repeating: " ", count: 2000) + "<br></div>",
      "<div><br>" + String(repeating: "\u{E9}", count: 500) + String(repeating: " ", count: 10) + "<br></div>",
      "<div><br>x" + String(repeating: "\u{1F600}", count: 250) + String(repeating: " ", count: 10) + "<br></div>",
      "<tr>" + String(repeating: " ", count: 999) + "</tr>", "<ul>" + String(repeating: "\n", count: 999) + "<li>x</li></ul>",
      "<p>" + String(repeating: "a", count: 999) + "&amp;" + String(repeating: " ", count: 999) + "</p>",
      "<p>x" + String(repeating: " ", count: 999), "<p>x" + String(repeating: " ", count: 1000) + "</p>",
      "<p>" + String(repeating: "x", count: 999) + " ", "<p>" + String(repeating: "x", count: 1000) + " </p>",
      "<p>" + String(repeating: "x", count: 1000) + " &amp;", "<p>" + String(repeating: "\u{E9}", count: 499) + "x ",
      "<p>" + String(repeating: "x", count: 1000) + "  <!-- c -->",
    ]
    // Each entity name, and its upper case.
    for name in [
      "amp", "lt", "gt", "quot", "nbsp", "iexcl", "yuml", "OElig", "fnof", "Alpha", "alefsym", "lArr", "loz",
      "spades", "ensp", "lrm", "rlm", "sbquo", "permil", "lsaquo", "euro", "trade", "image", "weierp", "real", "sigmaf", "piv",
      "upsih", "thetasym", "oline", "frasl", "prime", "Prime", "crarr", "empty", "nabla", "isin", "notin", "ni", "prod", "sum",
      "minus", "lowast", "radic", "prop", "infin", "ang", "and", "or", "cap", "cup", "int", "there4", "sim", "cong", "asymp",
      "ne", "equiv", "le", "ge", "sub", "sup", "nsub", "sube", "supe", "oplus", "otimes", "perp", "sdot", "lceil", "rceil",
      "lfloor", "rfloor", "lang", "rang", "hearts", "diams", "clubs", "circ", "tilde", "thinsp", "zwnj", "zwj", "ndash",
      "mdash", "lsquo", "rsquo", "ldquo", "rdquo", "bdquo", "dagger", "Dagger", "bull", "hellip", "apos", "shy", "macr",
      "AElig", "szlig", "eth", "ETH", "thorn", "THORN", "Yuml", "Scaron", "scaron", "ordf", "ordm", "sup1", "frac14",
      "frac12", "frac34", "times", "divide", "Omicron", "omicron", "upsilon", "Upsilon", "yen", "brvbar", "uml", "not",
      "reg", "deg", "plusmn", "sup2", "sup3", "acute", "micro", "para", "middot", "cedil", "raquo", "laquo", "iquest",
      "cent", "pound", "curren", "sect", "copy", "hArr", "harr", "uarr", "darr", "rarr", "larr", "uArr", "dArr", "rArr",
      "part", "forall", "exist", "lowast", "nbs", "ampx", "Amp", "NBSP", "Euro", "LT", "GT", "QUOT", "COPY", "REG",
    ] {
      cases.append("<p>&\(name);</p>")
      cases.append("<p>&\(name)</p>")
      cases.append("<a href=\"?&\(name);\">x</a>")
    }
    return cases
  }()

  /// A text run of 1,000 bytes or more that ends the document with white space: libxml2's
  /// htmlParseCharData hands text over in buffers of 1,000 bytes, and areBlanks drops the last
  /// one when it is all white space and nothing follows (`CUR == 0`); the reading kept it.
  @Test func longTextEndingInBlanksIsReadAsLibxml2ReadsIt() {
    let cases = [
      "<p>x" + String(repeating: " ", count: 1000), "<p>" + String(repeating: "x", count: 1000) + " ",
      "<p>" + String(repeating: "x", count: 2000) + "\n", "<p>" + String(repeating: "\u{E9}", count: 500) + " ",
      "<p>" + String(repeating: "\u{1F600}", count: 250) + " ", "<p>a&amp;" + String(repeating: "b", count: 1000) + "\t",
    ]
    var taken = 0
    for html in cases {
      #expect(Self.agrees(html, taken: &taken), "\(html.debugDescription)")
    }
  }

  @Test func handWrittenEdgesAreReadAsLibxml2ReadsThem() {
    var taken = 0
    for html in Self.handWritten {
      #expect(Self.agrees(html, taken: &taken), "\(html.debugDescription)")
    }
    // Most are taken: the comparison is not vacuous.
    #expect(taken > Self.handWritten.count / 2)
  }

  /// Token soups: tags of elements in and out of the list with odd attributes, references,
  /// comments, white space runs, non-ASCII: 20,000 of them.
  @Test func tokenSoupsAreReadAsLibxml2ReadsThem() {
    var seed: UInt64 = 0x484F_5354
    func next() -> Int {
      seed = seed &* 2_862_933_555_777_941_757 &+ 3_037_000_493
      return Int(truncatingIfNeeded: (seed >> 29) & 0x7FFF_FFFF)
    }
    func pick(_ options: [String]) -> String { options[next() % options.count] }
    let names =
      SimpleHTMLReading.names + [
        "P", "TD", "Li", "B", "pre", "label", "form", "input", "nav", "o:p", "area",
        "link", "base", "col", "frame", "select", "option", "iframe", "noscript", "abbr", "q", "ins", "del",
      ]
    let attributes = [
      "", "", " href=\"/h\"", " HREF=/U", " href", " href=", " href=''", " alt=\"&lt;&#38;\"", " Alt=a/b", " alt=a\u{E9}",
      " href=\"/a\" Href=\"/b\"", " alt='1' ALT='2'", " x=\"a'b\"", " x='a\"b'", " x = y", " x=\n\"y\"", " y", "/",
      " href=\"&#x1F600;\"", " href=\"&nbsp;x\"", " alt=\"\u{2028}\"", " id=a-b", " data-1=2", " a=b/c", " \t\nx=1",
      " href=\"&amp;amp;\"", " href=\"&#x10FFFF;\"", " href=\"&#1114112;\"", " href=\"a&b\"", " alt=\"&copy\"",
    ]
    let texts = [
      "x", "word", " ", "  ", "\n", "\t", "&", "&;", "&amp;", "&amp", "&AMP;", "&#65;", "&#x41;", "&#x0041;", "&#0;", "&#x85;",
      "&nbsp;", "&nbsp", "&a.b;", "&a:b", "&_1;", "&hellip;", "&mdash;x", "\u{E9}", "\u{FFFD}", "\u{85}", "\u{2028}",
      "\u{1F600}", "\u{A0}", "<!---->", "<!-- c -->", "<!-- a -- b -->", "<!--x--!>", "<", "<3", ">", "=", "\"", "'",
      "</>", "<!DOCTYPE html>", "<?x?>", "]]>", "a b", "&lt;&gt;",
    ]
    func tag() -> String {
      let name = pick(names)
      switch next() % 6 {
      case 0: return "</\(name)>"
      case 1: return "<\(name)\(pick(attributes))/>"
      default: return "<\(name)\(pick(attributes))>"
      }
    }
    func blanks() -> String {
      let count = [1, 2, 998, 999, 1000, 1001, 1999][next() % 7]
      return String(repeating: pick([" ", "\n", "\t"]), count: count)
    }
    func soup() -> String {
      var out = pick(["", "", " ", "<!DOCTYPE html>", "<!-- c -->", "<html>", "<html><head>", "<html><body>", "<body>"])
      for _ in 0..<(1 + next() % 30) {
        switch next() % 10 {
        case 0, 1, 2, 3: out += tag()
        case 4, 5, 6: out += pick(texts)
        case 7: out += pick([" ", "\n", " \n "])
        case 8: out += next() % 10 == 0 ? blanks() : pick(["<style>p{}</style>", "<script>a<b</script>", "<style/>"])
        default: out += pick(["</body>", "</html>", "</head>", "<head>", "<body>", "<html>", "<br>", "<img alt=\"i\">"])
        }
      }
      return out
    }
    /// A document programs write, nested properly, with closers chosen to stay simple.
    func nested(_ depth: Int) -> String {
      var out = ""
      for _ in 0..<(next() % 4) {
        switch next() % 6 {
        case 0 where depth < 8:
          let name = pick(["div", "span", "b", "i", "a", "font", "td", "li", "ul", "table", "tr", "p", "center", "em", "h2"])
          out += "<\(name)\(pick(attributes))>" + nested(depth + 1) + "</\(name)>"
        case 1: out += pick(texts)
        case 2: out += pick(["<br>", "<img alt=x>", "<hr/>", "<!-- c -->"])
        case 3: out += next() % 8 == 0 ? blanks() : pick([" ", "\n ", "\t"])
        default: out += pick(texts) + pick([" ", ""]) + pick(texts)
        }
      }
      return out
    }
    let rounds = 20_000
    var taken = 0
    var failures = 0
    for round in 0..<rounds {
      let html =
        round % 2 == 0
        ? soup()
        : pick(["", "<html><body>", "<body>", "<!DOCTYPE html>\n<html>\n<body>\n"]) + nested(0)
          + pick(["", "</body></html>", "</body>\n</html>\n", "\n"])
      if !Self.agrees(html, taken: &taken) {
        failures += 1
        if failures <= 20 { Issue.record("\(html.debugDescription)") }
      }
    }
    #expect(failures == 0 && taken > rounds / 20)
  }

  /// The hand-written documents with bytes that change how HTML reads put in, taken away or
  /// replaced at random: 20,000 of them.
  @Test func mutatedEdgesAreReadAsLibxml2ReadsThem() {
    var seed: UInt64 = 0x4D55_5441
    func next() -> Int {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(truncatingIfNeeded: (seed >> 33) & 0x7FFF_FFFF)
    }
    let insertions: [[UInt8]] = [
      "<", ">", "/", "&", ";", "#", "x", "\"", "'", "=", " ", "\n", "\t", "-", "!", ":", ".", "_", "0",
      "9", "A", "a", "p", "b", "\u{E9}", "\u{85}", "\u{2028}", "\u{FFFD}", "\u{1F600}", "</p>", "<p>", "<b>", "</b>", "<br>",
      "&amp;", "&#", "<!--", "-->", "</style>", "<style>", "<head>", "</head>", "<body>", "</body>", "<html>", "</html>",
      "<td>", "<tr>", "<table>", "<a href=", "alt", "<img ",
    ].map { Array($0.utf8) }
    let rounds = 20_000
    var taken = 0
    var failures = 0
    for _ in 0..<rounds {
      var bytes = Array(Self.handWritten[next() % Self.handWritten.count].utf8)
      for _ in 0..<(1 + next() % 4) {
        let at = next() % (bytes.count + 1)
        switch next() % 3 {
        case 0: bytes.insert(contentsOf: insertions[next() % insertions.count], at: at)
        case 1 where at < bytes.count: bytes.remove(at: at)
        default: if at < bytes.count { bytes.replaceSubrange(at...at, with: insertions[next() % insertions.count]) }
        }
      }
      let html = String(decoding: bytes, as: UTF8.self)
      if !Self.agrees(html, taken: &taken) {
        failures += 1
        if failures <= 20 { Issue.record("\(html.debugDescription)") }
      }
    }
    #expect(failures == 0 && taken > rounds / 20)
  }

  /// Long documents of many short text runs between references, with no `<` after them: each
  /// run looked for the next `<` to the end of the document (quadratic: 2.4 s of CPU for 1 MB
  /// in a debug build, 18 times libxml2). A document eight times as long must cost about eight
  /// times the CPU, not sixty-four: measured as the thread's CPU time, which a loaded machine
  /// does not stretch, with 0.1 s of slack for timings that short.
  @Test func longReferenceSoupsAreReadInLinearTime() {
    for unit in ["& ", "x&amp;", "x&#65;", "x&zz "] {
      func cost(_ bytes: Int) -> Double {
        let html = "<p>" + String(repeating: unit, count: bytes / unit.utf8.count)
        let (log, seconds) = ThreadCPUTime.measure { SimpleHTMLReading.log(of: html) }
        #expect(log != nil, "\(unit.debugDescription) documents are taken")
        return seconds
      }
      let eighth = cost(123_750)
      let whole = cost(990_000)
      #expect(whole < 20 * eighth + 0.1, "\(unit.debugDescription): \(eighth) s, then \(whole) s for eight times as much")
    }
  }

  /// Every pair of elements of the list (and some not in it), the second in the first, in
  /// shapes that test htmlAutoClose, htmlCheckImplied and areBlanks.
  @Test func everyPairOfElementsIsReadAsLibxml2ReadsIt() {
    let names = SimpleHTMLReading.names + ["pre", "label", "form", "link", "base", "noscript", "abbr"]
    let shapes = [
      "<A>x<B>y</B>z</A>", "<body><A> <B> </B> </A> ", "<html><head></head><A>\n<B>y</B>\n<b>q</b></A>",
      "<html><A><B>y</B></A>", "<head><A><B>y</B></A></head><body>t", "<A/><B>y</B> <i>z</i>", "<A><!-- c --> <B/> <b>x</b></A>",
      "<html><body></body><A> <B> </B> </A>", "<html><head></head><body></body></html><A><B>y",
      "<table><A> <B>y</B> </A></table>", "<p><A> <B> y</B></A></p>", "<A><B></B> <br> </A>", "<A> <B></B>\n&amp; </A>",
    ]
    var taken = 0
    var failures = 0
    for a in names {
      for b in names {
        for shape in shapes {
          let html = shape.split(separator: "A", omittingEmptySubsequences: false).joined(separator: a)
            .split(separator: "B", omittingEmptySubsequences: false).joined(separator: b)
          if !Self.agrees(html, taken: &taken) {
            failures += 1
            if failures <= 30 { Issue.record("\(html.debugDescription)") }
          }
        }
      }
    }
    #expect(failures == 0 && taken > 1_000)
  }

  /// Start tags of `a` and `img` with attribute text made at random from the bytes that
  /// matter to htmlParseStartTag, htmlParseAttValue and htmlParseHTMLAttribute;
  /// 20,000 of them.
  @Test func randomAttributesAreReadAsLibxml2ReadsThem() {
    var seed: UInt64 = 0x4154_5452
    func next() -> Int {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(truncatingIfNeeded: (seed >> 33) & 0x7FFF_FFFF)
    }
    let pieces = [
      " ", " ", "\n", "\t", "=", "=", "\"", "'", "/", "href", "HREF", "alt", "Alt", "x", "a-b", "1", "&", "&amp;", "&lt", "&#",
      "&#x41;", "&#65;", "&#0;", "&#x10FFFF;", "&nbsp;", "&a.b;", ";", ":", ".", "_", "\u{E9}", "\u{85}", "\u{FFFD}", "\u{1F600}",
      "?q=1", "#f", "<", ">", "/>", "href=\"/p\"", "alt='t'", "href=", "alt=",
    ]
    let rounds = 20_000
    var taken = 0
    var failures = 0
    for round in 0..<rounds {
      var attributes = ""
      for _ in 0..<(1 + next() % 10) { attributes += pieces[next() % pieces.count] }
      let html =
        round % 2 == 0 ? "<p><a \(attributes)>x</a> y</p>" : "<div><img \(attributes)> <img alt=\"z\"></div>"
      if !Self.agrees(html, taken: &taken) {
        failures += 1
        if failures <= 30 { Issue.record("\(html.debugDescription)") }
      }
    }
    #expect(failures == 0 && taken > rounds / 20)
  }
}
