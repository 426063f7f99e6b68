/// One address → owner mapping, in aws-account-factory-email's shape: the DynamoDB item the
/// sample writes (AccountEmail key, OwnerAddress, AccountName without the counter, Enum, …),
/// plus what rootmail records when it creates the account (AccountId, FailureReason).
public struct MappingRecord: Equatable, Sendable {
  /// The vended root-user address; the key of the mapping.
  public var accountEmail: String
  /// Who reads the mail sent to the address.
  public var ownerAddress: String
  /// The account name without the counter (`bu-app-env`), or a whole overriding name.
  public var accountName: String
  /// The counter as the sample stores it, a zero-padded string (`"007"`); empty when none.
  public var counter: String
  public var accountType: String
  public var tags: [String: String]
  public var status: String
  /// When the mapping last changed, ISO-8601 UTC (`2026-11-22T02:05:00Z`).
  public var lastUpdated: String
  public var accountId: String?
  public var failureReason: String?

  public init(
    accountEmail: String, ownerAddress: String, accountName: String, counter: String = "", accountType: String,
    tags: [String: String] = [:], status: String = MappingRecord.allocated, lastUpdated: String = Timestamp.now(),
    accountId: String? = nil, failureReason: String? = nil
  ) {
    self.accountEmail = accountEmail
    self.ownerAddress = ownerAddress
    self.accountName = accountName
    self.counter = counter
    self.accountType = accountType
    self.tags = tags
    self.status = status
    self.lastUpdated = lastUpdated
    self.accountId = accountId
    self.failureReason = failureReason
  }

  /// The status the sample gives a freshly vended address.
  public static let allocated = "NAME-ALLOCATED"

  /// The name of the AWS account: `AccountName-Enum`, or `AccountName` when there is no counter.
  public var fullAccountName: String { counter.isEmpty ? accountName : "\(accountName)-\(counter)" }

  /// The attribute names, in the order the JSON and CSV forms use.
  public enum Attribute: String, CaseIterable, Sendable {
    case accountEmail = "AccountEmail"
    case ownerAddress = "OwnerAddress"
    case accountName = "AccountName"
    case counter = "Enum"
    case accountType = "AccountType"
    case tags = "Tags"
    case status = "Status"
    case lastUpdated = "LastUpdated"
    case accountId = "AccountId"
    case failureReason = "FailureReason"
  }

  // MARK: JSON form

  /// The JSON object with the sample's attribute names; AccountId and FailureReason only when set.
  public var json: JSONValue {
    var members: [(String, JSONValue)] = [
      ("AccountEmail", .string(accountEmail)), ("OwnerAddress", .string(ownerAddress)),
      ("AccountName", .string(accountName)), ("Enum", .string(counter)), ("AccountType", .string(accountType)),
      ("Tags", .object(tags.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
      ("Status", .string(status)), ("LastUpdated", .string(lastUpdated)),
    ]
    if let accountId { members.append(("AccountId", .string(accountId))) }
    if let failureReason { members.append(("FailureReason", .string(failureReason))) }
    return .object(members)
  }

  /// Reads the JSON form. AccountEmail is required; a missing text attribute is empty, a wrong
  /// type is an error naming the attribute.
  public init(json: JSONValue) throws {
    guard case .object(let members) = json else { throw MappingFormatError("a mapping must be a JSON object") }
    // One value a name: with two, which one a reader takes differs from reader to reader.
    try Self.refuseRepeated(members.map(\.0), in: "")
    func text(_ name: String, required: Bool = false) throws -> String? {
      switch json[name] {
      case nil, .null?:
        if required { throw MappingFormatError("\(name) is missing") }
        return nil
      case .string(let s)?: return s
      case .number(let n)?: return n
      default: throw MappingFormatError("\(name) must be a string")
      }
    }
    var tags: [String: String] = [:]
    switch json["Tags"] {
    case nil, .null?: break
    case .object(let members)?:
      try Self.refuseRepeated(members.map(\.0), in: "Tags.")
      for (key, value) in members {
        switch value {
        case .string(let s): tags[key] = s
        case .null: continue
        case .number(let n): tags[key] = n
        case .bool(let b): tags[key] = b ? "true" : "false"
        default: throw MappingFormatError("Tags.\(key) must be a string")
        }
      }
    default: throw MappingFormatError("Tags must be an object of strings")
    }
    self.init(
      accountEmail: try text("AccountEmail", required: true)!, ownerAddress: try text("OwnerAddress") ?? "",
      accountName: try text("AccountName") ?? "", counter: try text("Enum") ?? "", accountType: try text("AccountType") ?? "",
      tags: tags, status: try text("Status") ?? MappingRecord.allocated, lastUpdated: try text("LastUpdated") ?? "",
      accountId: try text("AccountId"), failureReason: try text("FailureReason"))
  }

  static func refuseRepeated(_ names: [String], in prefix: String) throws {
    var seen = Set<String>()
    for name in names where !seen.insert(name).inserted {
      throw MappingFormatError("\(prefix)\(TerminalSafe.escaped(String(name.prefix(80)))) is given twice")
    }
  }

  /// The table columns `mappings list` prints.
  public static let tableColumns = ["email", "owner", "account name", "type", "status", "account id", "last updated"]

  /// This mapping as a row of `tableColumns`.
  public var tableRow: [String] {
    [accountEmail, ownerAddress, fullAccountName, accountType, status, accountId ?? "", lastUpdated]
  }
}

/// A mapping that could not be read from JSON or CSV.
@_spi(RootmailHost) public struct MappingFormatError: Error, CustomStringConvertible, Sendable {
  public let description: String
  public init(_ description: String) { self.description = description }
}
