/// How many terminal cells text takes, as a terminal draws it: two for an East Asian wide or
/// full-width character or an emoji, one for any other character (a combining mark belongs to
/// its base's character; control characters are escaped before text is measured).
enum DisplayWidth {
  /// ASCII text is one cell a byte (control characters are escaped before text is measured),
  /// counted and cut without walking its characters.
  static func cells(_ text: some StringProtocol) -> Int {
    if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.utf8.count }
    var total = 0
    for character in text { total += cells(character) }
    return total
  }

  static func cells(_ character: Character) -> Int {
    guard let first = character.unicodeScalars.first else { return 0 }
    // Below U+1100 nothing is wide and below U+231A nothing is an emoji by default: most text
    // is measured without looking up the scalar's properties (a table lookup each).
    if first.value < 0x1100 { return 1 }
    if isWide(first.value) { return 2 }
    return first.value >= 0x231A && first.properties.isEmojiPresentation ? 2 : 1
  }

  /// East Asian Wide and Fullwidth blocks (Unicode's EastAsianWidth W and F, by block).
  static func isWide(_ value: UInt32) -> Bool {
    switch value {
    case 0x1100...0x115F, 0x231A...0x231B, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
      0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
      0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
      return true
    default: return false
    }
  }

  /// The longest start of `text` that takes at most `width` cells.
  static func prefix(_ text: String, cells width: Int) -> Substring {
    if text.utf8.allSatisfy({ $0 < 0x80 }) {
      return text[..<text.utf8.index(text.startIndex, offsetBy: max(0, min(width, text.utf8.count)))]
    }
    var used = 0
    var end = text.startIndex
    for index in text.indices {
      let w = cells(text[index])
      if used + w > width { break }
      used += w
      end = text.index(after: index)
    }
    return text[..<end]
  }

  /// The longest end of `text` that takes at most `width` cells.
  static func suffix(_ text: String, cells width: Int) -> Substring {
    if text.utf8.allSatisfy({ $0 < 0x80 }) {
      return text[text.utf8.index(text.endIndex, offsetBy: -max(0, min(width, text.utf8.count)))...]
    }
    var used = 0
    var start = text.endIndex
    while start > text.startIndex {
      let before = text.index(before: start)
      let w = cells(text[before])
      if used + w > width { break }
      used += w
      start = before
    }
    return text[start...]
  }
}
