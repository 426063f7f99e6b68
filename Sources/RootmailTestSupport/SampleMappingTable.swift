import Foundation
@_spi(RootmailHost) import RootmailKit

/// DynamoDB mapping tables on the shared serialized moto_server (`MotoServer.sharedSerialized`), made directly through the DynamoDB API
/// with aws-account-factory-email's layout (key AccountEmail, GSI AccountName-Enum-Index on
/// AccountName + Enum, on-demand billing), and items in that sample's shape.
public enum SampleMappingTable {
  public static func moto() throws -> MotoServer { try MotoServer.sharedSerialized() }

  /// The environment a store or a `rootmail` process uses to reach moto with test keys.
  public static func environment() throws -> [String: String] {
    try moto().environment(accessKey: "testing", secret: "testing")
  }

  /// A fresh table name.
  public static func freshName() -> String { "mappings-\(UUID().uuidString.prefix(13).lowercased())" }

  /// Creates a table as the sample's stack does and returns its name.
  public static func create(_ table: String = freshName()) async throws -> String {
    try await moto().client().dynamoDB.createTable(
      table, keys: DynamoDBKeySchema(hash: ("AccountEmail", "S")),
      indexes: [
        DynamoDB.GlobalSecondaryIndex(
          name: "AccountName-Enum-Index", keys: DynamoDBKeySchema(hash: ("AccountName", "S"), range: ("Enum", "S")))
      ])
    return table
  }

  /// Puts an item as the sample's vending code writes it (no rootmail name guard).
  public static func putSampleItem(
    _ table: String, email: String, owner: String, accountName: String, counter: String, accountType: String = "IT",
    tags: [String: String] = [:]
  ) async throws {
    try await moto().client().dynamoDB.putItem(
      table,
      item: [
        "AccountEmail": .s(email), "OwnerAddress": .s(owner), "AccountName": .s(accountName), "Enum": .s(counter),
        "AccountType": .s(accountType), "Tags": .m(tags.mapValues { .s($0) }), "Status": .s("NAME-ALLOCATED"),
        "LastUpdated": .s("2025-01-02T03:04:05Z"),
      ])
  }

  /// Opens the store of `table` the way a command does (`store = dynamodb:<table>`).
  @_spi(RootmailHost) public static func openStore(_ table: String, home: String) async throws -> any MappingStore {
    let environment = try environment().merging(["HOME": home]) { $1 }
    let config = try ConfigLoader(environment: environment.merging(["ROOTMAIL_STORE": "dynamodb:\(table)"]) { $1 }).load()
    return try await MappingStoreFactory.open(context: CommandContext(config: config, environment: environment))
  }
}
