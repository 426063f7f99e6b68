#if canImport(Glibc)
  import Glibc
#endif

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Seconds since 1970 from the timestamps AWS writes (`2026-12-01T13:00:00.000Z`).
public enum MailTime {
  public static func seconds(iso text: String) -> Int? {
    Timestamp.parse(text).map { Int($0.timeIntervalSince1970) }
  }

  /// The current time in seconds since 1970.
  public static func now() -> Int { Int(time(nil)) }
}
