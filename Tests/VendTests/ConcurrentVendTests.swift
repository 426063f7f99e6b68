import Foundation
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// Eight real `rootmail vend` processes, fifty vends each, on one fresh store at once (an
/// SQLite file, and a DynamoDB table on moto_server): every address distinct, and
/// name-strategy counters 001…400 with no gap and no repeat.
@Suite struct ConcurrentVendTests {
  static let processes = 8
  static let vendsEach = 50

  static let engines = ["sqlite", "dynamodb"]

  func vendConcurrently(strategy: String, engine: String) async throws -> (rootmail: RootmailCLI, addresses: [String]) {
    let rootmail = try await RootmailCLI.on(engine)
    let request =
      #"{"OwnerAddress": "race@example.com", "AccountType": "IT", "Tags": {"BusinessUnit": "race", "ApplicationName": "app", "Environment": "PRODUCTION"}}"#
    let file = try rootmail.write(Array(repeating: request, count: Self.vendsEach).joined(separator: "\n"), to: "requests.jsonl")
    let running = try (0..<Self.processes).map { _ in
      // 400 vends on one serialized moto_server take minutes on a loaded machine.
      try rootmail.start(["vend", "--strategy", strategy, "--from-file", file], timeout: 600)
    }
    var addresses: [String] = []
    for process in running {
      let result = process.wait()
      #expect(result.status == 0, "\(result.stderr)")
      #expect(result.lines.count == Self.vendsEach)
      addresses += result.lines
    }
    return (rootmail, addresses)
  }

  @Test(arguments: engines)
  func uuidAddressesAreAllDistinct(engine: String) async throws {
    let (rootmail, addresses) = try await vendConcurrently(strategy: "uuid", engine: engine)
    #expect(addresses.count == 400 && Set(addresses).count == 400)
    #expect(addresses.allSatisfy { $0.range(of: #"^root\+[0-9a-f]{12}@aws\.example\.com$"#, options: .regularExpression) != nil })
    #expect(Set(try rootmail.storedEmails()) == Set(addresses))
  }

  @Test(arguments: engines)
  func nameCountersRunFrom001To400WithoutGapOrRepeat(engine: String) async throws {
    let (rootmail, addresses) = try await vendConcurrently(strategy: "name", engine: engine)
    let expected = (1...400).map { "race-app-prod-\($0 < 10 ? "00" : $0 < 100 ? "0" : "")\($0)@aws.example.com" }
    #expect(addresses.count == 400)
    #expect(addresses.sorted() == expected)
    #expect(try rootmail.storedEmails().sorted() == expected)
  }
}
