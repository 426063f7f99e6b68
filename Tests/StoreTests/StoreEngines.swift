import Foundation
import RootmailKit
import RootmailTestSupport

/// The store engines the shared suite runs against: every test runs on both.
enum EngineUnderTest: String, CaseIterable, Sendable, CustomStringConvertible {
  case sqlite
  /// A fresh table on moto_server, created as aws-account-factory-email's stack creates it.
  case dynamodb

  var description: String { rawValue }

  /// A fresh, empty store of this engine.
  func makeStore() async throws -> any MappingStore {
    switch self {
    case .sqlite:
      let folder = try TemporaryFolder.make()
      let config = try ConfigLoader(environment: ["ROOTMAIL_STORE": "sqlite:\(folder)/db/rootmail.sqlite", "HOME": folder]).load()
      return try await MappingStoreFactory.open(context: StoreContext(config: config, environment: ["HOME": folder]))
    case .dynamodb:
      let table = try await SampleTable.create()
      return try await SampleTable.openStore(table)
    }
  }
}

/// DynamoDB tables on the shared moto_server, made directly through the DynamoDB API with the
/// sample stack's layout (key AccountEmail, GSI AccountName-Enum-Index, on-demand billing).
enum SampleTable {
  static func moto() throws -> MotoServer { try MotoServer.shared() }

  /// The environment a store or a `rootmail` process uses to reach moto with test keys.
  static func environment(home: String) throws -> [String: String] {
    try moto().environment(accessKey: "testing", secret: "testing").merging(["HOME": home]) { $1 }
  }

  /// Creates a table with a fresh name and returns the name.
  static func create() async throws -> String {
    let table = "mappings-\(UUID().uuidString.prefix(12).lowercased())"
    try await moto().client().dynamoDB.createTable(
      table, keys: DynamoDBKeySchema(hash: ("AccountEmail", "S")),
      indexes: [
        DynamoDB.GlobalSecondaryIndex(
          name: "AccountName-Enum-Index", keys: DynamoDBKeySchema(hash: ("AccountName", "S"), range: ("Enum", "S")))
      ])
    return table
  }

  /// Opens the store of `table` the way a command does (`store = dynamodb:<table>`).
  static func openStore(_ table: String) async throws -> any MappingStore {
    let folder = try TemporaryFolder.make()
    let environment = try environment(home: folder)
    let config = try ConfigLoader(environment: environment.merging(["ROOTMAIL_STORE": "dynamodb:\(table)"]) { $1 }).load()
    return try await MappingStoreFactory.open(context: StoreContext(config: config, environment: environment))
  }
}

/// Temporary folders for tests (left for the OS to clean, so a failure can be inspected).
enum TemporaryFolder {
  static func make() throws -> String {
    var template = Array((NSTemporaryDirectory() + "/rootmail-test-XXXXXX").utf8CString)
    guard let made = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
    return String(cString: made)
  }
}

/// A mapping with sensible defaults for tests.
func sampleRecord(
  email: String = "root+0123456789ab@aws.example.com", owner: String = "jdoe@example.com", name: String = "",
  counter: String = "", type: String = "IT", tags: [String: String] = [:]
) -> MappingRecord {
  MappingRecord(
    accountEmail: email, ownerAddress: owner, accountName: name, counter: counter, accountType: type, tags: tags,
    lastUpdated: "2026-11-22T02:05:00Z")
}
