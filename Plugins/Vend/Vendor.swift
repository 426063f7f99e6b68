@_spi(RootmailHost) import RootmailKit

/// Vends addresses: validates a request, builds the address with its strategy and writes the
/// mapping with a conditional insert (or, for the name strategy, an atomic counter allocation),
/// so that concurrent vendors never get the same address, name or counter.
public struct Vendor: Sendable {
  public let settings: VendSettings
  @_spi(RootmailHost) public let store: any MappingStore
  /// Random hex characters of uuid addresses (`--random-length`).
  public let randomLength: Int

  @_spi(RootmailHost) public init(settings: VendSettings, store: any MappingStore, randomLength: Int? = nil) {
    self.settings = settings
    self.store = store
    self.randomLength = randomLength ?? settings.randomLength
  }

  /// The rules a request's own values meet whatever the config and the store hold (exit 65):
  /// `vend` checks its flags so before the config, naming a typo before a missing setting.
  public static func checkValues(_ request: VendRequest) throws {
    if let owner = request.owner { try Validation.owner(owner) }
    for (k, v) in request.tags { try Validation.tag(key: k, value: v) }
    if let name = request.accountName { try Validation.accountName(name) }
    if let email = request.email { try Validation.email(email) }
  }

  /// How many times a uuid address is drawn again when it happens to exist already.
  static let uuidAttempts = 3

  /// Checks every rule that does not depend on the store; throws `CLIError.invalid` (exit 65).
  /// Returns the strategy and the account type (`account_type` from the config when the request
  /// names none; none at all is allowed only for the uuid strategy from flags, as
  /// awscdk-rootmail's aliases have no type).
  public func validate(_ request: VendRequest) throws -> (strategy: VendStrategy, accountType: String) {
    try Validation.owner(request.owner ?? "")
    try Self.checkValues(request)
    let strategy = request.strategy ?? settings.defaultStrategy
    let type = request.accountType ?? settings.defaultAccountType
    if let type {
      try Validation.accountType(type, allowed: settings.accountTypes)
    } else if strategy == .name || request.requiresAccountType {
      throw CLIError.invalid(
        field: "account type", value: "",
        rule: "is required (one of \(settings.accountTypes.joined(separator: ", ")); or set account_type in the config)")
    }
    // Checked before anything is generated (a huge length would take minutes and gigabytes).
    guard VendSettings.randomLengthRange.contains(randomLength) else {
      throw CLIError.invalid(
        field: "random length", value: String(randomLength),
        rule: "must be from \(VendSettings.randomLengthRange.lowerBound) to \(VendSettings.randomLengthRange.upperBound)")
    }
    if strategy == .name && request.accountName == nil {
      for (field, tag, flag) in [
        ("business unit", VendRequest.businessUnitTag, "--business-unit"),
        ("application", VendRequest.applicationTag, "--application"),
      ] where (request.tags[tag] ?? "").isEmpty {
        throw CLIError.invalid(field: field, value: "", rule: "the name strategy needs it (\(flag) or Tags.\(tag))")
      }
      // `<bu>-<app>-<env>-<counter>` must fit Organizations' 50 characters.
      let room =
        Validation.accountNameMaxLength
        - (try AddressGenerator.translateEnvironment(request.environment, settings: settings)).count
        - settings.counterLength - 3
      let (bu, app) = (request.businessUnit ?? "", request.application ?? "")
      guard bu.unicodeScalars.count + app.unicodeScalars.count <= room else {
        throw CLIError.invalid(
          field: "business unit and application", value: bu + "-" + app,
          rule: "together may have at most \(room) characters, so that the account name fits 50")
      }
    }
    return (strategy, type ?? "")
  }

  /// Vends one address and stores its mapping; with `dryRun`, builds it (the counter it would
  /// get included) and checks for conflicts but writes nothing.
  public func vend(_ request: VendRequest, dryRun: Bool = false) async throws -> MappingRecord {
    let (strategy, accountType) = try validate(request)
    let now = Timestamp.now()
    @Sendable func record(email: String, name: String, counter: String) -> MappingRecord {
      MappingRecord(
        accountEmail: email, ownerAddress: request.owner!, accountName: name, counter: counter, accountType: accountType,
        tags: request.tags, lastUpdated: now)
    }
    switch strategy {
    case .uuid:
      for attempt in 1...Self.uuidAttempts {
        let email = request.email ?? AddressGenerator.uuidAddress(settings: settings, randomLength: randomLength)
        let candidate = record(email: email, name: request.accountName ?? "", counter: "")
        try Self.checkGenerated(candidate)
        do {
          return try await write(candidate, dryRun: dryRun)
        } catch MappingStoreError.conflict(.email, _) where request.email == nil && attempt < Self.uuidAttempts {
          continue  // 48 bits make this all but impossible; draw again rather than fail
        }
      }
      fatalError("unreachable: the last attempt returns or throws")
    case .name:
      if let name = request.accountName {
        let email = request.email ?? "\(name.lowercased())@\(settings.receivingDomain)"
        let candidate = record(email: email, name: name, counter: "")
        try Self.checkGenerated(candidate)
        return try await write(candidate, dryRun: dryRun)
      }
      let base = try AddressGenerator.baseName(
        businessUnit: request.businessUnit!, application: request.application!, environment: request.environment,
        settings: settings)
      let make: @Sendable (Int) throws -> MappingRecord = { [settings] n in
        let counter = AddressGenerator.counter(n, length: settings.counterLength)
        let candidate = record(
          email: request.email ?? "\(base)-\(counter)@\(settings.receivingDomain)", name: base, counter: counter)
        try Self.checkGenerated(candidate)
        return candidate
      }
      if dryRun {
        // As `insertNext` does: step past a counter whose name or address was taken another way.
        var n = try await store.nextCounter(accountName: base)
        while true {
          let candidate = try make(n)
          do {
            try await checkAbsent(candidate)
            return candidate
          } catch let conflict as MappingStoreError where n < 1_000_000 {
            guard try make(n + 1).accountEmail != candidate.accountEmail else { throw conflict }
            n += 1
          }
        }
      }
      return try await store.insertNext(accountName: base, make: make)
    }
  }

  private func write(_ candidate: MappingRecord, dryRun: Bool) async throws -> MappingRecord {
    if dryRun {
      try await checkAbsent(candidate)
    } else {
      try await store.insert(candidate)
    }
    return candidate
  }

  /// Throws the conflict an insert of `record` would meet.
  public func checkAbsent(_ record: MappingRecord) async throws {
    if try await store.get(email: record.accountEmail) != nil {
      throw MappingStoreError.conflict(field: .email, value: record.accountEmail)
    }
    if !record.fullAccountName.isEmpty, try await store.get(accountName: record.fullAccountName) != nil {
      throw MappingStoreError.conflict(field: .accountName, value: record.fullAccountName)
    }
  }

  /// The generated address and name must meet Organizations' rules too.
  static func checkGenerated(_ record: MappingRecord) throws {
    try Validation.email(record.accountEmail)
    if !record.fullAccountName.isEmpty { try Validation.accountName(record.fullAccountName) }
  }
}
