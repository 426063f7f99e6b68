/// Text from strangers (mail headers and bodies, file names) made safe to print: control
/// characters never reach a terminal raw, they are shown as escapes (`\x1b`, `\r`, `\u{9b}`).
public enum TerminalText {
  /// Escapes C0 controls (except newline and tab when `multiline`), DEL, the C1 range and the
  /// bidirectional overrides that can reorder what a terminal shows.
  public static func escape(_ text: String, multiline: Bool = false) -> String {
    var needs = false
    for scalar in text.unicodeScalars where isUnsafe(scalar, multiline: multiline) {
      needs = true
      break
    }
    guard needs else { return text }
    var out = ""
    out.reserveCapacity(text.utf8.count + 16)
    for scalar in text.unicodeScalars {
      guard isUnsafe(scalar, multiline: multiline) else {
        out.unicodeScalars.append(scalar)
        continue
      }
      switch scalar {
      case "\r": out += "\\r"
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x80: out += "\\x" + hex(scalar.value, 2)
      default: out += "\\u{" + String(scalar.value, radix: 16) + "}"
      }
    }
    return out
  }

  /// Whether a scalar is a control character or a bidi control to be escaped.
  public static func isUnsafe(_ scalar: Unicode.Scalar, multiline: Bool = false) -> Bool {
    let v = scalar.value
    if v < 0x20 { return !(multiline && (v == 0x0A || v == 0x09)) }
    return (0x7F...0x9F).contains(v) || isBidiControl(scalar)
  }

  /// U+202A–U+202E and U+2066–U+2069 (embeddings, overrides, isolates), U+200E/F marks excluded.
  public static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
    (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
  }

  private static func hex(_ value: UInt32, _ width: Int) -> String {
    let s = String(value, radix: 16)
    return String(repeating: "0", count: max(0, width - s.count)) + s
  }
}
