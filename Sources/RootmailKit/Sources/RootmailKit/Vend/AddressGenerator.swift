/// The settings vend reads from the configuration.
public struct VendSettings: Sendable, Equatable {
  /// `<subdomain>.<domain>`, or the bare domain.
  public var receivingDomain: String
  /// The local part before the `+` of uuid addresses (`root`).
  public var prefix: String
  public var randomLength: Int
  public var counterLength: Int
  public var accountTypes: [String]
  public var defaultStrategy: VendStrategy

  public init(
    receivingDomain: String, prefix: String = "root", randomLength: Int = 12, counterLength: Int = 3,
    accountTypes: [String] = ["Sales", "Research", "IT", "DataEngineering"], defaultStrategy: VendStrategy = .uuid
  ) {
    self.receivingDomain = receivingDomain
    self.prefix = prefix
    self.randomLength = randomLength
    self.counterLength = counterLength
    self.accountTypes = accountTypes
    self.defaultStrategy = defaultStrategy
  }

  /// The settings from a resolved configuration (domain required).
  public init(config: Config) throws {
    self.init(
      receivingDomain: try config.receivingDomain(), prefix: config.string(.prefix) ?? "root",
      randomLength: config.integer(.randomLength) ?? 12, counterLength: config.integer(.counterLength) ?? 3,
      accountTypes: config.list(.accountTypes),
      defaultStrategy: config.string(.strategy).flatMap(VendStrategy.init(rawValue:)) ?? .uuid)
  }

  /// The fewest random hex characters a uuid address may have.
  public static let minimumRandomLength = 8
  /// The random hex characters a uuid address may have (as the `random_length` config key).
  public static let randomLengthRange = minimumRandomLength...32
}

/// Builds the parts of vended addresses: random hex, translated environments, names, counters.
public enum AddressGenerator {
  /// Lowercase hex characters from the system's cryptographically secure generator
  /// (`SystemRandomNumberGenerator`: getrandom(2) on Linux).
  public static func randomHex(length: Int) -> String {
    var generator = SystemRandomNumberGenerator()
    let digits = Array("0123456789abcdef".unicodeScalars)
    var out = String.UnicodeScalarView()
    var word: UInt64 = 0
    for i in 0..<length {
      if i % 16 == 0 { word = generator.next() }
      out.append(digits[Int(word & 0xF)])
      word >>= 4
    }
    return String(out)
  }

  /// The sample's environment names: PRODUCTION→prod, DEVELOPMENT→dev, …, anything else→eval.
  public static let environmentTable: [String: String] = [
    "DEVELOPMENT": "dev", "EVALUATION": "eval", "PRODUCTION": "prod", "QUALITYASSURANCE": "qa", "TRAINING": "trn",
    "VALIDATION": "val",
  ]
  public static let defaultEnvironment = "eval"

  /// The short environment name (case does not matter; unknown or missing → eval).
  public static func translateEnvironment(_ value: String?) -> String {
    value.flatMap { environmentTable[$0.trimmingSpaces().uppercased()] } ?? defaultEnvironment
  }

  /// `<bu>-<app>-<env>` lower-cased: the AccountName the counter is kept for.
  public static func baseName(businessUnit: String, application: String, environment: String?) -> String {
    "\(businessUnit.lowercased())-\(application.lowercased())-\(translateEnvironment(environment))"
  }

  /// The counter zero-padded to `length` digits (wider numbers are kept whole).
  public static func counter(_ n: Int, length: Int) -> String {
    let digits = String(n)
    return digits.count >= length ? digits : String(repeating: "0", count: length - digits.count) + digits
  }

  /// `<prefix>+<random>@<domain>`.
  public static func uuidAddress(settings: VendSettings, randomLength: Int) -> String {
    "\(settings.prefix)+\(randomHex(length: randomLength))@\(settings.receivingDomain)"
  }
}
