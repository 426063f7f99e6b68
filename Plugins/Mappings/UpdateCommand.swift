@_spi(RootmailHost) import RootmailKit

/// `rootmail mappings update <email>`: change the owner, account type, tags or status.
struct UpdateCommand: RootmailCommand {
  static let configuration = CommandConfiguration(
    commandName: "update", abstract: "Change a mapping's owner, account type, tags or status.")

  @OptionGroup var global: GlobalOptions

  @Argument(help: ArgumentHelp("The address whose mapping changes.", valueName: "email"))
  var email: String

  @Option(help: ArgumentHelp("The new owner.", valueName: "address"))
  var owner: String?

  @Option(name: .customLong("account-type"), help: ArgumentHelp("The new account type.", valueName: "type"))
  var accountType: String?

  @Option(name: .customLong("tag"), help: ArgumentHelp("Set a tag (repeatable; key= removes it).", valueName: "key=value"))
  var tags: [String] = []

  @Option(help: ArgumentHelp("The new status.", valueName: "status"))
  var status: String?

  func run(in context: CommandContext) async throws {
    let changes = MappingUpdate(owner: owner, accountType: accountType, tags: try MappingTags.parse(tags), status: status)
    guard !changes.isEmpty else { throw CLIError.usage("nothing to change: give --owner, --account-type, --tag or --status") }
    if let owner { try Validation.owner(owner) }
    if let accountType { try Validation.accountType(accountType, allowed: context.config.list(.accountTypes)) }
    for (k, v) in changes.tags where !v.isEmpty { try Validation.tag(key: k, value: v) }
    if let status { try Validation.status(status) }
    let record = try await context.openStore().update(email: email, changes)
    RecordOutput.emit(record, in: context)
  }
}
