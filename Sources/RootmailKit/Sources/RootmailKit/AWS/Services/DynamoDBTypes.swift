/// A DynamoDB attribute value, as the JSON protocol writes it (`{"S": "…"}`, `{"N": "1"}`, …).
/// Binary values are kept as the base64 text the wire carries.
@_spi(RootmailHost) public indirect enum AttributeValue: Sendable, Equatable {
  case s(String)
  case n(String)
  case b(String)
  case bool(Bool)
  case null
  case m([String: AttributeValue])
  case l([AttributeValue])
  case ss([String])
  case ns([String])
  case bs([String])

  public var json: JSONValue {
    switch self {
    case .s(let v): return .object([("S", .string(v))])
    case .n(let v): return .object([("N", .string(v))])
    case .b(let v): return .object([("B", .string(v))])
    case .bool(let v): return .object([("BOOL", .bool(v))])
    case .null: return .object([("NULL", .bool(true))])
    case .m(let v): return .object([("M", DynamoDB.json(v))])
    case .l(let v): return .object([("L", .array(v.map(\.json)))])
    case .ss(let v): return .object([("SS", .array(v.map { .string($0) }))])
    case .ns(let v): return .object([("NS", .array(v.map { .string($0) }))])
    case .bs(let v): return .object([("BS", .array(v.map { .string($0) }))])
    }
  }

  /// Reads `{"S": "…"}` and the other shapes; nil when the JSON is not an attribute value.
  public init?(json: JSONValue) {
    guard case .object(let members) = json, members.count == 1, let (type, value) = members.first else { return nil }
    func strings() -> [String]? { value.arrayValue?.compactMap(\.stringValue) }
    switch type {
    case "S":
      guard let s = value.stringValue else { return nil }
      self = .s(s)
    case "N":
      guard let s = value.stringValue else { return nil }
      self = .n(s)
    case "B":
      guard let s = value.stringValue else { return nil }
      self = .b(s)
    case "BOOL":
      guard let b = value.boolValue else { return nil }
      self = .bool(b)
    case "NULL": self = .null
    case "M":
      guard let m = DynamoDB.item(value) else { return nil }
      self = .m(m)
    case "L":
      guard let items = value.arrayValue else { return nil }
      let parsed = items.compactMap(AttributeValue.init(json:))
      guard parsed.count == items.count else { return nil }
      self = .l(parsed)
    case "SS":
      guard let v = strings() else { return nil }
      self = .ss(v)
    case "NS":
      guard let v = strings() else { return nil }
      self = .ns(v)
    case "BS":
      guard let v = strings() else { return nil }
      self = .bs(v)
    default: return nil
    }
  }

  public var stringValue: String? {
    if case .s(let s) = self { return s }
    return nil
  }
  public var numberValue: String? {
    if case .n(let s) = self { return s }
    return nil
  }
  public var mapValue: [String: AttributeValue]? {
    if case .m(let m) = self { return m }
    return nil
  }
}

/// A DynamoDB item: attribute name → value.
@_spi(RootmailHost) public typealias DynamoDBItem = [String: AttributeValue]

/// An expression with its placeholders: `#name` → attribute name, `:value` → value.
@_spi(RootmailHost) public struct DynamoDBExpression: Sendable, Equatable {
  public var expression: String
  public var names: [String: String]
  public var values: DynamoDBItem

  public init(_ expression: String, names: [String: String] = [:], values: DynamoDBItem = [:]) {
    self.expression = expression
    self.names = names
    self.values = values
  }
}

/// A key or GSI definition for `CreateTable`.
@_spi(RootmailHost) public struct DynamoDBKeySchema: Sendable, Equatable {
  public var hash: (name: String, type: String)
  public var range: (name: String, type: String)?

  public init(hash: (String, String), range: (String, String)? = nil) {
    self.hash = (hash.0, hash.1)
    self.range = range.map { ($0.0, $0.1) }
  }

  public static func == (a: Self, b: Self) -> Bool {
    a.hash == b.hash && a.range?.name == b.range?.name && a.range?.type == b.range?.type
  }

  var keySchemaJSON: JSONValue {
    var keys: [JSONValue] = [.object([("AttributeName", .string(hash.name)), ("KeyType", .string("HASH"))])]
    if let range { keys.append(.object([("AttributeName", .string(range.name)), ("KeyType", .string("RANGE"))])) }
    return .array(keys)
  }
}

/// One write of a `TransactWriteItems` call.
@_spi(RootmailHost) public enum DynamoDBTransactWrite: Sendable {
  case put(table: String, item: DynamoDBItem, condition: DynamoDBExpression?)
  case update(table: String, key: DynamoDBItem, update: DynamoDBExpression, condition: String?)
  case delete(table: String, key: DynamoDBItem, condition: DynamoDBExpression?)
  case conditionCheck(table: String, key: DynamoDBItem, condition: DynamoDBExpression)
}

/// One page of a Query or Scan.
@_spi(RootmailHost) public struct DynamoDBPage: Sendable {
  public var items: [DynamoDBItem]
  /// Where the next page starts; nil on the last page.
  public var lastEvaluatedKey: DynamoDBItem?
}

/// What `DescribeTable` says about a table.
@_spi(RootmailHost) public struct DynamoDBTableDescription: Sendable {
  public var name: String
  public var status: String
  public var itemCount: Int?
  public var keySchema: DynamoDBKeySchema?
  public var globalSecondaryIndexes: [String]
  public var billingMode: String?
  /// The whole `Table` object, for fields without a typed property.
  public var raw: JSONValue
}
