@_spi(RootmailHost) import RootmailKit
import Testing

@_spi(RootmailHost) @testable import RootmailMIME
@_spi(RootmailHost) @testable import RootmailPluginMail

/// HTML to text: white space collapsed exactly as the Character-by-Character reading did
/// (`Character.isWhitespace`, one space a run, none at a line start), now scalar by scalar.
@Suite struct HTMLTextTests {
  /// The former reading, kept here as the reference.
  func reference(_ pieces: [String]) -> String {
    var current = ""
    for s in pieces {
      for ch in s {
        if ch.isWhitespace {
          if !current.isEmpty && current.last != " " { current.append(" ") }
        } else {
          current.append(ch)
        }
      }
    }
    return current
  }

  /// A link whose text reads as a web address on another host than it leads to (a phishing
  /// mail's `https://signin.aws.amazon.com/…` pointing elsewhere) is named in a warning, in
  /// both readings (the simple one and libxml2's); an honest link, or text that is no address,
  /// is not.
  @Test func linksThatReadAsAnotherHostAreNamed() {
    let phishing = #"<p>Click <a href="https://evil.example/r">https://signin.aws.amazon.com/reset</a> now</p>"#
    for html in [phishing, "<div><table><tr><td>" + phishing + "</td></tr></table></div>"] {
      let read = HTMLText.convert(html)
      #expect(read.text.contains("https://signin.aws.amazon.com/reset [1]"), "\(read.text)")
      #expect(read.warnings == ["link [1] reads as signin.aws.amazon.com but leads to evil.example"], "\(read.warnings)")
    }
    // The userinfo trick reads as AWS's host and goes to the other.
    let userinfo = #"<a href="https://signin.aws.amazon.com@evil.example/">https://signin.aws.amazon.com@evil.example/</a>"#
    #expect(HTMLText.convert(userinfo).warnings == ["link [1] reads as signin.aws.amazon.com but leads to evil.example"])
    let honest =
      #"<a href="https://signin.aws.amazon.com/reset?t=1">https://signin.aws.amazon.com/reset</a>"#
      + #" <a href="https://evil.example/">Reset your password</a> <a href="https://WWW.Example.org:443/x">www.example.org.</a>"#
    #expect(HTMLText.convert(honest).warnings.isEmpty, "\(HTMLText.convert(honest).warnings)")
    // Many: five named, the rest counted.
    let many = (0..<8).map { #"<p><a href="https://evil\#($0).example/">https://aws.amazon.com/</a></p>"# }.joined()
    let warnings = HTMLText.convert(many).warnings
    #expect(warnings.count == 6 && warnings.last == "3 more links read as another host than they lead to", "\(warnings)")
  }

  @Test func collapsesWhiteSpaceAsCharactersDid() {
    let pool: [String] = [
      "a", "Z", " ", "  ", "\t", "\n", "\r\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{A0}", "\u{1680}", "\u{2003}",
      "\u{2028}", "\u{3000}", "\u{0301}", "e\u{0301}", "\u{200D}", "\u{FE0F}", "😀", "👩\u{200D}💻", "é", "€", "[1]",
      "\u{0903}", "ß", "日本",
    ]
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<3000 {
      let pieces = (0..<Int.random(in: 1...4, using: &generator)).map { _ in
        (0..<Int.random(in: 0...6, using: &generator)).map { _ in pool.randomElement(using: &generator)! }.joined()
      }
      var out = HTMLText.Output()
      for p in pieces { out.text(p) }
      #expect(out.current == reference(pieces), "\(pieces.map { $0.unicodeScalars.map { String($0.value, radix: 16) } })")
    }
  }

  /// The eight-bytes-at-a-time ASCII check finds a non-ASCII byte wherever it stands.
  @Test func asciiCheckFindsAnyHighByte() {
    for count in 0..<20 {
      let ascii = [UInt8](repeating: 0x61, count: count)
      #expect(ascii.withUnsafeBufferPointer { HTMLText.Output.isASCII($0) })
      for position in 0..<count {
        var bytes = ascii
        bytes[position] = 0x80
        #expect(!bytes.withUnsafeBufferPointer { HTMLText.Output.isASCII($0) }, "\(count) \(position)")
      }
    }
  }

  /// Every element name that means something to the text is known, in either case: each,
  /// written in capitals, reads as it does in small letters and unlike an unknown element.
  @Test func elementNamesAreKnownInEitherCase() {
    let names = HTMLText.blocks.union(HTMLText.paragraphs).union(HTMLText.skipped).union(["a", "li", "br", "img"])
    for name in names {
      func page(_ tag: String) -> String {
        "<html><body>x<\(tag) href='https://x.example/' alt='alt'>y</\(tag)>z</body></html>"
      }
      let lower = HTMLText.convert(page(name))
      #expect(HTMLText.convert(page(name.uppercased())) == lower, "\(name)")
      // (A `head` inside the body is dropped by libxml2 itself.)
      if name != "head" { #expect(HTMLText.convert(page("span")) != lower, "\(name)") }
    }
  }

  @Test func readsAParagraphOfMixedSpace() {
    let result = HTMLText.convert("<p>  Hello,\r\n\t wörld\u{A0}\u{A0}<a href='https://x.example/'>link</a> </p><p>next</p>")
    #expect(result.text == "Hello, wörld link [1]\n\nnext")
    #expect(result.links == ["https://x.example/"])
  }
}
