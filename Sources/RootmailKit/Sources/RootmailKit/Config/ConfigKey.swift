/// One setting rootmail knows: its name in the config file (`some_key`), the environment
/// variable that sets it (`ROOTMAIL_SOME_KEY`), its kind, default and one line of documentation.
public struct ConfigKey: Hashable, Sendable {
  /// What values a key takes; environment and flags give text, parsed by kind.
  public enum Kind: Sendable, Hashable {
    case string
    case integer(ClosedRange<Int>)
    case boolean
    /// A list; in the environment, comma-separated (colon-separated for paths).
    case list(separator: Character)
    case choice([String])
  }

  public let name: String
  public let kind: Kind
  public let defaultValue: ConfigValue?
  public let summary: String
  /// Whether `ROOTMAIL_<NAME>` sets it (not for `pager`: `ROOTMAIL_PAGER` names the pager, as
  /// `GIT_PAGER` does).
  public let readsEnvironment: Bool

  public init(
    _ name: String, _ kind: Kind, default defaultValue: ConfigValue?, _ summary: String, readsEnvironment: Bool = true
  ) {
    self.name = name
    self.kind = kind
    self.defaultValue = defaultValue
    self.summary = summary
    self.readsEnvironment = readsEnvironment
  }

  public var environmentVariable: String { "ROOTMAIL_" + name.uppercased() }

  public static func == (a: ConfigKey, b: ConfigKey) -> Bool { a.name == b.name }
  public func hash(into h: inout Hasher) { h.combine(name) }
}

/// A resolved setting value.
public enum ConfigValue: Equatable, Sendable, CustomStringConvertible {
  case string(String)
  case integer(Int)
  case boolean(Bool)
  case list([String])

  public var description: String {
    switch self {
    case .string(let s): return s
    case .integer(let n): return String(n)
    case .boolean(let b): return b ? "true" : "false"
    case .list(let items): return items.joined(separator: ",")
    }
  }

  var json: JSONValue {
    switch self {
    case .string(let s): return .string(s)
    case .integer(let n): return .int(n)
    case .boolean(let b): return .bool(b)
    case .list(let items): return .array(items.map { .string($0) })
    }
  }
}

extension ConfigKey {
  public static let domain = ConfigKey("domain", .string, default: nil, "the company's domain, e.g. example.com")
  public static let subdomain = ConfigKey(
    "subdomain", .string, default: .string("aws"),
    "receiving subdomain; mail goes to <subdomain>.<domain> (empty: the bare domain)")
  public static let region = ConfigKey(
    "region", .string, default: nil, "AWS region (after --region, AWS_REGION, AWS_DEFAULT_REGION, the profile)")
  public static let profile = ConfigKey("profile", .string, default: nil, "AWS profile from the shared config files")
  public static let endpointURL = ConfigKey("endpoint_url", .string, default: nil, "send every AWS call to this endpoint instead")
  public static let caBundle = ConfigKey(
    "ca_bundle", .string, default: nil,
    "PEM file of CA certificates to trust for AWS (after AWS_CA_BUNDLE and the profile's ca_bundle)")
  public static let connectTimeout = ConfigKey(
    "connect_timeout", .integer(0...86_400), default: .integer(10),
    "seconds to connect to AWS, 0 for no limit (after the profile's cli_connect_timeout)")
  public static let readTimeout = ConfigKey(
    "read_timeout", .integer(0...86_400), default: .integer(60),
    "seconds without data from AWS before an attempt fails, 0 for no limit (after the profile's cli_read_timeout)")
  public static let totalTimeout = ConfigKey(
    "total_timeout", .integer(0...86_400), default: .integer(300),
    "seconds one attempt of an AWS call may take in all, 0 for no limit (a download gets its size's time at 1 KiB/s on top)")
  public static let store = ConfigKey(
    "store", .string, default: .string("sqlite"), "mapping store: sqlite, sqlite:<path> or dynamodb:<table>")
  public static let bucket = ConfigKey("bucket", .string, default: nil, "S3 bucket SES stores received mail in")
  public static let bucketPrefix = ConfigKey(
    "bucket_prefix", .string, default: .string("RootMail/"), "key prefix of received mail in the bucket")
  public static let prefix = ConfigKey(
    "prefix", .string, default: .string("root"), "local part before the + of uuid-strategy addresses")
  public static let strategy = ConfigKey(
    "strategy", .choice(["uuid", "name"]), default: .string("uuid"), "default vend strategy")
  public static let randomLength = ConfigKey(
    "random_length", .integer(8...32), default: .integer(12), "hex characters of randomness in uuid addresses")
  public static let counterLength = ConfigKey(
    "counter_length", .integer(1...10), default: .integer(3), "digits of the name-strategy counter")
  public static let accountTypes = ConfigKey(
    "account_types", .list(separator: ","), default: .list(["Sales", "Research", "IT", "DataEngineering"]),
    "allowed --account-type values")
  public static let accountType = ConfigKey(
    "account_type", .string, default: nil, "account type of vends that name none (one of account_types)")
  public static let addressFrom = ConfigKey("address_from", .string, default: nil, "From address of forwarded mail")
  public static let addressAdmin = ConfigKey(
    "address_admin", .string, default: nil, "where mail for unknown or unverified owners goes")
  public static let headerValue = ConfigKey(
    "header_value", .string, default: .string("rootmail"), "value of the X-Processed-By header on forwarded mail")
  public static let catchAll = ConfigKey(
    "catch_all", .boolean, default: .boolean(true), "forward mail for unknown recipients to address_admin")
  public static let filteredSubjects = ConfigKey(
    "filtered_subjects", .list(separator: ","),
    default: .list(["Your AWS Account is Ready - Get Started Now", "Welcome to Amazon Web Services"]),
    "subjects of mail that needs no action")
  public static let trustedMailDomains = ConfigKey(
    "trusted_mail_domains", .list(separator: ","), default: .list(["amazon.com", "amazonaws.com", "aws"]),
    "domains whose DMARC and DKIM (or SPF) pass makes a password-reset mail trusted")
  public static let receivers = ConfigKey(
    "receivers", .list(separator: ","), default: .list(["reset-link"]), "receive plugins run on each new mail, in order")
  public static let forwardFailedVerdicts = ConfigKey(
    "forward_failed_verdicts", .boolean, default: .boolean(false),
    "forward mail whose SES spam or virus verdict failed (off: such mail is skipped)")
  public static let forwardUntrustedPrefix = ConfigKey(
    "forward_untrusted_prefix", .string, default: .string("[unverified sender]"),
    "subject prefix of forwarded mail that fails DMARC or has no passing DKIM or SPF")
  public static let resetLinkParameterType = ConfigKey(
    "reset_link_parameter_type", .choice(["SecureString", "String"]), default: .string("SecureString"),
    "SSM parameter type the reset-link receiver stores links as")
  public static let maxAttempts = ConfigKey(
    "max_attempts", .integer(1...100), default: .integer(5),
    "tries of a failing receiver on one mail before it goes to the dead letters")
  public static let execTimeout = ConfigKey(
    "exec_timeout", .integer(1...86_400), default: .integer(60), "seconds an exec: receiver may run before it is killed")
  public static let receiptTable = ConfigKey(
    "receipt_table", .string, default: nil,
    "DynamoDB table for receiver claims and outcomes (default: the mapping table, with a dynamodb store)")
  public static let pluginPath = ConfigKey(
    "plugin_path", .list(separator: ":"), default: nil, "extra plugin folders, searched after ROOTMAIL_PLUGIN_PATH")
  public static let output = ConfigKey(
    "output", .choice(OutputFormat.allCases.map(\.rawValue)), default: nil, "output format: table, wide, json or text")
  public static let color = ConfigKey(
    "color", .choice(ColorChoice.allCases.map(\.rawValue)), default: .string("auto"),
    "colour: auto (on a terminal, unless NO_COLOR is set), always or never")
  public static let pager = ConfigKey(
    "pager", .boolean, default: .boolean(true),
    "page long output on a terminal through $ROOTMAIL_PAGER, $PAGER or less -FRX", readsEnvironment: false)

  /// Every key, in the order `config show` and `config init` print them.
  public static let all: [ConfigKey] = [
    .domain, .subdomain, .region, .profile, .endpointURL, .caBundle, .connectTimeout, .readTimeout, .totalTimeout, .store,
    .bucket, .bucketPrefix, .prefix, .strategy, .randomLength, .counterLength, .accountTypes, .accountType, .addressFrom,
    .addressAdmin, .headerValue, .catchAll,
    .filteredSubjects, .trustedMailDomains, .receivers, .forwardFailedVerdicts, .forwardUntrustedPrefix,
    .resetLinkParameterType, .maxAttempts,
    .execTimeout, .receiptTable, .queue, .queueTopic, .reconcileInterval, .receive, .queueMaxReceives, .pluginPath,
    .output, .color, .pager,
  ]

  public static func named(_ name: String) -> ConfigKey? { all.first { $0.name == name } }

  /// Whether `name` is a key of one of the config file's two kinds of table: a receiver's
  /// settings, `receiver.<name>.<key>` (`[receiver.mail-log]` then `file = …`), and vend's
  /// environment names, `environments.<name>` (`[environments]` then `"PRE-PROD" = "preprod"`).
  static func isTableKey(_ name: String) -> Bool {
    let parts = name.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.dropFirst().allSatisfy({ !$0.isEmpty }) else { return false }
    return (parts.count >= 3 && parts[0] == "receiver") || (parts.count >= 2 && parts[0] == "environments")
  }

  /// The tables' keys, for the messages about a key that is no setting.
  static let tableKeys = "a table's keys are receiver.<name>.<key> and environments.<name>"

  /// What the rule of keys says when a key is no setting.
  static let keyRule = "not a rootmail setting (`rootmail config show` lists them; \(tableKeys))"
}
