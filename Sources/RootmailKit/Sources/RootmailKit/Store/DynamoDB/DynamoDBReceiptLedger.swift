/// The receipt ledger in DynamoDB, shared by `mail watch` on several machines (items laid out
/// as `DynamoDBReceiptItem` says). Claims and outcomes are single conditional UpdateItems, so
/// DynamoDB decides which of two workers gets a receiver on a mail; a condition that does not
/// hold is an answer (nil, false), not an error.
///
/// Costs: a claim is one write, plus one to add the receiver to the mail's receiver list; a
/// settle is one write; one mail's receipts (`receipts(mailID:)`) are 1 + (its receivers)
/// strongly consistent reads. `receipts(in:)` scans the table with a filter: the sample's table
/// has one hash key and no index on receipts, so it reads every item of the table (mappings
/// and receipts; about 1 read unit per 8 KB on demand), page by page.
final class DynamoDBReceiptLedger: ReceiptLedger {
  let table: String
  /// The table's hash key attribute (`AccountEmail` in the sample's table).
  let keyAttribute: String
  let db: DynamoDB

  typealias Item = DynamoDBReceiptItem

  init(table: String, keyAttribute: String = DynamoDBMappingItem.keyAttribute, db: DynamoDB) {
    self.table = table
    self.keyAttribute = keyAttribute
    self.db = db
  }

  static let deadDetail = "the process ended while the receiver ran"

  func key(_ mailID: String, _ receiver: String) throws -> DynamoDBItem {
    [keyAttribute: .s(try Item.keyValue(mailID: mailID, receiver: receiver))]
  }

  /// Runs one DynamoDB call, turning a missing table into a configuration error with a hint.
  func call<T>(_ body: () async throws -> T) async throws -> T {
    do {
      return try await body()
    } catch let error as AWSError where error.code == "ResourceNotFoundException" {
      throw CLIError.configuration(
        "the DynamoDB table \(table) for receipts does not exist (\(error.message))",
        hint: "create it with `ROOTMAIL_STORE=dynamodb:\(table) rootmail mappings init-table`, or fix receipt_table or store")
    }
  }

  /// One conditional update; nil when its condition did not hold. A condition that failed
  /// may have met this very write, applied once already: the client retries a request whose
  /// response was lost, and the HTTP transport resends one on a fresh connection when a reused
  /// one turns out closed, without counting an attempt. So callers that must know (claim,
  /// settle) mark what they write and read the item back after a refusal.
  func update(_ key: DynamoDBItem, _ text: String, condition: String, values: DynamoDBItem) async throws
    -> DynamoDBItem?
  {
    let expression = Item.expression(text, also: [condition], keyAttribute: keyAttribute, values: values)
    do {
      return try await call { try await db.updateItem(table, key: key, update: expression, condition: condition) }
    } catch let error as AWSError where error.isConditionalCheckFailed {
      return nil
    }
  }

  func readItem(_ key: DynamoDBItem) async throws -> DynamoDBItem? {
    try await call { try await db.getItem(table, key: key, consistentRead: true) }
  }

  // MARK: Claiming and settling

  func claim(mailID: String, receiver: String, worker: String, now: Int, leaseUntil: Int, maxAttempts: Int)
    async throws -> Receipt?
  {
    let key = try key(mailID, receiver)
    let token = RandomHex.make(length: 16)
    let values: DynamoDBItem = [
      ":mail": .s(mailID), ":recv": .s(receiver), ":claimed": .s(Receipt.State.claimed.rawValue),
      ":failed": .s(Receipt.State.failed.rawValue), ":dead": .s(Receipt.State.dead.rawValue), ":worker": .s(worker),
      ":lease": .n(String(leaseUntil)), ":now": .n(String(now)), ":zero": .n("0"), ":one": .n("1"),
      ":max": .n(String(maxAttempts)), ":why": .s(Self.deadDetail), ":token": .s(token),
    ]
    // New, due for a retry, or left by a dead worker with attempts to spare.
    if let claimed = try await update(
      key,
      "SET #mail = :mail, #recv = :recv, #state = :claimed, #worker = :worker, #lease = :lease, #updated = :now, "
        + "#token = :token, #tries = if_not_exists(#tries, :zero) + :one",
      condition: "attribute_not_exists(#k) OR (#state = :failed AND #retry <= :now) "
        + "OR (#state = :claimed AND #lease < :now AND #tries < :max)",
      values: values)
    {
      try await list(receiver, of: mailID)
      return Item.receipt(claimed)
    }
    guard let current = try await readItem(key), let receipt = Item.receipt(current) else { return nil }
    if current[Item.claimToken] == .s(token) && receipt.state == .claimed {
      // Our own claim, applied before the try that was refused.
      try await list(receiver, of: mailID)
      return receipt
    }
    // Left by a dead worker that had used the last attempt: dead-lettered.
    guard receipt.state == .claimed, receipt.leaseUntil < now, receipt.attempts >= maxAttempts else { return nil }
    if try await update(
      key, "SET #state = :dead, #detail = :why, #updated = :now, #lease = :zero REMOVE #worker",
      condition: "#state = :claimed AND #lease < :now AND #tries >= :max", values: values) != nil
    {
      try await list(receiver, of: mailID)
    }
    return nil
  }

  /// Adds `receiver` to the mail's receiver list (idempotent). It follows the claim: a worker
  /// that dies in between leaves a receipt `receipts(mailID:)` does not show until the claim
  /// is taken over (which lists it) — the claim itself is what keeps receivers from running
  /// twice, the list only finds receipts.
  func list(_ receiver: String, of mailID: String) async throws {
    let key: DynamoDBItem = [keyAttribute: .s(try Item.setKeyValue(mailID: mailID))]
    let expression = Item.expression("ADD #receivers :r", keyAttribute: keyAttribute, values: [":r": .ss([receiver])])
    _ = try await call { try await db.updateItem(table, key: key, update: expression, returnValues: "NONE") }
  }

  func settle(_ receipt: Receipt, worker: String) async throws -> Bool {
    guard receipt.state != .claimed else {
      throw CLIError("a receipt is settled as done, skipped, failed or dead, not as claimed")
    }
    let key = try key(receipt.mailID, receipt.receiver)
    let detail = Item.clipped(receipt.detail)
    let token = RandomHex.make(length: 16)
    var set = ["#state = :state", "#retry = :retry", "#updated = :updated", "#lease = :zero", "#settleToken = :token"]
    var remove = ["#worker"]
    if detail.isEmpty { remove.append("#detail") } else { set.append("#detail = :detail") }
    let values: DynamoDBItem = [
      ":state": .s(receipt.state.rawValue), ":retry": .n(String(receipt.retryAt)), ":updated": .n(String(receipt.updatedAt)),
      ":zero": .n("0"), ":detail": .s(detail), ":claimed": .s(Receipt.State.claimed.rawValue), ":me": .s(worker),
      ":token": .s(token),
    ]
    if try await update(
      key, "SET " + set.joined(separator: ", ") + " REMOVE " + remove.joined(separator: ", "),
      condition: "#state = :claimed AND #worker = :me", values: values) != nil
    {
      return true
    }
    // Refused: unless this very settle was applied before the try that was refused, the claim
    // was no longer ours.
    return try await readItem(key)?[Item.settleToken] == .s(token)
  }

  func reopen(mailID: String, receiver: String, force: Bool, now: Int) async throws -> Bool {
    let states: [Receipt.State] = force ? [.dead, .failed, .done, .skipped] : [.dead, .failed]
    var values: DynamoDBItem = [
      ":failed": .s(Receipt.State.failed.rawValue), ":zero": .n("0"), ":now": .n(String(now)),
    ]
    for (i, state) in states.enumerated() { values[":s\(i)"] = .s(state.rawValue) }
    let list = states.indices.map { ":s\($0)" }.joined(separator: ", ")
    // Failed and due now, with no attempt counted: the next claim takes it. (Applied twice, the
    // second finds it failed, which it may reopen again: the same result.)
    return try await update(
      try key(mailID, receiver), "SET #state = :failed, #tries = :zero, #retry = :now, #updated = :now",
      condition: "#state IN (\(list))", values: values) != nil
  }

  // MARK: Reading

  func receipts(in states: Set<Receipt.State>, limit: Int) async throws -> [Receipt] {
    guard !states.isEmpty, limit > 0 else { return [] }
    let ordered = Receipt.State.allCases.filter(states.contains)
    var values: DynamoDBItem = [":p": .s(Item.prefix)]
    for (i, state) in ordered.enumerated() { values[":s\(i)"] = .s(state.rawValue) }
    let list = ordered.indices.map { ":s\($0)" }.joined(separator: ", ")
    let found = try await scan("begins_with(#k, :p) AND #state IN (\(list))", values: values)
    return Array(
      found.sorted { ($0.updatedAt, $0.mailID, $0.receiver) < ($1.updatedAt, $1.mailID, $1.receiver) }.prefix(limit))
  }

  func receipts(mailID: String) async throws -> [Receipt] {
    let setKey: DynamoDBItem = [keyAttribute: .s(try Item.setKeyValue(mailID: mailID))]
    let listed = try await call { try await db.getItem(table, key: setKey, consistentRead: true) }
    guard case .ss(let receivers)? = listed?[Item.receivers] else { return [] }
    let keys = try receivers.sorted().map { try key(mailID, $0) }
    let found = try await withThrowingTaskGroup(of: Receipt?.self) { group in
      for key in keys.prefix(Self.maxReceiversPerMail) {
        group.addTask { try await self.readItem(key).flatMap(Item.receipt) }
      }
      var found: [Receipt] = []
      for try await receipt in group { if let receipt { found.append(receipt) } }
      return found
    }
    return found.filter { $0.mailID == mailID }.sorted { $0.receiver < $1.receiver }
  }

  /// How many receivers of one mail `receipts(mailID:)` reads at most (a list grown beyond
  /// any configuration, by hand or by a hostile writer, is cut there).
  static let maxReceiversPerMail = 256

  /// Receipts of a filtered scan, page by page (each page at most 1 MB, as DynamoDB returns
  /// them; the number of pages is bounded by `DynamoDB.scanAll`).
  func scan(_ filter: String, values: DynamoDBItem) async throws -> [Receipt] {
    let expression = Item.expression(filter, keyAttribute: keyAttribute, values: values)
    return try await call { try await db.scanAll(table, filter: expression) }.compactMap(Item.receipt)
  }
}
