#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// ISO 8601 timestamps without Foundation's formatters: written as UTC
/// (`2026-11-22T02:05:00Z`), and read as AWS writes them in credentials and responses
/// (`2011-07-15T23:28:33.359Z`, `2024-05-01T12:00:00+02:00`).
public enum Timestamp {
  /// The current time.
  public static func now() -> String { format(secondsSinceEpoch: Int(time(nil))) }

  /// A time given in seconds since 1970-01-01T00:00:00Z.
  public static func format(secondsSinceEpoch seconds: Int) -> String {
    // Days to a civil date by arithmetic (Howard Hinnant's days_from_civil inverse), not
    // gmtime_r: no time-zone lock or /etc/localtime read, and `mail list` formats thousands.
    let (days, secondOfDay) = seconds.quotientAndRemainder(dividingBy: 86_400)
    let (d, sod) = secondOfDay < 0 ? (days - 1, secondOfDay + 86_400) : (days, secondOfDay)
    let z = d + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = doy - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    guard (1000...9999).contains(year) else { return fallbackFormat(seconds) }
    var out: [UInt8] = []
    out.reserveCapacity(20)
    func digits(_ n: Int, _ count: Int) {
      var divisor = 1
      for _ in 1..<count { divisor *= 10 }
      while divisor > 0 {
        out.append(UInt8(0x30 + (n / divisor) % 10))
        divisor /= 10
      }
    }
    digits(year, 4)
    out.append(0x2D)
    digits(month, 2)
    out.append(0x2D)
    digits(day, 2)
    out.append(UInt8(ascii: "T"))
    digits(sod / 3600, 2)
    out.append(0x3A)
    digits(sod / 60 % 60, 2)
    out.append(0x3A)
    digits(sod % 60, 2)
    out.append(UInt8(ascii: "Z"))
    return String(decoding: out, as: UTF8.self)
  }

  /// Years outside 1000...9999 (printed unpadded), as glibc's gmtime_r gives them.
  private static func fallbackFormat(_ seconds: Int) -> String {
    var t = time_t(seconds)
    var parts = tm()
    gmtime_r(&t, &parts)
    func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
    let year = String(parts.tm_year + 1900)
    return
      "\(year)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
  }

  /// The instant, or nil when the text is not such a timestamp.
  public static func parse(_ text: String) -> Date? {
    let b = Array(text.trimmingSpaces().utf8)
    func number(_ from: Int, _ count: Int) -> Int? {
      guard from + count <= b.count else { return nil }
      var n = 0
      for c in b[from..<from + count] {
        guard c >= 0x30 && c <= 0x39 else { return nil }
        n = n * 10 + Int(c - 0x30)
      }
      return n
    }
    guard b.count >= 19, let year = number(0, 4), b[4] == 0x2D, let month = number(5, 2), b[7] == 0x2D,
      let day = number(8, 2), b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t") || b[10] == 0x20,
      let hour = number(11, 2), b[13] == 0x3A, let minute = number(14, 2), b[16] == 0x3A, let second = number(17, 2),
      (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second <= 60
    else { return nil }
    var i = 19
    var fraction = 0.0
    if i < b.count && b[i] == 0x2E {
      i += 1
      var scale = 0.1
      let start = i
      while i < b.count, b[i] >= 0x30 && b[i] <= 0x39 {
        fraction += Double(b[i] - 0x30) * scale
        scale /= 10
        i += 1
      }
      if i == start { return nil }
    }
    var offset = 0
    if i < b.count && (b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z")) {
      i += 1
    } else if i < b.count && (b[i] == 0x2B || b[i] == 0x2D) {
      let sign = b[i] == 0x2B ? 1 : -1
      guard let oh = number(i + 1, 2) else { return nil }
      var om = 0
      if i + 3 < b.count && b[i + 3] == 0x3A {
        guard let m = number(i + 4, 2) else { return nil }
        om = m
        i += 6
      } else if let m = number(i + 3, 2) {
        om = m
        i += 5
      } else {
        i += 3
      }
      offset = sign * (oh * 3600 + om * 60)
    } else {
      return nil
    }
    guard i == b.count else { return nil }
    let days = daysFromCivil(year, month, day)
    let seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset
    return Date(timeIntervalSince1970: Double(seconds) + fraction)
  }

  /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
  static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
    let y = m <= 2 ? y0 - 1 : y0
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146097 + doe - 719468
  }
}
