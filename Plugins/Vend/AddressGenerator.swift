@_spi(RootmailHost) import RootmailKit

/// The settings vend reads from the configuration.
public struct VendSettings: Sendable, Equatable {
  /// `<subdomain>.<domain>`, or the bare domain.
  public var receivingDomain: String
  /// The local part before the `+` of uuid addresses (`root`).
  public var prefix: String
  public var randomLength: Int
  public var counterLength: Int
  public var accountTypes: [String]
  /// The account type of requests that name none (`account_type`).
  public var defaultAccountType: String?
  public var defaultStrategy: VendStrategy
  /// Environment names (upper-cased) to the short names in addresses: the built-in table
  /// (`AddressGenerator.environmentTable`) extended by the config's `[environments]` table.
  public var environments: [String: String]
  /// The short name for an environment the table does not know (`--environment-default`); nil
  /// refuses it, as an address is permanent.
  public var environmentDefault: String?

  public init(
    receivingDomain: String, prefix: String = "root", randomLength: Int = 12, counterLength: Int = 3,
    accountTypes: [String] = ["Sales", "Research", "IT", "DataEngineering"], defaultAccountType: String? = nil,
    defaultStrategy: VendStrategy = .uuid, environments: [String: String] = AddressGenerator.environmentTable,
    environmentDefault: String? = nil
  ) {
    self.environments = environments
    self.environmentDefault = environmentDefault
    self.receivingDomain = receivingDomain
    self.prefix = prefix
    self.randomLength = randomLength
    self.counterLength = counterLength
    self.accountTypes = accountTypes
    self.defaultAccountType = defaultAccountType
    self.defaultStrategy = defaultStrategy
  }

  /// The settings from a resolved configuration (domain required).
  public init(config: Config) throws {
    self.init(
      receivingDomain: try config.receivingDomain(), prefix: config.string(.prefix) ?? "root",
      randomLength: config.integer(.randomLength) ?? 12, counterLength: config.integer(.counterLength) ?? 3,
      accountTypes: config.list(.accountTypes), defaultAccountType: config.string(.accountType).flatMap { $0.isEmpty ? nil : $0 },
      defaultStrategy: config.string(.strategy).flatMap(VendStrategy.init(rawValue:)) ?? .uuid,
      environments: try Self.environments(config: config))
  }

  /// The config's `[environments]` table: `NAME = "short"` entries that add to (or change) the
  /// built-in table; names are matched without regard to case.
  static let environmentsTable = "environments."

  /// The built-in table extended by the config's `[environments]` entries (a short name breaking
  /// `AddressGenerator.checkShortEnvironment` is a configuration error, exit 78).
  static func environments(config: Config) throws -> [String: String] {
    var table = AddressGenerator.environmentTable
    for (key, entry) in config.extra where key.hasPrefix(environmentsTable) {
      let name = String(key.dropFirst(environmentsTable.count))
      guard case .string(let short) = entry.value, AddressGenerator.isShortEnvironment(short) else {
        let where_ = config.filePath.map { "\($0):\(entry.line): " } ?? ""
        throw CLIError.configuration(
          "\(where_)[environments] \(name): must be a string of 1 to 16 lower-case letters and digits")
      }
      table[name.uppercased()] = short
    }
    return table
  }

  /// The fewest random hex characters a uuid address may have.
  public static let minimumRandomLength = 8
  /// The random hex characters a uuid address may have (as the `random_length` config key).
  public static let randomLengthRange = minimumRandomLength...32
}

/// Builds the parts of vended addresses: random hex, translated environments, names, counters.
public enum AddressGenerator {
  /// The sample's environment names (PRODUCTION→prod, DEVELOPMENT→dev, …), the short names
  /// themselves, and the short forms users type (test, staging). Unlike the sample, a name not
  /// here is refused rather than sent to eval (see `translateEnvironment`).
  public static let environmentTable: [String: String] = [
    "DEVELOPMENT": "dev", "EVALUATION": "eval", "PRODUCTION": "prod", "QUALITYASSURANCE": "qa", "TRAINING": "trn",
    "VALIDATION": "val", "DEV": "dev", "EVAL": "eval", "PROD": "prod", "QA": "qa", "TRN": "trn", "VAL": "val",
    "TEST": "test", "STAGING": "stg", "STG": "stg",
  ]
  /// The short name of a request with no environment, as in the sample.
  public static let defaultEnvironment = "eval"

  /// Whether `short` may stand in an address: 1 to 16 lower-case ASCII letters and digits.
  public static func isShortEnvironment(_ short: String) -> Bool {
    (1...16).contains(short.utf8.count) && short.utf8.allSatisfy { (0x61...0x7a).contains($0) || (0x30...0x39).contains($0) }
  }

  /// The short environment name for `value` from `settings.environments` (case does not
  /// matter); missing or empty → eval; unknown → `settings.environmentDefault`, or an input
  /// error (exit 65) listing the known names.
  public static func translateEnvironment(_ value: String?, settings: VendSettings) throws -> String {
    let name = (value ?? "").trimmingSpaces()
    if name.isEmpty { return defaultEnvironment }
    if let short = settings.environments[name.uppercased()] { return short }
    if let fallback = settings.environmentDefault { return fallback }
    throw CLIError.invalid(
      field: "environment", value: name,
      rule: "is not a known environment (known: \(settings.environments.keys.sorted().joined(separator: ", "))); "
        + "map it in the config's [environments] table or pass --environment-default <short name>")
  }

  /// `<bu>-<app>-<env>` lower-cased: the AccountName the counter is kept for.
  public static func baseName(businessUnit: String, application: String, environment: String?, settings: VendSettings)
    throws -> String
  {
    "\(businessUnit.lowercased())-\(application.lowercased())-\(try translateEnvironment(environment, settings: settings))"
  }

  /// The counter zero-padded to `length` digits (wider numbers are kept whole).
  public static func counter(_ n: Int, length: Int) -> String {
    let digits = String(n)
    return digits.count >= length ? digits : String(repeating: "0", count: length - digits.count) + digits
  }

  /// `<prefix>+<random>@<domain>`.
  public static func uuidAddress(settings: VendSettings, randomLength: Int) -> String {
    "\(settings.prefix)+\(RandomHex.make(length: randomLength))@\(settings.receivingDomain)"
  }
}
