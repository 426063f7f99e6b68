/// The two text edits the mail index needs that Foundation's String methods did (the companion
/// does not import Foundation).
enum SQLText {
  /// `text` with every `"` doubled (inside an FTS5 phrase, `""` is a literal quote).
  static func doublingQuotes(_ text: Substring) -> String {
    var scalars = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      scalars.append(scalar)
      if scalar == "\"" { scalars.append(scalar) }
    }
    return String(scalars)
  }

  /// `text` without leading and trailing blanks: tabs and space separators (Unicode category
  /// Zs), what Foundation's `trimmingCharacters(in: .whitespaces)` removes; line breaks stay.
  static func trimmingBlanks(_ text: String) -> String {
    func isBlank(_ scalar: Unicode.Scalar) -> Bool {
      scalar == "\t" || scalar.properties.generalCategory == .spaceSeparator
    }
    let scalars = text.unicodeScalars
    guard let first = scalars.firstIndex(where: { !isBlank($0) }), let last = scalars.lastIndex(where: { !isBlank($0) })
    else { return "" }
    return String(scalars[first...last])
  }
}
