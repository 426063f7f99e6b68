@_spi(RootmailHost) import RootmailKit

/// `rootmail vend`: a new root-user address for an AWS account, recorded in the mapping store.
struct VendCommand: RootmailCommand {
  static let configuration = CommandConfiguration(
    commandName: "vend",
    abstract: "Vend a new root-user email address and record who owns it.",
    discussion: """
      Prints only the address (so `addr=$(rootmail vend --owner me@example.com)` works); \
      --output json prints the whole mapping. A rule broken by any field exits 65 and writes \
      nothing; an address or account name that exists already exits 1 and overwrites nothing.

      --request FILE reads one JSON object in aws-account-factory-email's shape; \
      --from-file FILE reads one such object a line (JSON lines; blank lines are skipped) and \
      prints one result a line. Keys, all optional (flags fill what a request leaves out; \
      other keys are ignored):
        OwnerAddress  who reads the account's root mail (--owner)
        AccountType   one of account_types (--account-type)
        Tags          an object of strings stored with the mapping; the name
                      strategy reads BusinessUnit, ApplicationName, Environment
        AccountName   use this account name (it takes no counter)
        AccountEmail  use this address instead of a generated one
        Strategy      uuid or name (--strategy)
      Example (one line of a --from-file file):
        {"OwnerAddress": "jdoe@example.com", "AccountType": "IT", "Tags":
         {"BusinessUnit": "Blue-Origin", "ApplicationName": "space-cube-z",
          "Environment": "PRODUCTION"}}
      More: docs/examples/vend-request.json, and
        rootmail vend --strategy name --from-file docs/examples/vend-requests.jsonl

      Environments (name strategy): PRODUCTION/prod, DEVELOPMENT/dev, EVALUATION/eval, \
      QUALITYASSURANCE/qa, TRAINING/trn, VALIDATION/val, test and staging (stg), in any case; \
      none means eval. Any other name is refused (exit 65), as an address is permanent: map it \
      in the config's [environments] table (NAME = "short"; it adds to this table) or give \
      --environment-default.
      """)

  @OptionGroup var global: GlobalOptions

  @Option(help: "uuid (<prefix>+<random hex>@domain) or name (<bu>-<app>-<env>-<NNN>@domain).")
  var strategy: VendStrategy?

  @Option(help: ArgumentHelp("Who reads this account's root mail (required).", valueName: "address"))
  var owner: String?

  @Option(
    name: .customLong("account-type"),
    help: ArgumentHelp(
      "One of the configured account_types (default: account_type from the config; the uuid strategy needs none).",
      valueName: "type"))
  var accountType: String?

  @Option(name: .customLong("tag"), help: ArgumentHelp("A tag to store with the mapping (repeatable).", valueName: "key=value"))
  var tags: [String] = []

  @Option(name: .customLong("business-unit"), help: ArgumentHelp("Business unit (name strategy).", valueName: "bu"))
  var businessUnit: String?

  @Option(help: ArgumentHelp("Application name (name strategy).", valueName: "app"))
  var application: String?

  @Option(
    help: ArgumentHelp(
      "Environment: PRODUCTION, DEVELOPMENT, prod, dev, test, staging, … (name strategy; none: eval).",
      discussion: "A name that is neither in the built-in table nor in the config's [environments] table is refused (exit 65).",
      valueName: "env"))
  var environment: String?

  @Option(
    name: .customLong("environment-default"),
    help: ArgumentHelp(
      "The short name for an environment no table knows (as the sample's eval), instead of refusing it.",
      valueName: "short"))
  var environmentDefault: String?

  @Option(
    name: .customLong("account-name"), help: ArgumentHelp("Use this account name (it takes no counter).", valueName: "name"))
  var accountName: String?

  @Option(help: ArgumentHelp("Use this address instead of a generated one.", valueName: "address"))
  var email: String?

  @Option(
    name: .customLong("random-length"),
    help: ArgumentHelp("Random hex characters of uuid addresses (at least 8).", valueName: "n"))
  var randomLength: Int?

  @Option(help: ArgumentHelp("A JSON request in aws-account-factory-email's shape (- for stdin).", valueName: "file"))
  var request: String?

  @Option(name: .customLong("from-file"), help: ArgumentHelp("Vend one address per JSON line of this file.", valueName: "file"))
  var fromFile: String?

  @Flag(name: .customLong("dry-run"), help: "Show what would be vended; write nothing.")
  var dryRun = false

  @Flag(name: .customLong("create-account"), help: "Also create the AWS account with AWS Organizations and wait for it.")
  var createAccount = false

  /// The request the flags make (the defaults for --request and --from-file).
  func flagRequest() throws -> VendRequest {
    var tagMap = try MappingTags.parse(tags)
    if let businessUnit { tagMap[VendRequest.businessUnitTag] = businessUnit }
    if let application { tagMap[VendRequest.applicationTag] = application }
    if let environment { tagMap[VendRequest.environmentTag] = environment }
    return VendRequest(
      owner: owner, accountType: accountType, tags: tagMap, accountName: accountName, email: email, strategy: strategy)
  }

  func run(in context: CommandContext) async throws {
    if request != nil && fromFile != nil { throw CLIError.usage("--request and --from-file cannot be used together") }
    if createAccount && fromFile != nil {
      throw CLIError.usage("--create-account vends one account at a time; not with --from-file")
    }
    if request == nil && fromFile == nil && owner == nil { throw CLIError.usage("--owner is required") }
    // The flags' own values first: a typo is named before anything the config lacks.
    let defaults = try flagRequest()
    try Vendor.checkValues(defaults)
    var settings = try VendSettings(config: context.config)
    if let environmentDefault {
      guard AddressGenerator.isShortEnvironment(environmentDefault) else {
        throw CLIError.usage("--environment-default \(environmentDefault): must be 1 to 16 lower-case letters and digits")
      }
      settings.environmentDefault = environmentDefault
    }
    let creator = createAccount && !dryRun ? try OrganizationsAccountCreator(context: context) : nil
    let store = try await context.openStore()
    let vendor = Vendor(settings: settings, store: store, randomLength: randomLength)
    if let fromFile {
      try await runBatch(
        InputText.read(fromFile), source: fromFile == "-" ? "standard input" : fromFile, vendor: vendor, defaults: defaults,
        context: context)
      return
    }
    var vendRequest = defaults
    if let request {
      vendRequest = try VendRequest(json: VendBatch.parseJSON(InputText.read(request, what: "request"))).filling(from: defaults)
    }
    var record = try await vendor.vend(vendRequest, dryRun: dryRun)
    if dryRun { context.note("dry run: nothing was written") }
    if let creator {
      let flow = AccountCreationFlow(creator: creator, store: store) { context.note($0) }
      record = try await flow.run(for: record)
    }
    switch context.outputFormat {
    case .json: context.emit(record.json)
    case .table, .wide, .text: context.print(record.accountEmail)
    }
  }

  func runBatch(_ text: String, source: String, vendor: Vendor, defaults: VendRequest, context: CommandContext) async throws {
    let batch = VendBatch(vendor: vendor, defaults: defaults, dryRun: dryRun)
    let json = context.outputFormat == .json
    var total = 0
    let failures = try await batch.run(text, source: source) { result in
      total += 1
      context.print(result.render(json: json))
    }
    context.note("vended \(total - failures) of \(total)\(dryRun ? " (dry run: nothing was written)" : "")")
    if failures > 0 { throw CLIError("\(failures) of \(total) requests failed") }
  }
}

/// The vend plugin: the `vend` command.
public let pluginDescriptor = PluginDescriptor(name: "Vend", version: "1.0.0", commands: [VendCommand.self])
