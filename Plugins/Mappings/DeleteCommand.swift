@_spi(RootmailHost) import RootmailKit

/// `rootmail mappings delete <email>`: asks on a terminal; without one it needs --yes.
struct DeleteCommand: RootmailCommand {
  static let configuration = CommandConfiguration(
    commandName: "delete", abstract: "Delete a mapping (asks first; --yes when there is no terminal).")

  @OptionGroup var global: GlobalOptions

  @Argument(help: ArgumentHelp("The address whose mapping is deleted.", valueName: "email"))
  var email: String

  @Flag(name: [.customShort("y"), .long], help: "Delete without asking.")
  var yes = false

  func run(in context: CommandContext) async throws {
    let store = try await context.openStore()
    guard let record = try await store.get(email: email) else { throw MappingStoreError.notFound(email) }
    try Confirmation.require("delete the mapping of \(email) (owner \(record.ownerAddress))?", yes: yes)
    try await store.delete(email: email)
    context.note("deleted the mapping of \(email)")
  }
}
