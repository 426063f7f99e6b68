import Foundation
@_spi(RootmailHost) import RootmailTestSupport

/// `RootmailCLI` set up for vend and mappings: a domain, and a store on either engine.
extension RootmailCLI {
  /// A runner whose configuration names example.com (vend needs a domain), on its private store.
  static func forVend(extra: [String: String] = [:]) throws -> RootmailCLI {
    try RootmailCLI(extra: ["ROOTMAIL_DOMAIN": "example.com"].merging(extra) { $1 })
  }

  /// A runner whose store is a fresh DynamoDB table on moto_server, created as
  /// aws-account-factory-email's stack creates it; returned with the table's name.
  static func onDynamoDB(extra: [String: String] = [:]) async throws -> (RootmailCLI, table: String) {
    let table = try await SampleMappingTable.create()
    let environment = try SampleMappingTable.environment().merging(["ROOTMAIL_STORE": "dynamodb:\(table)"]) { $1 }
    return (try forVend(extra: environment.merging(extra) { $1 }), table)
  }

  /// A runner on `engine` (`sqlite`: a private file; `dynamodb`: a fresh table on moto).
  static func on(_ engine: String) async throws -> RootmailCLI {
    engine == "dynamodb" ? try await onDynamoDB().0 : try forVend()
  }

  /// Every stored mapping's address, through `mappings export` (JSON lines).
  func storedEmails() throws -> [String] {
    let dynamo = environment["ROOTMAIL_STORE"]?.hasPrefix("dynamodb:") ?? false
    guard dynamo || FileManager.default.fileExists(atPath: storePath) else { return [] }
    let result = try run(["mappings", "export"])
    precondition(result.status == 0, result.stderr)
    return result.lines.compactMap { line in
      (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["AccountEmail"] as? String
    }
  }
}
