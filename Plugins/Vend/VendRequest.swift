@_spi(RootmailHost) import RootmailKit

/// How a vended address is built.
public enum VendStrategy: String, CaseIterable, ExpressibleByArgument, Sendable {
  /// awscdk-rootmail: `<prefix>+<random hex>@<receiving domain>`.
  case uuid
  /// aws-account-factory-email: `<bu>-<app>-<env>-<NNN>@<receiving domain>`.
  case name
}

/// What one vend asks for, from flags or from a JSON request in aws-account-factory-email's
/// shape (`OwnerAddress`, `AccountType`, `Tags{BusinessUnit, ApplicationName, Environment}`,
/// optional `AccountName` and `AccountEmail`; other keys ignored).
public struct VendRequest: Equatable, Sendable {
  public var owner: String?
  public var accountType: String?
  /// Tags stored with the mapping; BusinessUnit, ApplicationName and Environment among them.
  public var tags: [String: String]
  /// An account name that replaces the generated one (and takes no counter).
  public var accountName: String?
  /// An address that replaces the generated one (the generated name is kept).
  public var email: String?
  public var strategy: VendStrategy?
  /// A request in the sample's JSON shape must name an account type (or the config give one),
  /// as the sample's own vend does; flags for the uuid strategy need not.
  public var requiresAccountType = false

  public init(
    owner: String? = nil, accountType: String? = nil, tags: [String: String] = [:], accountName: String? = nil,
    email: String? = nil, strategy: VendStrategy? = nil
  ) {
    self.owner = owner
    self.accountType = accountType
    self.tags = tags
    self.accountName = accountName
    self.email = email
    self.strategy = strategy
  }

  public static let businessUnitTag = "BusinessUnit"
  public static let applicationTag = "ApplicationName"
  public static let environmentTag = "Environment"

  public var businessUnit: String? { tags[Self.businessUnitTag] }
  public var application: String? { tags[Self.applicationTag] }
  public var environment: String? { tags[Self.environmentTag] }

  /// Parses a request in the sample's JSON shape. A field of the wrong type is an input error.
  public init(json: JSONValue) throws {
    guard case .object = json else {
      throw CLIError.invalid(field: "request", value: json.compact, rule: "must be a JSON object")
    }
    func text(_ key: String) throws -> String? {
      switch json[key] {
      case nil, .null?: return nil
      case .string(let s)?: return s
      case let other?: throw CLIError.invalid(field: key, value: other.compact, rule: "must be a string")
      }
    }
    var tags: [String: String] = [:]
    switch json["Tags"] {
    case nil, .null?: break
    case .object(let members)?:
      for (key, value) in members {
        switch value {
        case .null: continue
        case .string(let s): tags[key] = s
        default: throw CLIError.invalid(field: "Tags.\(key)", value: value.compact, rule: "must be a string")
        }
      }
    case let other?: throw CLIError.invalid(field: "Tags", value: other.compact, rule: "must be an object of strings")
    }
    let strategy = try text("Strategy")
    guard strategy.map({ VendStrategy(rawValue: $0) != nil }) ?? true else {
      throw CLIError.invalid(field: "Strategy", value: strategy!, rule: "must be uuid or name")
    }
    self.init(
      owner: try text("OwnerAddress"), accountType: try text("AccountType"), tags: tags, accountName: try text("AccountName"),
      email: try text("AccountEmail"), strategy: strategy.flatMap(VendStrategy.init(rawValue:)))
    requiresAccountType = true
  }

  /// This request with every field it leaves unset taken from `defaults` (tags merged, this
  /// request's winning).
  public func filling(from defaults: VendRequest) -> VendRequest {
    var filled = VendRequest(
      owner: owner ?? defaults.owner, accountType: accountType ?? defaults.accountType,
      tags: defaults.tags.merging(tags) { $1 }, accountName: accountName ?? defaults.accountName,
      email: email ?? defaults.email, strategy: strategy ?? defaults.strategy)
    filled.requiresAccountType = requiresAccountType || defaults.requiresAccountType
    return filled
  }
}
