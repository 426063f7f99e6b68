/// Asking before a destructive step: on a terminal the user answers y/N; without one the
/// command needs `--yes`, so scripts never delete by accident.
@_spi(RootmailHost) public enum Confirmation {
  /// Returns normally when the step may go ahead. Without a terminal and without `yes`, throws
  /// a usage error (exit 64); a "no" on the terminal throws a failure (exit 1). Nothing is
  /// changed in either case.
  public static func require(
    _ question: String, yes: Bool, stdinIsTerminal: Bool = Terminal.stdinIsTerminal,
    ask: (String) -> String? = { prompt in
      StandardStream.writeErr(prompt)
      return readLine()
    }
  ) throws {
    if yes { return }
    guard stdinIsTerminal else {
      throw CLIError.usage("\(question): no terminal to ask on; pass --yes to confirm (nothing was changed)")
    }
    let answer = (ask("\(question) [y/N] ") ?? "").trimmingSpaces().lowercased()
    guard answer == "y" || answer == "yes" else { throw CLIError("not confirmed; nothing was changed") }
  }
}
