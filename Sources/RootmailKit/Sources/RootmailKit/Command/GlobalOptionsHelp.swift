/// Shows the global options once: as a section of `rootmail --help` and rootmail(1), and as one
/// line at the end of every other command's help (where `GlobalOptions` is hidden).
@_spi(RootmailHost) public enum GlobalOptionsHelp {
  /// The line that ends a subcommand's help.
  public static let note = "GLOBAL OPTIONS: see 'rootmail --help' (--profile, --region, --endpoint-url, --config, -o, -v, ...)"

  /// Runs `body` with the global options shown (for completion scripts and the root's list).
  public static func shown<T>(_ body: () throws -> T) rethrows -> T {
    let before = GlobalOptions.visibility
    GlobalOptions.visibility = .default
    defer { GlobalOptions.visibility = before }
    return try body()
  }

  private struct Probe: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rootmail")
    @OptionGroup(title: "Global options") var global: GlobalOptions
  }

  /// The "GLOBAL OPTIONS:" section as swift-argument-parser renders it (no trailing newline).
  static func section(columns: Int?) -> String {
    let help = shown { Probe.helpMessage(columns: columns) }
    guard let start = help.firstRange(of: "GLOBAL OPTIONS:") else { return "" }
    let rest = help[start.lowerBound...]
    let end = rest.firstRange(of: "\n\n")?.lowerBound ?? rest.endIndex
    return String(rest[..<end])
  }

  /// The global options' entries from swift-argument-parser's help dump (for rootmail(1)).
  static func dumpedArguments() -> [JSONValue] {
    let dump = shown { ArgumentParserInternals.helpDump(of: Probe.self) }
    return (try? JSONValue.parse(dump))?["command"]?["arguments"]?.arrayValue?.filter {
      $0["shouldDisplay"]?.boolValue ?? true
    } ?? []
  }

  /// `message` (a help text from `fullMessage(for:)` for a command under `root`) with the
  /// global options added: listed when it is the root's help, one line pointing there when the
  /// command takes them (not for command groups or `completion`).
  public static func adjusted(_ message: String, root: any ParsableCommand.Type, columns: Int? = nil) -> String {
    let rootName = ArgumentParserInternals.commandName(of: root)
    guard let usage = message.firstRange(of: "USAGE: \(rootName)") else {
      return message.hasSuffix("\n") ? message : message + "\n"
    }
    var text = message
    while text.hasSuffix("\n") { text.removeLast() }
    if message.contains("USAGE: \(rootName) <subcommand>\n") {
      // Before the list of commands, after the root's own options.
      let section = section(columns: columns)
      if let commands = text.firstRange(of: "\n\nSUBCOMMANDS:") {
        text.insert(contentsOf: "\n\n" + section, at: commands.lowerBound)
      } else {
        text += "\n\n" + section
      }
      return text + "\n"
    }
    // The command the help is for: the words of its usage line up to the first argument.
    var command = root
    let line = message[usage.upperBound...].prefix { $0 != "\n" }
    for word in line.split(separator: " ") {
      guard let next = ArgumentParserInternals.subcommand(String(word), of: command) else { break }
      command = next
    }
    guard takesGlobalOptions(command) else { return text + "\n" }
    return text + "\n\n" + note + "\n"
  }

  /// Whether `command` declares `@OptionGroup var …: GlobalOptions`.
  static func takesGlobalOptions(_ command: any ParsableCommand.Type) -> Bool {
    Mirror(reflecting: command.init()).children.contains { $0.value is OptionGroup<GlobalOptions> }
  }
}
