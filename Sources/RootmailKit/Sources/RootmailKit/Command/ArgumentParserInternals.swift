/// The two places rootmail reaches into swift-argument-parser's underscored API, kept here alone.
///
/// `_dumpHelp()` is the JSON the parser prints for `--experimental-dump-help` (ToolInfoV0):
/// the global options' spellings, the man pages and the root help come from it. The command
/// name of a type comes from public API. `ArgumentParserInternalsTests` fails loudly when the
/// dump stops looking as this file expects (after an update of the package).
@_spi(RootmailHost) public enum ArgumentParserInternals {
  /// The help dump of `command` (ToolInfoV0 JSON: `command.arguments[].names`,
  /// `command.subcommands`, …).
  public static func helpDump(of command: any ParsableCommand.Type) -> String {
    command._dumpHelp()
  }

  /// The name a user types for `command`: its configured name, else the type name in kebab
  /// case, as swift-argument-parser derives it (`WhoAmICommand` → `who-am-i-command`).
  public static func commandName(of command: any ParsableCommand.Type) -> String {
    if let name = command.configuration.commandName { return name }
    return kebabCase(String(describing: command))
  }

  /// The subcommand of `command` that `word` names (its name or an alias), as the parser
  /// finds it.
  public static func subcommand(_ word: String, of command: any ParsableCommand.Type) -> (any ParsableCommand.Type)? {
    command.configuration.subcommands.first { commandName(of: $0) == word || $0.configuration.aliases.contains(word) }
  }

  /// `HTTPServerName` → `http-server-name`: a word starts at an upper-case letter after a
  /// lower-case one, or at the last of a run of upper-case letters followed by a lower-case one.
  static func kebabCase(_ name: String) -> String {
    let characters = Array(name)
    var result = ""
    for (index, character) in characters.enumerated() {
      if character.isUppercase, index > 0 {
        let previous = characters[index - 1]
        let nextIsLower = index + 1 < characters.count && characters[index + 1].isLowercase
        if previous.isLowercase || previous.isNumber || (previous.isUppercase && nextIsLower) { result += "-" }
      }
      result += character.lowercased()
    }
    return result
  }
}
