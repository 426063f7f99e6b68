import Testing

@_spi(RootmailHost) @testable import RootmailKit

/// The shortcuts `DisplayWidth` takes must give what walking the characters gives.
@Suite struct DisplayWidthTests {
  /// Below U+1100 a character is one cell without its properties being looked up: true only if
  /// no scalar there is wide or an emoji by default, which this checks against Unicode's data.
  @Test func noScalarBelowTheShortcutIsWideOrAnEmoji() {
    for value in UInt32(0)..<0x231A {
      guard let scalar = Unicode.Scalar(value) else { continue }
      #expect(!scalar.properties.isEmojiPresentation, "U+\(String(value, radix: 16))")
      if value < 0x1100 { #expect(!DisplayWidth.isWide(value), "U+\(String(value, radix: 16))") }
    }
    #expect(DisplayWidth.cells("⌚" as Character) == 2)  // U+231A, the first emoji by default
    #expect(DisplayWidth.cells("ᄀ" as Character) == 2)  // U+1100, the first wide character
  }

  /// ASCII text is cut by its bytes; the result is what the walk over its characters gives.
  @Test func asciiIsCutAsItsCharactersAre() {
    func walkPrefix(_ text: String, _ width: Int) -> Substring {
      text[..<(text.index(text.startIndex, offsetBy: min(width, text.count)))]
    }
    func walkSuffix(_ text: String, _ width: Int) -> Substring {
      text[text.index(text.endIndex, offsetBy: -min(width, text.count))...]
    }
    for text in ["", "a", "root+3f9c0a1b2c3d@aws.example.com", "\\u{1b}[2J subject"] {
      for width in 0...(text.utf8.count + 2) {
        #expect(DisplayWidth.prefix(text, cells: width) == walkPrefix(text, width), "\(text) \(width)")
        #expect(DisplayWidth.suffix(text, cells: width) == walkSuffix(text, width), "\(text) \(width)")
      }
    }
    // Text with a wide character still walks: the cut never splits it.
    #expect(DisplayWidth.prefix("ab漢字", cells: 3) == "ab")
    #expect(DisplayWidth.suffix("漢字ab", cells: 3) == "ab")
    #expect(DisplayWidth.cells("Grüße, 漢字 🔑") == 14)
  }
}
