#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The byte-level helpers of SigV4 beside percent-encoding (`AWSURI.encode`): byte-order
/// comparison and Python's idea of whitespace.
public enum SigV4Encoding {
  /// Orders strings by their UTF-8 bytes (as Python orders the ASCII strings it signs).
  public static func byteOrder(_ a: String, _ b: String) -> Bool {
    a.utf8.lexicographicallyPrecedes(b.utf8)
  }

  /// Whitespace as Python's `str.isspace()` defines it.
  /// Percent-encodes `text` as SigV4 does: every byte but `A-Z a-z 0-9 - _ . ~` (and `/` when
  /// `keepSlash`), as Python's `quote(text, safe='-_.~' [+ '/'])`.
  public static func uriEncode(_ text: String, keepSlash: Bool = false) -> String {
    let utf8 = text.utf8
    if utf8.allSatisfy({ isUnreserved($0) || (keepSlash && $0 == 0x2F) }) { return text }
    var out: [UInt8] = []
    out.reserveCapacity(utf8.count * 3)
    for b in utf8 {
      if isUnreserved(b) || (keepSlash && b == 0x2F) {
        out.append(b)
      } else {
        out.append(0x25)
        out.append(Hex.upperDigits[Int(b >> 4)])
        out.append(Hex.upperDigits[Int(b & 0xF)])
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// Whether a byte is left as it is by SigV4's URI encoding.
  @inline(__always)
  public static func isUnreserved(_ b: UInt8) -> Bool {
    switch b {
    case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x2D, 0x2E, 0x5F, 0x7E: return true
    default: return false
    }
  }

  static func isSpace(_ s: Unicode.Scalar) -> Bool {
    switch s.value {
    case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
    default: return false
    }
  }
}

/// The two SigV4 timestamps of one instant: `20150830T123600Z` and `20150830` (UTC).
public struct SigV4Time: Sendable, Equatable {
  public let amzDate: String
  public let day: String

  public init(_ date: Date) {
    let seconds = Int(date.timeIntervalSince1970.rounded(.down))
    let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
    let secs = seconds - days * 86400
    let (y, m, d) = Self.civilFromDays(days)
    func pad(_ n: Int, _ width: Int) -> String {
      let s = String(n)
      return String(repeating: "0", count: max(0, width - s.count)) + s
    }
    day = pad(y, 4) + pad(m, 2) + pad(d, 2)
    amzDate = day + "T" + pad(secs / 3600, 2) + pad(secs / 60 % 60, 2) + pad(secs % 60, 2) + "Z"
  }

  /// Days since 1970-01-01 to (year, month, day), proleptic Gregorian (H. Hinnant's algorithm).
  static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
    let z = z0 + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
  }
}
