@_spi(RootmailHost) import RootmailKit

/// `rootmail mappings update <email|account-name>`: change the owner, account type, tags or status.
struct UpdateCommand: RootmailCommand {
  static let configuration = CommandConfiguration(
    commandName: "update", abstract: "Change a mapping's owner, account type, tags or status.")

  @OptionGroup var global: GlobalOptions

  @Argument(help: MappingLookup.help, completion: ValueCompletion.accountCompletion)
  var key: String

  @Option(help: ArgumentHelp("The new owner.", valueName: "address"))
  var owner: String?

  @Option(name: .customLong("account-type"), help: ArgumentHelp("The new account type.", valueName: "type"))
  var accountType: String?

  @Option(name: .customLong("tag"), help: ArgumentHelp("Set a tag (repeatable; key= removes it).", valueName: "key=value"))
  var tags: [String] = []

  @Option(help: ArgumentHelp("The new status: \(MappingStatus.listed).", valueName: "status"))
  var status: String?

  func run(in context: CommandContext) async throws {
    let status = try status.map { try MappingStatus.checked($0) }
    let changes = MappingUpdate(owner: owner, accountType: accountType, tags: try MappingTags.parse(tags), status: status)
    guard !changes.isEmpty else { throw CLIError.usage("nothing to change: give --owner, --account-type, --tag or --status") }
    if let owner { try Validation.owner(owner) }
    if let accountType { try Validation.accountType(accountType, allowed: context.config.list(.accountTypes)) }
    for (k, v) in changes.tags where !v.isEmpty { try Validation.tag(key: k, value: v) }
    let store = try await context.openStore()
    let record = try await store.update(email: try await MappingLookup.find(key, in: store).accountEmail, changes)
    RecordOutput.emit(record, in: context)
  }
}
