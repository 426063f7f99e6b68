import Foundation
@_spi(RootmailHost) import RootmailKit
import RootmailTestSupport
import Testing

/// Escaping for the terminal in one pass: the same text as before, in time linear in the input
/// however many characters it escapes.
@Suite struct TerminalSafeTests {
  /// The scalar-by-scalar escaping this replaced, as the reference for what the output must be.
  static func reference(_ text: String, keepingLineBreaks: Bool = false) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\n" where keepingLineBreaks, "\t" where keepingLineBreaks: out.unicodeScalars.append(scalar)
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      case "\r": out += "\\r"
      case _ where TerminalSafe.isUnsafe(scalar): out += "\\u{\(String(scalar.value, radix: 16))}"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  @Test(arguments: [
    "plain", "", "\u{1B}[31mred\u{7}", "tab\there\nnew\r\n", "\u{0}\u{1F}\u{7F}\u{80}\u{9B}\u{9F}\u{A0}",
    "bidi \u{202E}gnp.exe \u{2066}\u{2069}\u{061C}\u{200E}\u{2028}", "é e\u{301} 漢字 👩‍👩‍👧 \u{1B}\u{301}", "a\\u{1b}b",
  ])
  func escapingWritesWhatTheScalarByScalarFormWrote(text: String) {
    #expect(TerminalSafe.escaped(text) == Self.reference(text))
    #expect(TerminalSafe.escapedLines(text) == Self.reference(text, keepingLineBreaks: true))
    #expect(!TerminalSafe.hasUnsafe(TerminalSafe.escaped(text)))
  }

  /// 1 MB of control characters (a mail subject or body a stranger chose): appending a string
  /// per character made this quadratic (600,000 characters took a minute in `mail list`). The
  /// bound is on this thread's CPU time (a busy machine does not stretch it) and generous;
  /// benchmarks/hostile holds the 50 ms target.
  @Test func a1MBControlRunIsEscapedInLinearTime() {
    let controls = String(repeating: "\u{1}\u{1B}\u{9B}\u{202E}\u{0}", count: 200_000)
    let (escaped, escaping) = ThreadCPUTime.measure { TerminalSafe.escaped(controls) }
    #expect(escaping < 5, "\(escaping) s of CPU")
    #expect(escaped.utf8.count == 200_000 * ("\\u{1}\\u{1b}\\u{9b}\\u{202e}\\u{0}".utf8.count))
    let nuls = String(repeating: "\u{0}", count: 1_000_000) + "\nend"
    let (lines, escapingLines) = ThreadCPUTime.measure { TerminalSafe.escapedLines(nuls) }
    #expect(escapingLines < 5, "\(escapingLines) s of CPU")
    #expect(lines.hasSuffix("\\u{0}\nend") && lines.utf8.count == 5_000_004)
  }

  /// `quoted` escapes only what it can show.
  @Test func quotedCutsBeforeEscaping() {
    let escapes = String(repeating: "\u{1B}", count: 1_000_000)
    let (quoted, seconds) = ThreadCPUTime.measure { TerminalSafe.quoted(escapes, limit: 20) }
    #expect(seconds < 5, "\(seconds) s of CPU")
    #expect(quoted == String(repeating: "\\u{1b}", count: 3) + "\\u" + "…")
    #expect(TerminalSafe.quoted("short\u{7}", limit: 80) == "short\\u{7}")
    #expect(TerminalSafe.quoted(String(repeating: "x", count: 81), limit: 80) == String(repeating: "x", count: 80) + "…")
    #expect(TerminalSafe.quoted(String(repeating: "x", count: 80), limit: 80) == String(repeating: "x", count: 80))
  }
}
