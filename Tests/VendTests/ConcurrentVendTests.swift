import Foundation
import Testing

/// Eight real `rootmail vend` processes, fifty vends each, on one fresh SQLite store at once:
/// every address distinct, and name-strategy counters 001…400 with no gap and no repeat.
@Suite struct ConcurrentVendTests {
  static let processes = 8
  static let vendsEach = 50

  func vendConcurrently(strategy: String) throws -> (rootmail: RootmailProcess, addresses: [String]) {
    let rootmail = try RootmailProcess()
    let request =
      #"{"OwnerAddress": "race@example.com", "AccountType": "IT", "Tags": {"BusinessUnit": "race", "ApplicationName": "app", "Environment": "PRODUCTION"}}"#
    let file = try rootmail.write(Array(repeating: request, count: Self.vendsEach).joined(separator: "\n"), to: "requests.jsonl")
    let running = try (0..<Self.processes).map { _ in
      try rootmail.start(["vend", "--strategy", strategy, "--from-file", file])
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

  @Test func uuidAddressesAreAllDistinct() throws {
    let (rootmail, addresses) = try vendConcurrently(strategy: "uuid")
    #expect(addresses.count == 400 && Set(addresses).count == 400)
    #expect(addresses.allSatisfy { $0.range(of: #"^root\+[0-9a-f]{12}@aws\.example\.com$"#, options: .regularExpression) != nil })
    #expect(Set(try rootmail.storedEmails()) == Set(addresses))
  }

  @Test func nameCountersRunFrom001To400WithoutGapOrRepeat() throws {
    let (rootmail, addresses) = try vendConcurrently(strategy: "name")
    let expected = (1...400).map { "race-app-prod-\($0 < 10 ? "00" : $0 < 100 ? "0" : "")\($0)@aws.example.com" }
    #expect(addresses.count == 400)
    #expect(addresses.sorted() == expected)
    #expect(try rootmail.storedEmails().sorted() == expected)
  }
}
