/// DynamoDB (JSON 1.0): the table, item, query, scan and transaction operations the mapping
/// store and `mappings init-table` use. Conditional-check failures are `AWSError`s with code
/// `ConditionalCheckFailedException` (see `AWSError.isConditionalCheckFailed`).
@_spi(RootmailHost) public struct DynamoDB: Sendable {
  public let rpc: JSONProtocolClient

  public init(client: AWSClient) { rpc = JSONProtocolClient(client: client, service: .dynamoDB) }

  // MARK: Tables

  /// A global secondary index for `createTable` (projection ALL).
  public struct GlobalSecondaryIndex: Sendable {
    public var name: String
    public var keys: DynamoDBKeySchema
    public init(name: String, keys: DynamoDBKeySchema) {
      self.name = name
      self.keys = keys
    }
  }

  /// Creates a table with on-demand billing (`PAY_PER_REQUEST`) and the given indexes.
  @discardableResult
  public func createTable(_ name: String, keys: DynamoDBKeySchema, indexes: [GlobalSecondaryIndex] = []) async throws
    -> DynamoDBTableDescription
  {
    var attributes: [(String, String)] = []
    for schema in [keys] + indexes.map(\.keys) {
      for (n, t) in [schema.hash] + (schema.range.map { [$0] } ?? []) where !attributes.contains(where: { $0.0 == n }) {
        attributes.append((n, t))
      }
    }
    var input: [(String, JSONValue)] = [
      ("TableName", .string(name)),
      (
        "AttributeDefinitions",
        .array(attributes.map { .object([("AttributeName", .string($0.0)), ("AttributeType", .string($0.1))]) })
      ),
      ("KeySchema", keys.keySchemaJSON), ("BillingMode", .string("PAY_PER_REQUEST")),
    ]
    if !indexes.isEmpty {
      input.append(
        (
          "GlobalSecondaryIndexes",
          .array(
            indexes.map {
              .object([
                ("IndexName", .string($0.name)), ("KeySchema", $0.keys.keySchemaJSON),
                ("Projection", .object([("ProjectionType", .string("ALL"))])),
              ])
            })
        ))
    }
    let out = try await rpc.call("CreateTable", .object(input))
    return try Self.tableDescription(out["TableDescription"], operation: "CreateTable")
  }

  public func describeTable(_ name: String) async throws -> DynamoDBTableDescription {
    let out = try await rpc.call("DescribeTable", .object([("TableName", .string(name))]))
    return try Self.tableDescription(out["Table"], operation: "DescribeTable")
  }

  public func deleteTable(_ name: String) async throws {
    _ = try await rpc.call("DeleteTable", .object([("TableName", .string(name))]))
  }

  /// Turns point-in-time recovery on or off.
  public func updateContinuousBackups(_ table: String, pointInTimeRecovery: Bool) async throws {
    _ = try await rpc.call(
      "UpdateContinuousBackups",
      .object([
        ("TableName", .string(table)),
        ("PointInTimeRecoverySpecification", .object([("PointInTimeRecoveryEnabled", .bool(pointInTimeRecovery))])),
      ]))
  }

  // MARK: Items

  /// Writes an item, only if `condition` holds when one is given.
  public func putItem(_ table: String, item: DynamoDBItem, condition: DynamoDBExpression? = nil) async throws {
    var input: [(String, JSONValue)] = [("TableName", .string(table)), ("Item", Self.json(item))]
    Self.add(condition, as: "ConditionExpression", to: &input)
    _ = try await rpc.call("PutItem", .object(input))
  }

  /// Applies an update expression; returns the item's attributes as `returnValues` asks
  /// (`ALL_NEW` by default).
  @discardableResult
  public func updateItem(
    _ table: String, key: DynamoDBItem, update: DynamoDBExpression, condition: String? = nil, returnValues: String = "ALL_NEW"
  ) async throws -> DynamoDBItem {
    var input: [(String, JSONValue)] = [
      ("TableName", .string(table)), ("Key", Self.json(key)), ("ReturnValues", .string(returnValues)),
    ]
    Self.add(update, as: "UpdateExpression", to: &input)
    if let condition { input.append(("ConditionExpression", .string(condition))) }
    let out = try await rpc.call("UpdateItem", .object(input))
    return Self.item(out["Attributes"] ?? .object([])) ?? [:]
  }

  public func deleteItem(_ table: String, key: DynamoDBItem, condition: DynamoDBExpression? = nil) async throws {
    var input: [(String, JSONValue)] = [("TableName", .string(table)), ("Key", Self.json(key))]
    Self.add(condition, as: "ConditionExpression", to: &input)
    _ = try await rpc.call("DeleteItem", .object(input))
  }

  /// The item with this key, or nil.
  public func getItem(_ table: String, key: DynamoDBItem, consistentRead: Bool = false) async throws -> DynamoDBItem? {
    let out = try await rpc.call(
      "GetItem", .object([("TableName", .string(table)), ("Key", Self.json(key)), ("ConsistentRead", .bool(consistentRead))]))
    guard let item = out["Item"] else { return nil }
    guard let parsed = Self.item(item) else { throw malformed("GetItem", "Item is not a DynamoDB item") }
    return parsed
  }

  /// One page of a query (on the table, or on `index`).
  public func query(
    _ table: String, index: String? = nil, keyCondition: DynamoDBExpression, filter: String? = nil, limit: Int? = nil,
    scanForward: Bool = true, startKey: DynamoDBItem? = nil
  ) async throws -> DynamoDBPage {
    var input: [(String, JSONValue)] = [("TableName", .string(table)), ("ScanIndexForward", .bool(scanForward))]
    if let index { input.append(("IndexName", .string(index))) }
    Self.add(keyCondition, as: "KeyConditionExpression", to: &input)
    if let filter { input.append(("FilterExpression", .string(filter))) }
    if let limit { input.append(("Limit", .int(limit))) }
    if let startKey { input.append(("ExclusiveStartKey", Self.json(startKey))) }
    return try page(try await rpc.call("Query", .object(input)), operation: "Query")
  }

  /// Every item a query returns, following `LastEvaluatedKey`.
  public func queryAll(
    _ table: String, index: String? = nil, keyCondition: DynamoDBExpression, filter: String? = nil, pageSize: Int? = nil
  ) async throws -> [DynamoDBItem] {
    try await all { start in
      try await query(table, index: index, keyCondition: keyCondition, filter: filter, limit: pageSize, startKey: start)
    }
  }

  /// One page of a scan.
  public func scan(_ table: String, filter: DynamoDBExpression? = nil, limit: Int? = nil, startKey: DynamoDBItem? = nil)
    async throws -> DynamoDBPage
  {
    var input: [(String, JSONValue)] = [("TableName", .string(table))]
    Self.add(filter, as: "FilterExpression", to: &input)
    if let limit { input.append(("Limit", .int(limit))) }
    if let startKey { input.append(("ExclusiveStartKey", Self.json(startKey))) }
    return try page(try await rpc.call("Scan", .object(input)), operation: "Scan")
  }

  /// Every item of a scan, following `LastEvaluatedKey`.
  public func scanAll(_ table: String, filter: DynamoDBExpression? = nil, pageSize: Int? = nil) async throws -> [DynamoDBItem] {
    try await all { start in try await scan(table, filter: filter, limit: pageSize, startKey: start) }
  }

  /// Applies every write or none. `clientRequestToken` makes a retried call idempotent.
  public func transactWriteItems(_ writes: [DynamoDBTransactWrite], clientRequestToken: String? = nil) async throws {
    let items: [JSONValue] = writes.map { write in
      switch write {
      case .put(let table, let item, let condition):
        var body: [(String, JSONValue)] = [("TableName", .string(table)), ("Item", Self.json(item))]
        Self.add(condition, as: "ConditionExpression", to: &body)
        return .object([("Put", .object(body))])
      case .update(let table, let key, let update, let condition):
        var body: [(String, JSONValue)] = [("TableName", .string(table)), ("Key", Self.json(key))]
        Self.add(update, as: "UpdateExpression", to: &body)
        if let condition { body.append(("ConditionExpression", .string(condition))) }
        return .object([("Update", .object(body))])
      case .delete(let table, let key, let condition):
        var body: [(String, JSONValue)] = [("TableName", .string(table)), ("Key", Self.json(key))]
        Self.add(condition, as: "ConditionExpression", to: &body)
        return .object([("Delete", .object(body))])
      case .conditionCheck(let table, let key, let condition):
        var body: [(String, JSONValue)] = [("TableName", .string(table)), ("Key", Self.json(key))]
        Self.add(condition, as: "ConditionExpression", to: &body)
        return .object([("ConditionCheck", .object(body))])
      }
    }
    var input: [(String, JSONValue)] = [("TransactItems", .array(items))]
    if let clientRequestToken { input.append(("ClientRequestToken", .string(clientRequestToken))) }
    _ = try await rpc.call("TransactWriteItems", .object(input))
  }

  // MARK: JSON helpers

  public static func json(_ item: DynamoDBItem) -> JSONValue {
    .object(item.sorted { $0.key < $1.key }.map { ($0.key, $0.value.json) })
  }

  public static func item(_ json: JSONValue) -> DynamoDBItem? {
    guard case .object(let members) = json else { return nil }
    var item: DynamoDBItem = [:]
    for (k, v) in members {
      guard let value = AttributeValue(json: v) else { return nil }
      item[k] = value
    }
    return item
  }

  static func add(_ expression: DynamoDBExpression?, as field: String, to input: inout [(String, JSONValue)]) {
    guard let expression else { return }
    input.append((field, .string(expression.expression)))
    func merge(_ key: String, _ value: JSONValue) {
      guard case .object(let new) = value, !new.isEmpty else { return }
      if let i = input.firstIndex(where: { $0.0 == key }), case .object(let old) = input[i].1 {
        input[i].1 = .object(old + new.filter { n in !old.contains { $0.0 == n.0 } })
      } else {
        input.append((key, value))
      }
    }
    merge("ExpressionAttributeNames", .object(expression.names.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
    merge("ExpressionAttributeValues", json(expression.values))
  }

  func malformed(_ operation: String, _ reason: String) -> AWSError {
    AWSError(kind: .malformedResponse, service: "DynamoDB", operation: operation, code: "MalformedResponse", message: reason)
  }

  func page(_ out: JSONValue, operation: String) throws -> DynamoDBPage {
    guard let raw = out["Items"]?.arrayValue else { throw malformed(operation, "the response has no Items") }
    let items = raw.compactMap(Self.item)
    guard items.count == raw.count else { throw malformed(operation, "an item is not a DynamoDB item") }
    return DynamoDBPage(items: items, lastEvaluatedKey: out["LastEvaluatedKey"].flatMap(Self.item))
  }

  func all(_ fetch: (DynamoDBItem?) async throws -> DynamoDBPage) async throws -> [DynamoDBItem] {
    var items: [DynamoDBItem] = []
    var start: DynamoDBItem?
    for _ in 0..<100_000 {
      let p = try await fetch(start)
      items += p.items
      guard let next = p.lastEvaluatedKey, !next.isEmpty, next != start else { return items }
      start = next
    }
    return items
  }

  static func tableDescription(_ json: JSONValue?, operation: String) throws -> DynamoDBTableDescription {
    guard let json, let name = json["TableName"]?.stringValue else {
      throw AWSError(
        kind: .malformedResponse, service: "DynamoDB", operation: operation, code: "MalformedResponse",
        message: "the response has no table description")
    }
    var keys: DynamoDBKeySchema?
    let types = Dictionary(
      (json["AttributeDefinitions"]?.arrayValue ?? []).compactMap { a -> (String, String)? in
        guard let n = a["AttributeName"]?.stringValue, let t = a["AttributeType"]?.stringValue else { return nil }
        return (n, t)
      }, uniquingKeysWith: { a, _ in a })
    let schema = json["KeySchema"]?.arrayValue ?? []
    if let h = schema.first(where: { $0["KeyType"]?.stringValue == "HASH" })?["AttributeName"]?.stringValue {
      let r = schema.first(where: { $0["KeyType"]?.stringValue == "RANGE" })?["AttributeName"]?.stringValue
      keys = DynamoDBKeySchema(hash: (h, types[h] ?? "S"), range: r.map { ($0, types[$0] ?? "S") })
    }
    return DynamoDBTableDescription(
      name: name, status: json["TableStatus"]?.stringValue ?? "UNKNOWN", itemCount: json["ItemCount"]?.intValue,
      keySchema: keys,
      globalSecondaryIndexes: (json["GlobalSecondaryIndexes"]?.arrayValue ?? []).compactMap { $0["IndexName"]?.stringValue },
      billingMode: json["BillingModeSummary"]?["BillingMode"]?.stringValue, raw: json)
  }
}

extension AWSError {
  /// A conditional write whose condition did not hold.
  public var isConditionalCheckFailed: Bool { code == "ConditionalCheckFailedException" }
}

extension AWSClient {
  @_spi(RootmailHost) public var dynamoDB: DynamoDB { DynamoDB(client: self) }
}
