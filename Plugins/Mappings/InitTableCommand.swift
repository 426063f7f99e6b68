@_spi(RootmailHost) import RootmailKit

/// `rootmail mappings init-table`: creates the DynamoDB table as aws-account-factory-email's
/// stack does (the engine of the configured store does the work).
struct InitTableCommand: RootmailCommand {
  static let configuration = CommandConfiguration(
    commandName: "init-table",
    abstract: "Create the DynamoDB mapping table (key AccountEmail, GSI AccountName-Enum-Index).")

  @OptionGroup var global: GlobalOptions

  func run(in context: CommandContext) async throws {
    context.note(try await MappingStoreFactory.initializeTable(context: context))
  }
}
