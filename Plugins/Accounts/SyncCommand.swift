@_spi(RootmailHost) import RootmailKit

/// `rootmail accounts sync`: records in the mapping of each vended address the account whose
/// root email it is.
struct AccountsSyncCommand: RootmailCommand {
  static let configuration = CommandConfiguration(
    commandName: "sync",
    abstract: "Record each account's id in the mapping of its root email.",
    discussion: """
      For every account of the organization whose root email has a mapping, sets the mapping's \
      AccountId when it differs. Creates no mapping \
      and deletes none, unless --create-missing, which adds one (with --owner) for each root \
      email on the receiving domain that has none. Prints what it changed.
      """)

  @OptionGroup var global: GlobalOptions

  @Flag(name: .customLong("primary-email"), help: "Ask Account Management for each root email.")
  var primaryEmail = false

  @Flag(name: .customLong("create-missing"), help: "Add a mapping for root emails on the receiving domain that have none.")
  var createMissing = false

  @Option(help: ArgumentHelp("The owner of mappings --create-missing adds.", valueName: "address"))
  var owner: String?

  @Flag(name: .customLong("dry-run"), help: "Show what would change; write nothing.")
  var dryRun = false

  /// One change sync makes.
  struct Change: Sendable, Equatable {
    var accountID: String
    var email: String
    var action: String
  }

  func run(in context: CommandContext) async throws {
    if createMissing {
      guard let owner else { throw CLIError.usage("--create-missing needs --owner") }
      try Validation.owner(owner)
    }
    let domain = try context.config.receivingDomain()
    let reader = try await OrganizationReader(context: context)
    let accounts = try await reader.accounts()
    let primary = primaryEmail ? try await reader.primaryEmails(of: accounts, limit: 4) : [:]
    let store = try await context.openStore()
    let inventory = AccountInventory.build(
      accounts: accounts, primaryEmails: primary, mappings: try await store.list(MappingFilter()), receivingDomain: domain,
      mail: .init())
    let changes = Self.plan(inventory, createMissing: createMissing)
    for change in changes where !dryRun {
      switch change.action {
      case Self.created:
        let account = inventory.rows.first { $0.id == change.accountID }
        try await store.insert(
          MappingRecord(
            accountEmail: change.email, ownerAddress: owner ?? "", accountName: account?.name ?? "", accountType: "",
            status: account?.status ?? MappingRecord.allocated, accountId: change.accountID))
      default:
        _ = try await store.update(email: change.email, MappingUpdate(accountId: change.accountID))
      }
    }
    let verb = dryRun ? "would change" : "changed"
    if context.outputFormat == .json {
      context.emit(
        .array(
          changes.map {
            .object([("account_id", .string($0.accountID)), ("email", .string($0.email)), ("action", .string($0.action))])
          }))
    } else {
      context.emit(Table(columns: ["account id", "email", "action"], rows: changes.map { [$0.accountID, $0.email, $0.action] }))
    }
    context.note("accounts sync: \(verb) \(changes.count) mapping(s)")
  }

  static let recorded = "recorded account id"
  static let created = "created mapping"

  /// The mappings to change: those of a root email whose account id is missing or another, and
  /// (with `createMissing`) the root emails on the receiving domain without a mapping.
  static func plan(_ inventory: AccountInventory, createMissing: Bool) -> [Change] {
    var changes: [Change] = []
    for row in inventory.rows {
      if row.vended, let mapping = row.mapping, mapping.accountId != row.id {
        changes.append(Change(accountID: row.id, email: mapping.accountEmail, action: recorded))
      }
    }
    if createMissing {
      for row in inventory.organizationOnly {
        changes.append(Change(accountID: row.id, email: row.rootEmail.lowercased(), action: created))
      }
    }
    return changes
  }
}
