extension TerminalSafe {
  /// Multi-line text from strangers (a mail body) made safe to print: newlines and tabs kept,
  /// every other unsafe scalar (CR, ESC, BEL, C1, bidi controls) escaped as `escaped` does.
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
}
