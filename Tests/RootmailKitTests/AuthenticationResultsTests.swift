import Testing

@_spi(RootmailHost) @testable import RootmailKit

/// `Authentication-Results` read byte by byte when it is all ASCII (`asciiClauses`) says what
/// the `Character` reading (`characterClauses`) says: on SES-like headers and on 20,000 random
/// strings of the characters that matter (separators, quotes, comments, escapes, white space
/// with CR LF pairs), since the trust rule for reset mail rests on it.
@Suite struct AuthenticationResultsTests {
  static func ascii(_ value: String) -> [[String]]? {
    var copy = value
    return copy.withUTF8 { AuthenticationResults.asciiClauses($0) }
  }

  @Test func theByteReadingAgreesWithTheCharacterReading() {
    let samples = [
      "amazonses.com;\r\n spf=pass (spfCheck: domain of amazonses.com designates 1.2.3.4 as permitted sender)"
        + " client-ip=1.2.3.4; envelope-from=x@amazonses.com; helo=a-b.smtp-out.amazonses.com;\r\n"
        + " dkim=pass header.i=@amazon.com; dmarc=pass header.from=amazon.com;",
      "amazonses.com; spf=pass helo=\"x;dkim=pass header.d=amazon.com;\"", "", ";;", "a\\", "(\\", "\"\\\r\n\"",
      "x (a (b) \\) c) y; \"q \\\" r\" s", "\r\n\r\n", "\r", "\n\r",
    ]
    for value in samples {
      #expect(Self.ascii(value) == AuthenticationResults.characterClauses(value), "\(value.debugDescription)")
    }
    let alphabet = Array("ab=.;()\"\\ \t\r\n\u{0B}\u{0C}-@".utf8)
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<20_000 {
      let bytes = (0..<Int.random(in: 0...40, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
      let value = String(decoding: bytes, as: UTF8.self)
      #expect(Self.ascii(value) == AuthenticationResults.characterClauses(value), "\(value.debugDescription)")
    }
  }

  /// A comment or quoted string still open at the end of the value makes it say nothing: both
  /// readings agree, and a balanced one reads as before.
  @Test func anUnclosedCommentOrQuoteReadsAsNothing() {
    for value in ["amazonses.com; spf=fail helo=x;dkim=pass;(; dkim=none", "a; b=\"c; d=e", "a; b=\"c\\", "a; (b (c) d"] {
      #expect(AuthenticationResults.clauses(value) == nil, "\(value)")
      #expect(AuthenticationResults(value).methods.isEmpty, "\(value)")
    }
    #expect(AuthenticationResults.clauses("a; b=c (d) ; e=\"f;g\"") == [["a"], ["b=c"], ["e=\"f;g\""]])
  }

  @Test func nonASCIIIsReadACharacterAtATime() {
    let value = "amazonses.com; spf=pass\u{00A0}helo=x\u{0301};dkim=pass"
    #expect(AuthenticationResults.clauses(value) == AuthenticationResults.characterClauses(value))
  }
}
