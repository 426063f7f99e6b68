@_spi(RootmailHost) import RootmailKit

/// `rootmail mappings delete <email|account-name>`: asks on a terminal; without one it needs --yes.
struct DeleteCommand: RootmailCommand {
  static let configuration = CommandConfiguration(
    commandName: "delete", abstract: "Delete a mapping (asks first; --yes when there is no terminal).")

  @OptionGroup var global: GlobalOptions

  @Argument(help: MappingLookup.help, completion: ValueCompletion.accountCompletion)
  var key: String

  @Flag(name: [.customShort("y"), .long], help: "Delete without asking.")
  var yes = false

  func run(in context: CommandContext) async throws {
    let store = try await context.openStore()
    let record = try await MappingLookup.find(key, in: store)
    let email = record.accountEmail
    // An account that exists keeps receiving root mail: say who would no longer be its owner.
    let live = record.accountId.map { ", account \($0) exists: its root mail would have no owner" } ?? ""
    try Confirmation.require("delete the mapping of \(email) (owner \(record.ownerAddress)\(live))?", yes: yes)
    try await store.delete(email: email)
    context.note("deleted the mapping of \(email)\(record.accountId.map { " (account \($0))" } ?? "")")
  }
}
