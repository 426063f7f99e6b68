import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport

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
      return try await MappingStoreFactory.open(context: CommandContext(config: config, environment: ["HOME": folder]))
    case .dynamodb:
      let table = try await SampleMappingTable.create()
      return try await SampleMappingTable.openStore(table, home: try TemporaryFolder.make())
    }
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
