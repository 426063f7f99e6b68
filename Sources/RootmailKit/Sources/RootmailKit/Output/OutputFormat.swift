/// How a command prints its data on stdout (`--output`): an aligned table for people (cut to
/// the terminal's width; `wide` prints every cell whole), JSON for programs, or plain
/// tab-separated text for shell pipelines.
public enum OutputFormat: String, CaseIterable, ExpressibleByArgument, Sendable {
  case table
  case wide
  case json
  case text

  /// Table on a terminal, text when piped, as the design asks.
  public static func defaultFormat(stdoutIsTerminal: Bool) -> OutputFormat {
    stdoutIsTerminal ? .table : .text
  }
}
