@_spi(RootmailHost) import RootmailKit
import Testing

@_spi(RootmailHost) @testable import RootmailMIME

/// HTML mail is read without libxml2 when it is simple (`SimpleHTMLReading`): for every
/// document it takes, the log it writes is the one libxml2's reading writes (`rm_html_read`),
/// so the text and links shown are the same.
@Suite struct SimpleHTMLReadingTests {
  /// The reading of `html` without libxml2, checked against libxml2's; nil when not simple.
  static func checked(_ html: String, sourceLocation: SourceLocation = #_sourceLocation) -> [UInt8]? {
    guard let simple = SimpleHTMLReading.log(of: html) else { return nil }
    let libxml2 = HTMLText.libxml2Log(of: html)
    #expect(libxml2 == simple, "\(html.debugDescription)", sourceLocation: sourceLocation)
    return simple
  }

  @Test func htmlMailAsProgramsWriteItIsReadWithoutLibxml2() {
    let documents = [
      // The benchmark's two HTML-only shapes.
      "<html><head><style>p{margin:0}</style></head><body><p>account billing <a href=\"https://aws.amazon.com/a/1\">"
        + "invoice</a></p><p>root user</p></body></html>",
      "<html><body><p>Dear AWS Customer,</p><p><a href=\"https://signin.aws.amazon.com/resetpassword?type=RootUser"
        + "&amp;token=00ff\">reset</a></p><p>quota</p></body></html>\n",
      // A table layout with a doctype, meta, entities, an image, comments and white space.
      """
      <!DOCTYPE html>
      <html lang="en">
      <head>
        <meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
        <title>Your AWS account</title>
        <style type="text/css">td { padding: 0 }</style>
      </head>
      <body style="margin:0">
        <!-- header -->
        <table width=100% cellpadding="0"><tbody>
          <tr><td align=center><img src="https://a.example/logo.png" alt="AWS &amp; you"></td></tr>
          <tr><td>Hello &ndash; your account&rsquo;s root user: <b>ready</b>&nbsp;now &#8212; &#x2713; &copy; 2026.
            <br>Q&A: a &lt; b &gt; c &unknown; &amp</td></tr>
          <tr><td><ul><li>one</li><li>two <i>2</i></li></ul><h1>Title</h1><p>Text <a href='/x?a=1&amp;b=2'>link</a> after</p></td></tr>
        </tbody></table>
        <div><span>Grüße ✓</span> <small>x</small>  </div>
      </body>
      </html>
      """,
      "<p>no html element<br/>line two</p>",
      "<div>a<!-- c --> <b>b</b> <i>c</i></div>",
      // A `>` in a quoted value, `]]>` in text, a tab, code points at the ends of Unicode.
      "<p><a title=\"a>b\" href=\"/x\">y</a> a ]]> b\tc &#x10FFFF;&#128512;&#xFFFD;</p>",
      // White space between cells and rows (kept after a cell, dropped after a row).
      "<table>\n<tr>\n<td>a</td>\n<td>b</td>\n</tr>\n</table>",
    ]
    for html in documents {
      #expect(Self.checked(html) != nil, "\(html.debugDescription)")
    }
    // The text is the one libxml2's reading gives (the logs are equal, so is what they make).
    let text = HTMLText.convert(documents[2]).text
    #expect(text.contains("Hello – your account’s root user: ready now — ✓ © 2026."))
    #expect(text.contains("Q&A: a < b > c &unknown; &amp"))
  }

  /// HTML libxml2 reads in ways this reading does not follow: left to libxml2 (nil).
  @Test func htmlLibxml2ReadsItsOwnWayIsLeftToIt() {
    let cases = [
      "<p>a<div>b</div></p>",  // a div closes the paragraph
      "<p>a<p>b",  // a paragraph closes the one before
      "<html><html><p>x",  // a second html is dropped
      "<style>x</style><p>y",  // a style first opens a head that stays open
      "text first",  // text outside any element opens a paragraph
      "<html>text<body>",  // text in html
      "<b>x</i></b>",  // an end tag closing nothing
      "<br></br>",  // an end tag of an empty element
      "<o:p>x</o:p>",  // a prefix
      "<p>a\r\nb</p>",  // carriage returns
      "<p>x</p><!-- a -- b -->",  // `--` in a comment
      "<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01//EN\"><body> <p>x",  // a doctype with an identifier
      "<p>x &#0; y</p>", "<p>x &#xD800; y</p>",  // references libxml2 drops
      "<script>if (a < b) {}</div></script>",  // an end tag inside a script
      "<p>" + String(repeating: " ", count: 1000) + "<b>x</b></p>",  // white space past a run
      "<p>a < b</p>",  // a `<` that starts nothing
      "<a href=\"&bogus;\">x</a>",  // an href with a reference read as written
      "<textarea>x</textarea>",  // an element not in the list
    ]
    for html in cases {
      #expect(SimpleHTMLReading.log(of: html) == nil, "\(html.debugDescription)")
    }
  }

  /// Random documents, nested as programs write them and from loose pieces (elements in and
  /// out of the list, quotes, references, comments, white space, a doctype, head, style):
  /// whenever the reading takes one, its log is libxml2's.
  @Test func randomHTMLIsReadAsLibxml2ReadsIt() {
    var seed: UInt64 = 0x5349_4D50
    func next() -> Int {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(truncatingIfNeeded: seed >> 33)
    }
    func pick(_ options: [String]) -> String { options[next() % options.count] }
    let elements = [
      "p", "a", "div", "span", "b", "i", "u", "em", "strong", "font", "table", "tbody", "thead", "tfoot", "tr", "td", "th",
      "ul", "ol", "li", "h1", "h3", "center", "small", "sup", "sub", "blockquote", "code", "s", "strike", "big", "tt",
      "caption", "dl", "dt", "dd", "title", "P", "Td", "textarea", "pre", "section",
    ]
    let voids = ["<br>", "<br/>", "<BR />", "<hr>", "<img src=x alt=\"a&amp;b\">", "<img alt>", "<meta charset=\"utf-8\">"]
    let texts = [
      "text", " ", "\n", "  \t", "word word", "&amp;", "&nbsp;", "&AMP;", "&copy", "&rsquo;", "&#8212;", "&#x41;", "&x;",
      "&", "& ", "é", "✓", "a:b", ">", "'\"", "&#65", "&lt;p&gt;", "<!-- c -->", "<!---->", "Q&A", "&a.b;", "&a:b;",
      "&_x;", "&#x2713;", "&#9;", "&#65;&#66;", "&amp;&amp;", "</P>", "<!-- x --->",
    ]
    let attributes = [
      "", " class=\"x\"", " href=\"https://a.example/?a=1&amp;b=2\"", " HREF='/y'", " href=z", " href", " href=\"\"",
      " alt=\"pic &#233;\"", " alt=''", " style=\"color:red\"", " width=100%", " nowrap", " a=\"1\"b=\"2\"",
      " href=\"/1\" href=\"/2\"", " data-x = 'y'", " x=a/", " href=\" /s \"", " href = \"/sp\"", " ALT=\"A\" alt=\"b\"",
      " href=\"a&#38;b\"", " href=\"&copy;\"", " alt=\"&gt;\"\n", "\tid=q",
    ]
    func element(_ depth: Int) -> String {
      var out = ""
      for _ in 0..<(next() % 4) {
        switch next() % 5 {
        case 0: out += pick(texts)
        case 1: out += pick(voids)
        case 2 where depth < 6:
          let name = pick(elements)
          out += "<\(name)\(pick(attributes))>" + element(depth + 1) + (next() % 8 == 0 ? "" : "</\(name)>")
        case 3: out += pick([" ", "\n", "", "  "])
        default: out += pick(texts) + pick(texts)
        }
      }
      return out
    }
    func document() -> String {
      var out = pick(["", "", " \n", "<!-- top -->", "<!DOCTYPE html>\n", "<!doctype HTML >", "<!DOCTYPE html SYSTEM \"x\">"])
      let html = next() % 4 != 0
      if html { out += pick(["<html>", "<HTML lang=\"en\">", "<html>\n"]) }
      if next() % 2 == 0 {
        out +=
          "<head>" + pick(["", "<title>T &amp; t</title>", "<meta name=x content=\"y\">", "\n "])
          + pick(["", "<style>p{margin:0}</style>", "<style type=\"text/css\">\n</style>", "<STYLE></style>", "<style/>"])
          + pick(["", "<script>var a = 1;</script>", "<script></SCRIPT>"]) + pick(["</head>", "</head>\n", ""])
      }
      if next() % 3 != 0 { out += pick(["<body>", "<body bgcolor=white>", "\n<body>\n"]) }
      out += element(0)
      out += pick(["", "</body>", "</body>\n", "</body></html>", "</body>\n</html>\n", "</html>", "</body> x"])
      return out
    }
    let pieces = [
      "<html>", "</html>", "<head>", "</head>", "<body>", "</body>", "<p>", "</p>", "<div>", "</div>", "<a href=\"/a\">",
      "</a>", "<td>", "</td>", "<tr>", "</tr>", "<table>", "</table>", "<li>", "</li>", "<ul>", "</ul>", "<br>", "<b>",
      "</b>", "<style>x</style>", "<title>t</title>", "<!-- c -->", "text", " ", "\n", "&amp;", "&nbsp;", "<", "<!DOCTYPE html>",
      "<h1>", "</h1>", "<span>", "</span>", "<script>s</script>", "<style/>", "<title/>", "<p/>", "&#1;", "é",
    ]
    // Bytes that change how HTML reads, put into documents at random.
    let mutations = Array("<>/&;#\"'= \n\tabpx!-:._0A\u{E9}".utf8)
    func mutated(_ html: String) -> String {
      var bytes = Array(html.utf8)
      for _ in 0..<(1 + next() % 3) {
        let at = bytes.isEmpty ? 0 : next() % (bytes.count + 1)
        switch next() % 3 {
        case 0: bytes.insert(mutations[next() % mutations.count], at: at)
        case 1 where at < bytes.count: bytes.remove(at: at)
        default: if at < bytes.count { bytes[at] = mutations[next() % mutations.count] }
        }
      }
      return String(decoding: bytes, as: UTF8.self)
    }
    var simple = 0
    for round in 0..<40_000 {
      let html =
        switch round % 4 {
        case 0: (0..<(1 + next() % 24)).map { _ in pick(pieces) }.joined()
        case 1: mutated(document())
        default: document()
        }
      if Self.checked(html) != nil { simple += 1 }
    }
    // Most programmatic documents are taken (the check above is not vacuous).
    #expect(simple > 5_000)
  }
}
