@_spi(RootmailHost) import RootmailKit

/// `rootmail mappings get <email|account-name>`: one mapping.
struct GetCommand: RootmailCommand {
  static let configuration = CommandConfiguration(commandName: "get", abstract: "Show the mapping of an address or account name.")

  @OptionGroup var global: GlobalOptions

  @Argument(
    help: ArgumentHelp("An address, or a full account name (bu-app-env-001).", valueName: "email|account-name"),
    completion: ValueCompletion.accountCompletion)
  var key: String

  func run(in context: CommandContext) async throws {
    let store = try await context.openStore()
    let found: MappingRecord?
    if key.contains("@") {
      found = try await store.get(email: key)
    } else {
      found = try await store.get(accountName: key)
    }
    guard let record = found else { throw MappingStoreError.notFound(key) }
    RecordOutput.emit(record, in: context)
  }
}
