@_spi(RootmailHost) import RootmailKit
import Testing

/// The one character-reference decoder: lenient for mail's HTML, strict for AWS's XML.
@Suite struct CharacterReferencesTests {
  @Test func htmlKeepsWhatItDoesNotKnow() {
    #expect(CharacterReferences.decodingHTML("a=1&amp;b=2&#38;c=&#x26;&AMP;&nbsp;") == "a=1&b=2&c=&& ")
    #expect(CharacterReferences.decodingHTML("&bogus; &#xZZ; & &amp") == "&bogus; &#xZZ; & &amp")
    #expect(CharacterReferences.decodingHTML("&#1114112;") == "&#1114112;")
  }

  @Test func xmlKnowsItsFiveNamesInTheirCase() throws {
    #expect(CharacterReferences.scalar(named: "apos", html: false) == "'")
    #expect(CharacterReferences.scalar(named: "#x41", html: false) == "A")
    #expect(CharacterReferences.scalar(named: "AMP", html: false) == nil)
    #expect(CharacterReferences.scalar(named: "nbsp", html: false) == nil)
    let parsed = try XMLElement.parse("<a k=\"x&amp;y\">&lt;&#65;&gt;</a>")
    #expect(parsed.attributes["k"] == "x&y")
    #expect(parsed.text == "<A>")
    #expect(throws: XMLParseError.self) { try XMLElement.parse("<a>&nbsp;</a>") }
  }
}
