import Foundation
@_spi(RootmailHost) import RootmailKit
import Testing

/// `JSONWriter` (what `--output json` prints with) and the byte-level terminal checks it and
/// `TerminalSafe` share.
@Suite struct JSONWriterTests {
  /// A long list printed in parts (`CommandContext.emitPart`) is the same text as printed whole.
  @Test func textWrittenInPartsIsTheWholeText() throws {
    func write(_ out: inout JSONWriter, drain: Bool) -> [UInt8] {
      var printed: [UInt8] = []
      out.beginArray()
      for n in 0..<300 {
        out.beginObject()
        out.key("n")
        out.int(n)
        out.key("s")
        out.string("row \(n) \u{1B}[31m \"q\" é")
        out.endObject()
        if drain && out.bytes.count > 100 {
          printed += out.bytes
          out.removeWritten()
        }
      }
      out.endArray()
      return printed + out.bytes
    }
    var whole = JSONWriter()
    var parts = JSONWriter()
    let expected = write(&whole, drain: false)
    #expect(write(&parts, drain: true) == expected)
    #expect(try JSONValue.parse(expected).arrayValue?.count == 300)
  }

  @Test func printsAsTheJSONValueTreeDoes() throws {
    var out = JSONWriter()
    out.beginArray()
    out.beginObject()
    out.key("id")
    out.string("4f2a")
    out.key("size")
    out.int(-12)
    out.key("none")
    out.string(nil as String?)
    out.key("empty")
    out.strings([])
    out.key("o")
    out.beginObject()
    out.endObject()
    out.key("list")
    out.strings(["a", "b"])
    out.endObject()
    out.bool(true)
    out.endArray()
    let expected = """
      [
        {
          "id": "4f2a",
          "size": -12,
          "none": null,
          "empty": [],
          "o": {},
          "list": [
            "a",
            "b"
          ]
        },
        true
      ]
      """
    #expect(out.text == expected)
    #expect(try JSONValue.parse(out.text).pretty == expected)
    #expect(
      try JSONValue.parse(out.text).compact == #"[{"id":"4f2a","size":-12,"none":null,"empty":[],"o":{},"list":["a","b"]},true]"#)
  }

  /// Every scalar `TerminalSafe.isUnsafe` names is a `\u` escape (or a short one), every other
  /// scalar is written as it is, and what is written parses back to the same string.
  @Test func escapesExactlyTheUnsafeScalars() throws {
    let short: [UInt32: String] = [0x22: #"\""#, 0x5C: #"\\"#, 0x0A: #"\n"#, 0x0D: #"\r"#, 0x09: #"\t"#]
    var values = Array(UInt32(0)..<0x3000)
    values += [0xFEFF, 0xFFFD, 0x1F600, 0x10FFFF]
    for value in values {
      guard let scalar = Unicode.Scalar(value) else { continue }
      let text = "a" + String(Character(scalar)) + "b"
      var out = JSONWriter()
      out.string(text)
      let hex = String(value, radix: 16)
      let expected =
        short[value]
        ?? (TerminalSafe.isUnsafe(scalar) ? "\\u" + String(repeating: "0", count: 4 - hex.count) + hex : String(scalar))
      #expect(out.text == "\"a" + expected + "b\"", "U+\(hex)")
      #expect(try JSONValue.parse(out.text).stringValue == text, "U+\(hex)")
      #expect(TerminalSafe.hasUnsafe(text) == TerminalSafe.isUnsafe(scalar), "U+\(hex)")
    }
  }

  @Test func keepsLineBreaksOnlyWhenAsked() {
    #expect(TerminalSafe.escapedLines("a\n\tb") == "a\n\tb")
    #expect(TerminalSafe.escapedLines("a\n\u{1b}[2Jb\u{202e}") == "a\n\\u{1b}[2Jb\\u{202e}")
    #expect(TerminalSafe.escaped("a\nb") == "a\\nb")
  }
}

@Suite struct TimestampFormatTests {
  /// The arithmetic date conversion agrees with glibc's gmtime_r.
  @Test func formatsAsGmtimeDoes() {
    var generator = SystemRandomNumberGenerator()
    var seconds = [0, -1, 86_399, 86_400, 951_782_400, 4_107_542_399, -62_135_596_800, 253_402_300_799, 253_402_300_800]
    for _ in 0..<2000 { seconds.append(Int.random(in: -40_000_000_000...260_000_000_000, using: &generator)) }
    for s in seconds {
      var t = time_t(s)
      var parts = tm()
      gmtime_r(&t, &parts)
      func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
      let expected =
        "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
      #expect(Timestamp.format(secondsSinceEpoch: s) == expected, "\(s)")
    }
  }
}
