import Foundation
@_spi(RootmailHost) import RootmailKit
import Testing

/// ISO 8601 parsing (credential expirations, AWS responses) and formatting.
@Suite struct TimestampTests {
  @Test(arguments: [
    ("2015-08-30T12:36:00Z", 1_440_938_160.0), ("2015-08-30T12:36:00.500Z", 1_440_938_160.5),
    ("2015-08-30T14:36:00+02:00", 1_440_938_160), ("2015-08-30T10:36:00-0200", 1_440_938_160),
    ("2000-02-29T00:00:00Z", 951_782_400), ("1970-01-01T00:00:00Z", 0),
  ])
  func parses(_ text: String, _ seconds: Double) {
    #expect(Timestamp.parse(text)?.timeIntervalSince1970 == seconds)
  }

  @Test(arguments: ["", "2015-08-30", "2015-08-30T12:36:00", "2015-13-01T00:00:00Z", "2015-08-30T12:36:00Zjunk", "tomorrow"])
  func rejects(_ text: String) {
    #expect(Timestamp.parse(text) == nil)
  }

  @Test func formatsWhatItParses() {
    for seconds in [0, 951_782_400, 1_440_938_160, 4_102_444_800] {
      #expect(Timestamp.parse(Timestamp.format(secondsSinceEpoch: seconds))?.timeIntervalSince1970 == Double(seconds))
    }
  }
}
