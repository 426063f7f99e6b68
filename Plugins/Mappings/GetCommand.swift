@_spi(RootmailHost) import RootmailKit

/// `rootmail mappings get <email|account-name>`: one mapping.
struct GetCommand: RootmailCommand {
  static let configuration = CommandConfiguration(
    commandName: "get", abstract: "Show the mapping of an address or account name.", aliases: ["show"])

  @OptionGroup var global: GlobalOptions

  @Argument(help: MappingLookup.help, completion: ValueCompletion.accountCompletion)
  var key: String

  func run(in context: CommandContext) async throws {
    RecordOutput.emit(try await MappingLookup.find(key, in: try await context.openStore()), in: context)
  }
}
