/// Characters that must never reach a terminal raw: they move the cursor, retitle the window,
/// rewrite the clipboard (C0 and C1 controls, ESC, CSI U+009B, DEL) or reorder what is shown
/// (the bidirectional overrides and isolates, U+202E "RIGHT-TO-LEFT OVERRIDE" among them).
/// Anything from mail, DNS answers, imported files or a shared table may hold them.
public enum TerminalSafe {
  /// Whether `scalar` is a control, a bidirectional formatting character or a line/paragraph
  /// separator.
  public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00..<0x20, 0x7F...0x9F: return true
    case 0x061C, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: return true
    default: return false
    }
  }

  /// Whether `text` holds any unsafe scalar.
  public static func hasUnsafe(_ text: String) -> Bool { text.unicodeScalars.contains(where: isUnsafe) }

  /// `text` with every unsafe scalar written as an escape (`\n`, `\t`, `\r`, `\u{1b}`), so
  /// that it shows as one line of plain characters.
  public static func escaped(_ text: String) -> String {
    guard hasUnsafe(text) else { return text }
    var out = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\n": out.append(contentsOf: "\\n".unicodeScalars)
      case "\t": out.append(contentsOf: "\\t".unicodeScalars)
      case "\r": out.append(contentsOf: "\\r".unicodeScalars)
      case _ where isUnsafe(scalar): out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16))}".unicodeScalars)
      default: out.append(scalar)
      }
    }
    return String(out)
  }

  /// `escaped` line by line: newlines and tabs kept, everything else unsafe (CR, ESC, BEL, C1,
  /// bidi controls) escaped (for messages, and text from strangers such as a mail body).
  public static func escapedLines(_ text: String) -> String {
    guard hasUnsafe(text) else { return text }
    var out = ""
    var segment = ""
    for scalar in text.unicodeScalars {
      if scalar == "\n" || scalar == "\t" {
        out += escaped(segment)
        out.unicodeScalars.append(scalar)
        segment = ""
      } else {
        segment.unicodeScalars.append(scalar)
      }
    }
    return out + escaped(segment)
  }

  /// A value for an error message: escaped, and at most `limit` characters (with `…` when cut).
  public static func quoted(_ text: String, limit: Int = 80) -> String {
    let safe = escaped(text)
    guard safe.count > limit else { return safe }
    return String(safe.prefix(limit)) + "…"
  }
}
