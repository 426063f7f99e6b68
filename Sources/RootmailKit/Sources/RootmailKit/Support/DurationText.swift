/// A time given on the command line: `10s`, `500ms`, `1.5m`, `2h` or plain seconds (any case,
/// spaces around it ignored), up to 7 days. `dns check`'s durations, `mail watch --interval`
/// and `accounts adopt --code-timeout` all read it so.
@_spi(RootmailHost) public enum DurationText {
  /// The longest time any option takes.
  public static let maximumSeconds = 7 * 86_400

  /// The time `text` says, or nil when it is not such a time.
  public static func parse(_ text: String) -> Duration? {
    milliseconds(text).map { .milliseconds($0) }
  }

  /// The whole seconds `text` says, within `range` (`1.5m` is 90), or nil when it is no such
  /// time, leaves a part of a second, or falls outside `range`.
  public static func seconds(_ text: String, in range: ClosedRange<Int> = 1...86_400) -> Int? {
    guard let ms = milliseconds(text), ms % 1000 == 0, range.contains(Int(ms / 1000)) else { return nil }
    return Int(ms / 1000)
  }

  /// The time the option `name` was given (more than 0, at most 7 days), or a usage error
  /// (exit 64) naming the option, the value and the rule.
  public static func option(_ text: String, name: String) throws -> Duration {
    guard let ms = milliseconds(text), ms > 0 else {
      throw CLIError.usage(
        "invalid \(name) \"\(TerminalSafe.quoted(String(text.prefix(80))))\": must be a time like 10s, 500ms, 2m or 2h, more than 0"
      )
    }
    return .milliseconds(ms)
  }

  /// The whole seconds the option `name` was given, within `range`, or a usage error (exit 64)
  /// naming the option, the value and the rule.
  public static func option(_ text: String, name: String, seconds range: ClosedRange<Int>) throws -> Int {
    guard let value = seconds(text, in: range) else {
      throw CLIError.usage(
        "invalid \(name) \"\(TerminalSafe.quoted(String(text.prefix(80))))\": must be whole seconds from "
          + "\(describe(seconds: UInt32(range.lowerBound))) to \(describe(seconds: UInt32(range.upperBound))), like 90s, 15m or 1h"
      )
    }
    return value
  }

  static func milliseconds(_ text: String) -> Int64? {
    let t = text.trimmingSpaces().lowercased()
    let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
    var number = Substring(t)
    var scale = 1.0
    for (suffix, factor) in units where t.hasSuffix(suffix) {
      number = t.dropLast(suffix.count)
      scale = factor
      break
    }
    // Digits with at most one point: not Double's other spellings (1e3, 0x10, inf, nan).
    guard !number.isEmpty, number.count <= 12, number.filter({ $0 == "." }).count <= 1,
      number.allSatisfy({ $0 == "." || ("0"..."9").contains($0) }), let value = Double(number),
      value * scale <= Double(maximumSeconds)
    else { return nil }
    return Int64((value * scale * 1000).rounded())
  }

  /// `45 s`, `15 min`, `2 h`, `2 days`: a time as a report line shows it.
  public static func describe(seconds: UInt32) -> String {
    switch seconds {
    case ..<120: return "\(seconds) s"
    case ..<7200: return "\(seconds / 60) min"
    case ..<172_800: return "\(seconds / 3600) h"
    default: return "\(seconds / 86400) days"
    }
  }
}
