/// Character references (`&amp;`, `&#38;`, `&#x26;`): one decoder for the XML of AWS's answers
/// (where an unknown one is an error) and for the HTML of mail (where it is kept as written).
@_spi(RootmailHost) public enum CharacterReferences {
  /// XML's five predefined entities; HTML adds `nbsp` (read as a plain space) and any case.
  private static let names: [String: Unicode.Scalar] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'"]

  /// The character a reference stands for, from its name (what is between `&` and `;`): a
  /// decimal (`#38`) or hexadecimal (`#x26`) code point, or a name; nil when it is none. With
  /// `html`, names are matched in any case and `nbsp` is one.
  public static func scalar(named name: String, html: Bool) -> Unicode.Scalar? {
    if name.hasPrefix("#x") || name.hasPrefix("#X") { return UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init) }
    if name.hasPrefix("#") { return UInt32(name.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init) }
    guard html else { return names[name] }
    let lowered = name.lowercased()
    return lowered == "nbsp" ? " " : names[lowered]
  }

  /// HTML `text` with its character references (`&amp;`, `&lt;`, `&#38;`, `&#x26;`, …)
  /// replaced; unknown or malformed ones are kept as written.
  public static func decodingHTML(_ text: String) -> String {
    guard text.contains("&") else { return text }
    var out = String.UnicodeScalarView()
    let scalars = Array(text.unicodeScalars)
    var i = 0
    while i < scalars.count {
      guard scalars[i] == "&", let semi = scalars[(i + 1)...].prefix(12).firstIndex(of: ";") else {
        out.append(scalars[i])
        i += 1
        continue
      }
      var name = ""
      name.unicodeScalars.append(contentsOf: scalars[(i + 1)..<semi])
      if let decoded = scalar(named: name, html: true) {
        out.append(decoded)
        i = semi + 1
      } else {
        out.append(scalars[i])
        i += 1
      }
    }
    return String(out)
  }
}
