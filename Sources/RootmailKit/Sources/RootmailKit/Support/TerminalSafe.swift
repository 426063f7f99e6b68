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
  public static func hasUnsafe(_ text: String) -> Bool { containsUnsafe(text, allowingLineBreaks: false) }

  /// Whether `text` holds an unsafe scalar; with `allowingLineBreaks`, other than `\n` and `\t`.
  /// Read as UTF-8 bytes, not scalar by scalar: it runs over all of a command's output.
  static func containsUnsafe(_ text: String, allowingLineBreaks: Bool) -> Bool {
    var text = text
    return text.withUTF8 { u in
      var i = 0
      while i < u.count {
        let b = u[i]
        if b >= 0x20 && b < 0x7F {
          i += 1
        } else if b < 0x80 {
          if !(allowingLineBreaks && (b == 0x0A || b == 0x09)) { return true }
          i += 1
        } else {
          if unsafeScalar(in: u, at: i) != nil { return true }
          i += 1
        }
      }
      return false
    }
  }

  /// The unsafe scalar whose UTF-8 encoding starts at `u[i]`, and its length in bytes; nil when
  /// the scalar there is safe. Exactly `isUnsafe` on valid UTF-8: C0, DEL and C1 (`C2 80`–`C2
  /// 9F`), U+061C (`D8 9C`), U+200E/F and U+2028–U+202E (`E2 80 xx`), U+2066–U+2069 (`E2 81 xx`).
  static func unsafeScalar(in u: UnsafeBufferPointer<UInt8>, at i: Int) -> (scalar: UInt32, length: Int)? {
    let b = u[i]
    if b < 0x80 { return b < 0x20 || b == 0x7F ? (UInt32(b), 1) : nil }
    guard i + 1 < u.count else { return nil }
    let c = u[i + 1]
    switch b {
    case 0xC2 where c >= 0x80 && c <= 0x9F: return (UInt32(c), 2)
    case 0xD8 where c == 0x9C: return (0x061C, 2)
    case 0xE2 where i + 2 < u.count:
      let d = u[i + 2]
      if c == 0x80 && (d == 0x8E || d == 0x8F || (d >= 0xA8 && d <= 0xAE)) { return (0x2000 + UInt32(d - 0x80), 3) }
      if c == 0x81 && d >= 0xA6 && d <= 0xA9 { return (0x2040 + UInt32(d - 0x80), 3) }
      return nil
    default: return nil
    }
  }

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
    guard containsUnsafe(text, allowingLineBreaks: true) else { return text }
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
