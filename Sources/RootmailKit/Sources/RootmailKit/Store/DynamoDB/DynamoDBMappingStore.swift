/// The mapping store in a DynamoDB table laid out as aws-account-factory-email's (see
/// `DynamoDBMappingItem`). Every write is conditional: a mapping goes in with
/// `attribute_not_exists(AccountEmail)`, after its name guard was claimed the same way when it
/// has an account name (`DynamoDBNameGuards`), so two vendors racing (in any number of processes) never get the same address
/// or account name. The name strategy's counter is read from the GSI (highest `Enum`, compared
/// as a number) and then claimed by that conditional write; a vendor that loses the race counts
/// on from the counter it lost, a bounded number of times.
final class DynamoDBMappingStore: MappingStore {
  let table: String
  let db: DynamoDB

  var locationDescription: String { "dynamodb:\(table)" }

  /// How many counters one `insertNext` tries before giving up (each loss means another
  /// vendor took that counter, so this bounds how many vendors may race on one name).
  static let maxCounterAttempts = 256
  /// How many lost counters a vendor steps over before it reads the GSI again.
  static let stepsBetweenReads = 8
  /// How many times an optimistic update is retried when the mapping changed meanwhile.
  static let maxBusyRetries = 8

  init(table: String, db: DynamoDB) {
    self.table = table
    self.db = db
  }

  var guards: DynamoDBNameGuards { DynamoDBNameGuards(store: self) }

  typealias Item = DynamoDBMappingItem

  // MARK: Errors

  /// Runs one DynamoDB call, turning a missing table into a configuration error with a hint.
  func call<T>(_ body: () async throws -> T) async throws -> T {
    do {
      return try await body()
    } catch let error as AWSError where error.code == "ResourceNotFoundException" {
      throw CLIError.configuration(
        "the DynamoDB table \(table) does not exist (\(error.message))",
        hint: "create it with `rootmail mappings init-table`, or set store to the sample's table")
    }
  }

  static let notExists = DynamoDBExpression("attribute_not_exists(#k)", names: ["#k": Item.keyAttribute])
  static let exists = DynamoDBExpression("attribute_exists(#k)", names: ["#k": Item.keyAttribute])

  /// What stopped a conditional insert.
  enum Collision {
    case email, name, both
  }

  /// Writes a new mapping if neither its address nor its full account name exists; returns
  /// what collided. The name guard goes first and the mapping second, each a conditional
  /// PutItem; when the mapping cannot go in, the guard is taken back. A guard left behind by a
  /// process that died in between is cleared once it is old (`DynamoDBNameGuards`).
  /// `racing` (a counter allocation) makes a lost name cheap: `.name` at once, without
  /// looking whether the address is taken too or whether the guard is a dead writer's.
  func put(_ record: MappingRecord, racing: Bool = false) async throws -> Collision? {
    let name = record.fullAccountName
    var token: String?
    if !name.isEmpty {
      switch try await guards.claim(name, for: record.accountEmail, clearingStale: !racing) {
      case .claimed(let t): token = t
      case .taken:
        if racing { return .name }
        return try await getItem(Item.key(email: record.accountEmail)) != nil ? .both : .name
      }
    }
    do {
      try await call { try await db.putItem(table, item: Item.item(record), condition: Self.notExists) }
      return nil
    } catch let error as AWSError where error.isConditionalCheckFailed {
      if try await isOwnWrite(record) { return nil }
      if let token { try await guards.release(name, token: token) }
      return .email
    }
  }

  /// Whether a failed condition met our own write (applied, its response lost, the request
  /// sent again): exactly this mapping is stored. The attempt count cannot tell: libcurl resends
  /// a request whose reused connection died on a fresh one without the retry layer counting it.
  /// Another writer storing the very same record is harmless (a random address cannot repeat,
  /// and a name's address is written only by the holder of its guard).
  func isOwnWrite(_ record: MappingRecord) async throws -> Bool {
    try await get(email: record.accountEmail) == record
  }

  func getItem(_ key: DynamoDBItem) async throws -> DynamoDBItem? {
    try await call { try await db.getItem(table, key: key, consistentRead: true) }
  }

  /// A short random pause before another try, doubling with each attempt up to 64 ms, so
  /// that vendors racing on one name spread out instead of colliding in step.
  static func pause(attempt: Int) async throws {
    let ceiling = UInt64(1 << min(attempt, 6)) * 1_000_000
    try await Task.sleep(nanoseconds: UInt64.random(in: 0...ceiling))
  }

  // MARK: Inserting

  func insert(_ record: MappingRecord) async throws {
    if !record.fullAccountName.isEmpty, let owner = try await unguardedOwner(of: record.fullAccountName),
      owner != record.accountEmail
    {
      if try await getItem(Item.key(email: record.accountEmail)) != nil {
        throw MappingStoreError.conflict(field: .email, value: record.accountEmail)
      }
      throw MappingStoreError.conflict(field: .accountName, value: record.fullAccountName)
    }
    switch try await put(record) {
    case nil: return
    case .email?, .both?: throw MappingStoreError.conflict(field: .email, value: record.accountEmail)
    case .name?: throw MappingStoreError.conflict(field: .accountName, value: record.fullAccountName)
    }
  }

  func busy(_ what: String) -> CLIError {
    CLIError("\(what) in \(locationDescription) kept conflicting with other writers; try again", status: .unavailable)
  }

  /// The address of a mapping the sample wrote (no name guard) whose `AccountName-Enum` is
  /// `fullName`, found through the GSI.
  func unguardedOwner(of fullName: String) async throws -> String? {
    guard let (name, counter) = Item.split(fullName: fullName) else { return nil }
    let page = try await call {
      try await db.query(
        table, index: Item.indexName,
        keyCondition: DynamoDBExpression(
          "#n = :n AND #e = :e", names: ["#n": "AccountName", "#e": "Enum"], values: [":n": .s(name), ":e": .s(counter)]),
        limit: 1)
    }
    return page.items.first.flatMap(Item.record)?.accountEmail
  }

  func insertNext(accountName: String, make: @Sendable (Int) throws -> MappingRecord) async throws -> MappingRecord {
    var counter = 0
    var sinceRead = Int.max
    var staleReads = 0
    for attempt in 0..<Self.maxCounterAttempts {
      // Read the GSI first and after every few lost counters; in between, a vendor that lost
      // counter n tries n + 1 straight away (the winners are ahead of the index anyway: it is
      // read without strong consistency). After two reads that did not move past a lost
      // counter, read every counter of the name, as Enum is ordered as text.
      if sinceRead >= Self.stepsBetweenReads {
        let highest = try await highestCounter(accountName, everyItem: staleReads >= 2)
        staleReads = highest + 1 < counter ? staleReads + 1 : 0
        counter = max(counter, highest + 1)
        sinceRead = 0
      }
      let record = try make(counter)
      switch try await put(record, racing: true) {
      case nil: return record
      case .name?, .both?:
        guard !record.counter.isEmpty else {
          throw MappingStoreError.conflict(field: .accountName, value: record.fullAccountName)
        }
      case .email?:
        // Someone without a name guard (the sample's own vendor), or a vend with its own name,
        // took this counter's address: step past it, unless the address is fixed (`--email`).
        guard !record.counter.isEmpty, try make(counter + 1).accountEmail != record.accountEmail else {
          throw MappingStoreError.conflict(field: .email, value: record.accountEmail)
        }
      }
      counter += 1
      sinceRead += 1
      try await Self.pause(attempt: attempt)
    }
    throw busy("allocating a counter for \(accountName)")
  }

  /// The highest numeric `Enum` stored for `accountName` (0 when none). The quick way reads
  /// the top of the GSI in descending order; `everyItem` reads the whole name, which is exact
  /// even when counters of different lengths (`999`, `1000`) sort out of numeric order.
  func highestCounter(_ accountName: String, everyItem: Bool) async throws -> Int {
    let condition = DynamoDBExpression("#n = :n", names: ["#n": "AccountName"], values: [":n": .s(accountName)])
    func highest(_ items: [DynamoDBItem]) -> Int? {
      items.compactMap { $0["Enum"].flatMap(Item.text).flatMap(Item.counterNumber) }.max()
    }
    if !everyItem {
      let page = try await call {
        try await db.query(table, index: Item.indexName, keyCondition: condition, limit: 1, scanForward: false)
      }
      if let top = highest(page.items) { return top }
      if page.lastEvaluatedKey == nil { return 0 }
    }
    let items = try await call { try await db.queryAll(table, index: Item.indexName, keyCondition: condition) }
    return highest(items) ?? 0
  }

  func nextCounter(accountName: String) async throws -> Int {
    try await highestCounter(accountName, everyItem: true) + 1
  }

  // MARK: Reading

  func get(email: String) async throws -> MappingRecord? {
    try await getItem(Item.key(email: email)).flatMap(Item.record)
  }

  func get(accountName: String) async throws -> MappingRecord? {
    guard !accountName.isEmpty else { return nil }
    if let owner = try await getItem(Item.guardKey(name: accountName))?[Item.guardAttribute].flatMap(Item.text),
      let record = try await get(email: owner), record.fullAccountName == accountName
    {
      return record
    }
    guard let owner = try await unguardedOwner(of: accountName) else { return nil }
    return try await get(email: owner)
  }

  func list(_ filter: MappingFilter) async throws -> [MappingRecord] {
    let items = try await call { try await db.scanAll(table) }
    return items.compactMap(Item.record).filter(filter.matches).sorted { $0.accountEmail < $1.accountEmail }
  }
}
