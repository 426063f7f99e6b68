#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Reads the timestamps AWS sends (`2024-05-01T12:00:00Z`, with fractions or a `+hh:mm`
/// offset) without Foundation's formatters.
public enum ISO8601 {
  public static func parse(_ text: String) -> Date? {
    let s = Array(text.trimmingSpaces().utf8)
    guard s.count >= 19, s[4] == UInt8(ascii: "-"), s[7] == UInt8(ascii: "-"), s[10] == UInt8(ascii: "T") || s[10] == 0x20,
      s[13] == UInt8(ascii: ":"), s[16] == UInt8(ascii: ":")
    else { return nil }
    func num(_ r: Range<Int>) -> Int? { Int(String(decoding: s[r], as: UTF8.self)) }
    guard let y = num(0..<4), let mo = num(5..<7), let d = num(8..<10), let h = num(11..<13), let mi = num(14..<16),
      let sec = num(17..<19), (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, sec < 61
    else { return nil }
    var i = 19
    var fraction = 0.0
    if i < s.count, s[i] == UInt8(ascii: ".") {
      let start = i
      i += 1
      while i < s.count, s[i] >= 0x30, s[i] <= 0x39 { i += 1 }
      fraction = Double("0" + String(decoding: s[start..<i], as: UTF8.self)) ?? 0
    }
    var offset = 0
    if i < s.count {
      if s[i] == UInt8(ascii: "Z") {
        i += 1
      } else if s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-"), i + 6 <= s.count, let oh = num((i + 1)..<(i + 3)),
        let om = num((i + 4)..<(i + 6))
      {
        offset = (oh * 3600 + om * 60) * (s[i] == UInt8(ascii: "-") ? -1 : 1)
        i += 6
      } else {
        return nil
      }
    }
    guard i == s.count else { return nil }
    let days = daysFromCivil(y, mo, d)
    let seconds = days * 86400 + h * 3600 + mi * 60 + sec - offset
    return Date(timeIntervalSince1970: Double(seconds) + fraction)
  }

  /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
  static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
    let y = m <= 2 ? y0 - 1 : y0
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146097 + doe - 719468
  }
}
