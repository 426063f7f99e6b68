#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// ISO-8601 UTC timestamps (`2026-11-22T02:05:00Z`) without Foundation's formatters.
public enum Timestamp {
  /// The current time.
  public static func now() -> String { format(secondsSinceEpoch: Int(time(nil))) }

  /// A time given in seconds since 1970-01-01T00:00:00Z.
  public static func format(secondsSinceEpoch seconds: Int) -> String {
    var t = time_t(seconds)
    var parts = tm()
    gmtime_r(&t, &parts)
    func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
    let year = String(parts.tm_year + 1900)
    return
      "\(year)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
  }
}
