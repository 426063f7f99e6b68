/// A time given on the command line as `30s`, `5m`, `1h` or plain seconds, from 1 s to 24 h:
/// `mail watch --interval` and `accounts adopt --code-timeout`.
@_spi(RootmailHost) public enum IntervalText {
  /// The seconds `text` says, or nil when it is not such a time.
  public static func seconds(_ text: String) -> Int? {
    let t = text.trimmingSpaces().lowercased()
    guard let last = t.last else { return nil }
    let unit: Int
    let digits: Substring
    switch last {
    case "s": (unit, digits) = (1, t.dropLast())
    case "m": (unit, digits) = (60, t.dropLast())
    case "h": (unit, digits) = (3600, t.dropLast())
    default: (unit, digits) = (1, Substring(t))
    }
    guard !digits.isEmpty, digits.count <= 6, digits.allSatisfy({ $0 >= "0" && $0 <= "9" }), let n = Int(digits) else {
      return nil
    }
    let total = n * unit
    return (1...86_400).contains(total) ? total : nil
  }
}
