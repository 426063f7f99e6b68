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
  /// that it shows as one line of plain characters. Linear in the text's length, however many
  /// scalars it escapes (it writes UTF-8 bytes, never appends strings to strings).
  public static func escaped(_ text: String) -> String {
    guard hasUnsafe(text) else { return text }
    return escaping(text, keepingLineBreaks: false)
  }

  /// `escaped` line by line: newlines and tabs kept, everything else unsafe (CR, ESC, BEL, C1,
  /// bidi controls) escaped (for messages, and text from strangers such as a mail body).
  public static func escapedLines(_ text: String) -> String {
    guard containsUnsafe(text, allowingLineBreaks: true) else { return text }
    return escaping(text, keepingLineBreaks: true)
  }

  /// Over `text`'s UTF-8 twice: once to measure, once to write into a string of that size.
  /// Safe bytes are copied as they are; each unsafe scalar becomes its escape (with
  /// `keepingLineBreaks`, `\n` and `\t` stay as they are).
  static func escaping(_ text: String, keepingLineBreaks: Bool) -> String {
    var text = text
    return text.withUTF8 { u in
      var length = 0
      forEachPiece(of: u, keepingLineBreaks: keepingLineBreaks) { scalar, _ in
        length += scalar.map(escapeLength) ?? 1
      }
      return String(unsafeUninitializedCapacity: length) { out in
        var o = 0
        forEachPiece(of: u, keepingLineBreaks: keepingLineBreaks) { scalar, byte in
          if let scalar {
            o = writeEscape(of: scalar, to: out, at: o)
          } else {
            out[o] = byte
            o += 1
          }
        }
        return o
      }
    }
  }

  /// Calls `body` for each byte of `u` that is copied (nil, the byte) and each unsafe scalar
  /// that is escaped (the scalar, its first byte).
  @inline(__always)
  private static func forEachPiece(
    of u: UnsafeBufferPointer<UInt8>, keepingLineBreaks: Bool, _ body: (UInt32?, UInt8) -> Void
  ) {
    var i = 0
    while i < u.count {
      let b = u[i]
      if b >= 0x20 && b < 0x7F {
        body(nil, b)
        i += 1
      } else if let (scalar, length) = unsafeScalar(in: u, at: i),
        !(keepingLineBreaks && (scalar == 0x0A || scalar == 0x09))
      {
        body(scalar, b)
        i += length
      } else {
        body(nil, b)
        i += 1
      }
    }
  }

  /// The length of `scalar`'s escape: `\n`, `\t`, `\r`, or `\u{` hex `}`.
  private static func escapeLength(_ scalar: UInt32) -> Int {
    switch scalar {
    case 0x0A, 0x09, 0x0D: return 2
    default: return 4 + hexDigitCount(scalar)
    }
  }

  private static func hexDigitCount(_ value: UInt32) -> Int {
    var n = 1
    var v = value >> 4
    while v != 0 {
      n += 1
      v >>= 4
    }
    return n
  }

  /// Writes `scalar`'s escape at `out[o]` (lower-case hex, as `String(value, radix: 16)`);
  /// returns the index after it.
  private static func writeEscape(of scalar: UInt32, to out: UnsafeMutableBufferPointer<UInt8>, at o: Int) -> Int {
    out[o] = UInt8(ascii: "\\")
    switch scalar {
    case 0x0A: out[o + 1] = UInt8(ascii: "n")
    case 0x09: out[o + 1] = UInt8(ascii: "t")
    case 0x0D: out[o + 1] = UInt8(ascii: "r")
    default:
      out[o + 1] = UInt8(ascii: "u")
      out[o + 2] = UInt8(ascii: "{")
      let digits = hexDigitCount(scalar)
      for d in 0..<digits {
        let nibble = UInt8((scalar >> UInt32(4 * (digits - 1 - d))) & 0xF)
        out[o + 3 + d] = nibble < 10 ? 0x30 + nibble : 0x61 + nibble - 10
      }
      out[o + 3 + digits] = UInt8(ascii: "}")
      return o + 4 + digits
    }
    return o + 2
  }

  /// Appends `scalar`'s escape to `out` (for callers building bytes, such as CSV export).
  static func appendEscape(of scalar: UInt32, to out: inout [UInt8]) {
    let start = out.count
    out.append(contentsOf: repeatElement(0, count: escapeLength(scalar)))
    out.withUnsafeMutableBufferPointer { _ = writeEscape(of: scalar, to: $0, at: start) }
  }

  /// A value for an error message: escaped, and at most `limit` characters (with `…` when cut).
  /// Only the first `limit + 1` characters are escaped: an escape is never shorter than what it
  /// stands for, so the rest could not show.
  public static func quoted(_ text: String, limit: Int = 80) -> String {
    let head = text.prefix(limit + 1)
    let safe = escaped(String(head))
    guard head.endIndex < text.endIndex || safe.count > limit else { return safe }
    return String(safe.prefix(limit)) + "…"
  }
}
