/// The commands rootmail itself provides (not from a plugin).
@_spi(RootmailHost) public enum Builtins {
  public static let commands: [any ParsableCommand.Type] = [
    ConfigCommand.self, PluginsCommand.self, WhoAmICommand.self, DoctorCommand.self, CompletionCommand.self,
    GenerateDocsCommand.self,
  ]
  /// Their names; a plugin may not claim one.
  public static var names: Set<String> { Set(commands.map { ArgumentParserInternals.commandName(of: $0) } + ["help"]) }
  /// Built-ins that report on every plugin, so the host loads them all first.
  public static let needingPlugins: Set<String> = ["plugins", "doctor", "completion", "generate-docs"]
}
