/// When to colour output (`--color`, config `color`): on a terminal only (`auto`), always, or
/// never. `NO_COLOR` (any value) and `--no-color` mean never, unless `--color always` is given.
@_spi(RootmailHost) public enum ColorChoice: String, CaseIterable, ExpressibleByArgument, Sendable {
  case auto
  case always
  case never

  /// Whether to colour a stream that is (or is not) a terminal.
  public func enabled(streamIsTerminal: Bool, noColorFlag: Bool, environment: [String: String]) -> Bool {
    switch self {
    case .always: return true
    case .never: return false
    case .auto:
      if noColorFlag { return false }
      if let v = environment["NO_COLOR"], !v.isEmpty { return false }
      if environment["TERM"] == "dumb" { return false }
      return streamIsTerminal
    }
  }
}

/// The few styles rootmail colours with, as git and gh use them: good green, bad red, warnings
/// yellow, ids and secondary facts dim.
public enum TextStyle: Sendable, Equatable {
  case plain
  case good
  case bad
  case warning
  case dim

  /// The SGR sequence that starts the style ("" for plain).
  var start: String {
    switch self {
    case .plain: ""
    case .good: "\u{1b}[32m"
    case .bad: "\u{1b}[31m"
    case .warning: "\u{1b}[33m"
    case .dim: "\u{1b}[2m"
    }
  }

  /// `text` (already escaped for the terminal) in this style when `enabled`.
  public func apply(_ text: String, enabled: Bool) -> String {
    guard enabled, self != .plain, !text.isEmpty else { return text }
    return start + text + "\u{1b}[0m"
  }
}
