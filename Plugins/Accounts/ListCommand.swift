@_spi(RootmailHost) import RootmailKit

/// `rootmail accounts list`: every account of the organization with its root email, whether it
/// is a vended address, its owner, its newest root mail and a pending reset link.
struct AccountsListCommand: RootmailCommand {
  static let configuration = CommandConfiguration(
    commandName: "list",
    abstract: "List the organization's accounts with their root email, owner and root mail.",
    discussion: """
      Joins Organizations ListAccounts with the mapping store and the local mail cache (run \
      rootmail mail fetch first for fresh mail columns). VENDED says whether the root email is an \
      address of the receiving domain with a mapping. Mappings whose account id is in no account \
      of the organization, and accounts whose root email is on the receiving domain without a \
      mapping, are named on stderr (--output json: store_only and organization_only).
      """)

  static var pagesOutput: Bool { true }

  @OptionGroup var global: GlobalOptions

  @Flag(
    name: .customLong("primary-email"),
    help: "Ask Account Management for each root email (Organizations' copy can be hours old).")
  var primaryEmail = false

  @Flag(name: .customLong("not-vended"), help: "Only accounts whose root email is not a vended address.")
  var notVended = false

  @Option(help: ArgumentHelp("Only accounts whose mapping has this owner.", valueName: "address"))
  var owner: String?

  @Option(help: ArgumentHelp("GetPrimaryEmail calls in flight at once (1–32).", valueName: "n"))
  var concurrency = 4

  func run(in context: CommandContext) async throws {
    guard (1...32).contains(concurrency) else {
      throw CLIError.invalid(field: "--concurrency", value: String(concurrency), rule: "must be from 1 to 32")
    }
    let domain = try context.config.receivingDomain()
    let reader = try await OrganizationReader(context: context)
    let accounts = try await reader.accounts()
    let primary = primaryEmail ? try await reader.primaryEmails(of: accounts, limit: concurrency) : [:]
    let mappings = try await context.openStore().list(MappingFilter())
    var inventory = AccountInventory.build(
      accounts: accounts, primaryEmails: primary, mappings: mappings, receivingDomain: domain, mail: await reader.mailFacts())
    if notVended { inventory.rows.removeAll { $0.vended } }
    if let owner { inventory.rows.removeAll { $0.owner.lowercased() != owner.lowercased() } }
    if context.outputFormat == .json {
      context.emit(inventory.json)
      return
    }
    // Filters named as typed; none: the organization itself lists no account.
    let filters = [notVended ? "--not-vended" : nil, owner.map { "--owner \($0)" }].compactMap { $0 }
    context.emit(
      inventory.table(now: MailTime.now()),
      whenEmpty: filters.isEmpty
        ? "no accounts: the organization lists none (are these the management account's credentials?)"
        : "no accounts match " + filters.joined(separator: " "))
    for m in inventory.storeOnly {
      context.warn("\(m.email) is mapped to account \(m.accountID), which is not in the organization")
    }
    for r in inventory.organizationOnly {
      context.warn("account \(r.id) has root email \(r.rootEmail) on \(domain), which the store has no mapping for")
    }
  }
}
