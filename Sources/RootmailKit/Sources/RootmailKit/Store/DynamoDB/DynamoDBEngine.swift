/// The DynamoDB mapping store engine (`store = "dynamodb:<table>"`), built into the kit with
/// the AWS client: region, endpoint and credentials come from the command's flags, environment
/// and config, as for every AWS call.
final class DynamoDBEngine: MappingStoreEngine {
  let scheme = "dynamodb"

  func open(_ location: StoreLocation, context: any StoreContext) async throws -> any MappingStore {
    DynamoDBMappingStore(table: location.target, db: try context.aws().dynamoDB)
  }

  func initializeTable(_ location: StoreLocation, context: any StoreContext) async throws -> String {
    try await DynamoDBTableSetup(table: location.target, db: try context.aws().dynamoDB).run()
  }
}

/// `mappings init-table`: the table exactly as aws-account-factory-email's stack makes it —
/// key `AccountEmail` (S), GSI `AccountName-Enum-Index` (hash `AccountName`, range `Enum`,
/// both S, projection ALL), on-demand billing, point-in-time recovery — waiting (bounded) until
/// the table and its index are ACTIVE. A table that exists with that layout is left as it is
/// (recovery is still switched on); one with another layout is a configuration error.
struct DynamoDBTableSetup: Sendable {
  let table: String
  let db: DynamoDB
  /// How long to wait for ACTIVE, and how often to look.
  var timeout: Duration = .seconds(300)
  var pollInterval: Duration = .seconds(1)

  static let keys = DynamoDBKeySchema(hash: (DynamoDBMappingItem.keyAttribute, "S"))
  static let index = DynamoDB.GlobalSecondaryIndex(
    name: DynamoDBMappingItem.indexName, keys: DynamoDBKeySchema(hash: ("AccountName", "S"), range: ("Enum", "S")))

  func run() async throws -> String {
    var created = true
    do {
      try await db.createTable(table, keys: Self.keys, indexes: [Self.index])
    } catch let error as AWSError where error.code == "ResourceInUseException" {
      created = false
    }
    let description = try await waitUntilActive()
    try check(description)
    try await db.updateContinuousBackups(table, pointInTimeRecovery: true)
    let what = created ? "created" : "already exists;"
    return
      "table \(table) \(what) key AccountEmail, index \(DynamoDBMappingItem.indexName), on-demand billing, point-in-time recovery on"
  }

  /// Describes the table until it and every index are ACTIVE.
  func waitUntilActive() async throws -> DynamoDBTableDescription {
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: timeout)
    while true {
      let description = try await db.describeTable(table)
      let indexes = description.raw["GlobalSecondaryIndexes"]?.arrayValue ?? []
      let indexesActive = indexes.allSatisfy { ($0["IndexStatus"]?.stringValue ?? "ACTIVE") == "ACTIVE" }
      if description.status == "ACTIVE" && indexesActive { return description }
      guard clock.now < deadline else {
        throw CLIError(
          "table \(table) is still \(description.status) after \(timeout); run init-table again later", status: .unavailable)
      }
      try await Task.sleep(for: pollInterval)
    }
  }

  /// Refuses a table whose key or index is not the sample's.
  func check(_ description: DynamoDBTableDescription) throws {
    let indexKeys = (description.raw["GlobalSecondaryIndexes"]?.arrayValue ?? []).first {
      $0["IndexName"]?.stringValue == Self.index.name
    }?["KeySchema"]?.arrayValue?.compactMap { $0["AttributeName"]?.stringValue }
    guard description.keySchema?.hash.name == Self.keys.hash.name, description.keySchema?.range == nil,
      indexKeys == ["AccountName", "Enum"]
    else {
      throw CLIError.configuration(
        "table \(table) exists with another layout (it needs key AccountEmail and index \(Self.index.name) on AccountName, Enum)",
        hint: "use another table name in store, or the table aws-account-factory-email created")
    }
  }
}
