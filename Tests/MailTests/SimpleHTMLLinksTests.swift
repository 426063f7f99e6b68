@_spi(RootmailHost) import RootmailKit
import Testing

@_spi(RootmailHost) @testable import RootmailMIME
@_spi(RootmailHost) @testable import RootmailPluginMail

/// `MailBody.links` reads simple HTML parts without libxml2 (`SimpleHTMLLinks`): for every
/// HTML it takes, the links are the ones reading the part as text gives (its links, then the
/// URLs in its text).
@Suite struct SimpleHTMLLinksTests {
  /// The links of `html` read as text by libxml2, as `MailBody.links` took them.
  static func linksReadAsText(_ html: String) -> [String] {
    let read = HTMLText.convert(html)
    var links = LinkList()
    for l in read.links { links.add(l) }
    for l in MailLinks.find(in: read.text) { links.add(l) }
    return links.links
  }

  @Test func aMailsAlternativeIsReadWithoutLibxml2() {
    let html =
      "<html><head><style>p{margin:0}</style></head><body><p>account billing <a href=\"https://aws.amazon.com/a/1\">a</a>"
      + "</p><p>x <a href='https://e.example/?a=1&amp;b=2'>b</a> <a href=\"#top\">t</a></p></body></html>"
    #expect(SimpleHTMLLinks.hrefs(html) == ["https://aws.amazon.com/a/1", "https://e.example/?a=1&b=2"])
    #expect(SimpleHTMLLinks.hrefs(html) == Self.linksReadAsText(html))
    // A URL in the text, an entity that could write a colon, an unknown element: read whole.
    #expect(SimpleHTMLLinks.hrefs("<p>see https://x.example/</p>") == nil)
    #expect(SimpleHTMLLinks.hrefs("<p>a&#58;b</p>") == nil)
    #expect(SimpleHTMLLinks.hrefs("<meta charset=utf-16><p>a</p>") == nil)
    // A style first opens a head that stays open: the link after it is in the head.
    let inHead = "<style>p{}</style><td><a href=\"https://a.example/\">a</a>"
    #expect(Self.linksReadAsText(inHead) == [])
    #expect(SimpleHTMLLinks.hrefs(inHead) == nil)
  }

  /// HTML libxml2 reads otherwise than it looks: read whole (nil), never links that differ.
  @Test func htmlLibxml2ReadsOtherwiseIsReadWhole() {
    let long = String(repeating: "q", count: 100)
    let cases = [
      // libxml2 cuts an attribute name at 100 bytes: the rest is an `href` of its own.
      "<a \(long)href=\"https://q.example/\">a</a>",
      // `<style/>` is empty: the URL after it is text.
      "<p>x</p><style/>https://s.example/</style>", "<p>x</p><script/>https://s.example/</script>",
      "<head><title/>https://t.example/</title></head><p>x",
      // A second `html` tag is dropped, and so is the `</head>` after it: the `th` and the
      // link are in the head.
      "<html><HTML><head></head><th h=''><a href=\"/\">",
    ]
    for html in cases {
      #expect(SimpleHTMLLinks.hrefs(html) == nil, "\(html.debugDescription)")
      #expect(SimpleHTMLLinks.hrefs(html).map { $0 == Self.linksReadAsText(html) } ?? true, "\(html.debugDescription)")
    }
    // Attributes are compared with the ones before them: a tag of thousands is not read.
    let many = "<p" + (0..<33).map { " a\($0)" }.joined() + "><a href=\"https://m.example/\">"
    #expect(SimpleHTMLLinks.hrefs(many) == nil)
    var huge = "<p"
    while huge.utf8.count < 990_000 { huge += " a\(huge.utf8.count)" }
    #expect(SimpleHTMLLinks.hrefs(huge + ">") == nil)
  }

  /// Random HTML from the pieces the reading decides on (elements in and out of its list,
  /// quotes, references, colons, comments, a doctype, head, title, style, script): whenever it
  /// gives links, they are the links read as text.
  @Test func randomHTMLGivesTheLinksReadAsText() {
    var seed: UInt64 = 0x4854_4D4C
    func next() -> Int {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(truncatingIfNeeded: seed >> 33)
    }
    let pieces = [
      "<html>", "</html>", "<head>", "</head>", "<body>", "</body>", "<title>T: t</title>", "<style>p{a:b}</style>",
      "<script>var a = 1;</script>", "<STYLE>x</style >", "<p>", "</p>", "<div>", "</div>", "<br>", "<br/>", "<hr />",
      "<a href=\"https://a.example/1\">", "<a href='https://b.example/?x=1&amp;y=2'>", "<A HREF=\" https://c.example \">",
      "<a href=\"#frag\">", "<a href=\"\">", "<a name=x>", "<a href=\"https://d.example/&copy;\">", "<a href=https://u.example>",
      "<a href=\"https://a.example/1\" href=\"https://z.example\">", "</a>", "<img alt=\"pic\">", "<img alt=\"a:b\">",
      "<img src=\"https://i.example/p.png\" alt='x'>", "<td nowrap>", "<o:p>", "</o:p>", "<meta charset=\"x\">",
      "<!-- c -->", "<!--[if mso]><p>x</p><![endif]-->", "<!-- a -- b -->", "<!DOCTYPE html>", "<!doctype x \"y\">",
      "text ", "account billing ", "a: b", "https://t.example/x ", "&amp; ", "&#58;", "&nbsp;", " ", "\n", "\t", "<", ">",
      "< p>", "<p class=\"x\">", "<span\nstyle=\"color:red\">", "</span>", "<table><tr><td>", "</td></tr></table>",
      "<textarea>", "<b", "é", "\u{01}", "<th h=''>", "<tr>", "<title/>", "<style/>", "<script/>",
      "<a q=\"\" \(String(repeating: "q", count: 100))href=\"https://q.example/\">",
    ]
    var fast = 0
    for _ in 0..<50_000 {
      let html = (0..<(1 + next() % 30)).map { _ in pieces[next() % pieces.count] }.joined()
      guard let hrefs = SimpleHTMLLinks.hrefs(html) else { continue }
      fast += 1
      // As `MailBody.links` adds them: each once.
      var links = LinkList()
      for l in hrefs { links.add(l) }
      #expect(links.links == Self.linksReadAsText(html), "\(html.debugDescription)")
    }
    #expect(fast > 2_000)
  }
}
