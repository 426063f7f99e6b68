@_spi(RootmailHost) import RootmailKit
import Testing

/// `MailLinks.find` reads UTF-8 bytes; it finds what the former scalar-by-scalar reading found.
@Suite struct MailLinksFindTests {
  /// The former reading, kept here as the reference.
  func reference(_ text: String) -> [String] {
    var found: [String] = []
    let scalars = Array(text.unicodeScalars)
    func schemeLength(_ i: Int) -> Int? {
      for scheme in ["https://", "http://"] {
        let n = scheme.unicodeScalars.count
        guard i + n <= scalars.count else { continue }
        var t = ""
        t.unicodeScalars.append(contentsOf: scalars[i..<i + n])
        if t.lowercased() == scheme { return n }
      }
      return nil
    }
    func ends(_ c: Unicode.Scalar) -> Bool {
      c.value <= 0x20 || c == "<" || c == ">" || c == "\"" || (0x7F...0x9F).contains(c.value)
    }
    var i = 0
    while i < scalars.count {
      guard scalars[i] == "h" || scalars[i] == "H", let start = schemeLength(i) else {
        i += 1
        continue
      }
      var j = i + start
      while j < scalars.count, !ends(scalars[j]) { j += 1 }
      var end = j
      while end > i + start, [".", ",", ")", ";", ":", "!", "?", "'"].contains(scalars[end - 1]) { end -= 1 }
      if end > i + start {
        var url = ""
        url.unicodeScalars.append(contentsOf: scalars[i..<end])
        if !found.contains(url) { found.append(url) }
      }
      i = max(j, i + 1)
    }
    return found
  }

  @Test func findsWhatTheScalarReadingFound() {
    let pool = [
      "https://", "HTTP://", "hTtPs://", "http:/", "h", "x", "a.b/c?d=1", ".", ",", ")", ";", "'", " ", "\n", "<", ">",
      "\"", "\u{85}", "\u{9F}", "\u{A0}", "é", "€", "😀", "\u{7F}", "\t", "ſ", "K", "/",
    ]
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<3000 {
      let text = (0..<Int.random(in: 0...14, using: &generator)).map { _ in pool.randomElement(using: &generator)! }
        .joined()
      #expect(MailLinks.find(in: text) == reference(text), "\(text.debugDescription)")
    }
    #expect(
      MailLinks.find(in: "See https://signin.aws.amazon.com/reset?t=1. Or (http://x.example/é)") == [
        "https://signin.aws.amazon.com/reset?t=1", "http://x.example/é",
      ])
  }
}
