/// Where address → owner mappings are kept. Every engine (the embedded SQLite one, DynamoDB)
/// implements the same contract, and one test suite checks it against each:
/// - writes are conditional: `insert` never replaces a mapping, so two vendors racing never get
///   the same address or account name;
/// - `insertNext` allocates the name strategy's counter and inserts in one atomic step.
@_spi(RootmailHost) public protocol MappingStore: AnyObject, Sendable {
  /// A short description for messages (`sqlite:/path/rootmail.sqlite`, `dynamodb:Table`).
  var locationDescription: String { get }

  /// Inserts a mapping if neither its email nor its full account name exists; otherwise throws
  /// `MappingStoreError.conflict` and changes nothing.
  func insert(_ record: MappingRecord) async throws

  /// Atomically picks the counter one above the highest stored `Enum` for `accountName` (1 when
  /// none), builds the record with `make(counter)` and inserts it as `insert` does. If `make`
  /// throws, nothing is written and the error is passed on.
  func insertNext(accountName: String, make: @Sendable (Int) throws -> MappingRecord) async throws -> MappingRecord

  /// The counter `insertNext` would pick now (one above the highest stored `Enum` for
  /// `accountName`, 1 when none); for dry runs.
  func nextCounter(accountName: String) async throws -> Int

  /// The mapping of an address.
  func get(email: String) async throws -> MappingRecord?

  /// The mapping whose full account name (`AccountName-Enum`, or `AccountName`) is `accountName`.
  func get(accountName: String) async throws -> MappingRecord?

  /// Mappings matching every set field of the filter, ordered by email.
  func list(_ filter: MappingFilter) async throws -> [MappingRecord]

  /// Applies the changes to the mapping of `email` (LastUpdated set to now) and returns it;
  /// throws `MappingStoreError.notFound` when there is none.
  func update(email: String, _ changes: MappingUpdate) async throws -> MappingRecord

  /// Deletes the mapping of `email`; throws `MappingStoreError.notFound` when there is none.
  func delete(email: String) async throws

  /// Writes many mappings in one go. A record whose email or full account name exists is
  /// reported in `existing` and left alone, unless `overwrite` is set and it is the same email,
  /// in which case it replaces the stored mapping.
  func importRecords(_ records: [MappingRecord], overwrite: Bool) async throws -> ImportOutcome
}

/// Which mappings `list` returns; a nil field matches everything.
@_spi(RootmailHost) public struct MappingFilter: Sendable, Equatable {
  public var owner: String?
  public var accountType: String?
  public var status: String?
  /// Matches the start of the full account name.
  public var namePrefix: String?

  public init(owner: String? = nil, accountType: String? = nil, status: String? = nil, namePrefix: String? = nil) {
    self.owner = owner
    self.accountType = accountType
    self.status = status
    self.namePrefix = namePrefix
  }

  /// Whether a record matches (what engines that cannot filter natively use).
  public func matches(_ r: MappingRecord) -> Bool {
    (owner.map { $0 == r.ownerAddress } ?? true) && (accountType.map { $0 == r.accountType } ?? true)
      && (status.map { $0 == r.status } ?? true) && (namePrefix.map { r.fullAccountName.hasPrefix($0) } ?? true)
  }
}

/// The changes `update` makes; a nil field is left as it is.
@_spi(RootmailHost) public struct MappingUpdate: Sendable, Equatable {
  public var owner: String?
  public var accountType: String?
  /// Tags to set (a key with an empty value removes that tag).
  public var tags: [String: String]
  public var status: String?
  public var accountId: String?
  public var failureReason: String?

  public init(
    owner: String? = nil, accountType: String? = nil, tags: [String: String] = [:], status: String? = nil,
    accountId: String? = nil, failureReason: String? = nil
  ) {
    self.owner = owner
    self.accountType = accountType
    self.tags = tags
    self.status = status
    self.accountId = accountId
    self.failureReason = failureReason
  }

  public var isEmpty: Bool { self == MappingUpdate() }

  /// The record with these changes applied and LastUpdated set to `now`.
  public func applied(to record: MappingRecord, now: String = Timestamp.now()) -> MappingRecord {
    var r = record
    if let owner { r.ownerAddress = owner }
    if let accountType { r.accountType = accountType }
    for (key, value) in tags {
      if value.isEmpty { r.tags[key] = nil } else { r.tags[key] = value }
    }
    if let status { r.status = status }
    if let accountId { r.accountId = accountId }
    if let failureReason { r.failureReason = failureReason }
    r.lastUpdated = now
    return r
  }
}

/// What `importRecords` did.
@_spi(RootmailHost) public struct ImportOutcome: Sendable, Equatable {
  public var inserted: Int
  public var overwritten: Int
  /// Records left alone because their email or account name exists (each with the reason).
  public var existing: [MappingStoreError]
  /// True when conflicts were found and nothing was written (an import is all or nothing).
  public var rolledBack: Bool

  public init(inserted: Int = 0, overwritten: Int = 0, existing: [MappingStoreError] = [], rolledBack: Bool = false) {
    self.inserted = inserted
    self.overwritten = overwritten
    self.existing = existing
    self.rolledBack = rolledBack
  }
}

/// The errors every store engine reports the same way.
@_spi(RootmailHost) public enum MappingStoreError: RootmailError, Equatable {
  /// An address or account name that already exists (exit 1; nothing was written).
  case conflict(field: ConflictField, value: String)
  /// No mapping for that email or name (exit 1).
  case notFound(String)

  /// Which unique attribute a conflict is on.
  public enum ConflictField: String, Sendable {
    case email = "email"
    case accountName = "account name"
  }

  public var exitStatus: ExitStatus { .failure }

  public var description: String {
    switch self {
    case .conflict(let field, let value): return "an account with \(field.rawValue) \(value) already exists; nothing was written"
    case .notFound(let key): return "no mapping for \(key)"
    }
  }
}
