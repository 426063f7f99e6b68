import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailPluginVend
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// What only the DynamoDB engine has: a table the sample filled, used unchanged; the item
/// shape rootmail writes; name guards kept out of the sample's view; counters compared as
/// numbers; many vendors racing on one name.
@Suite struct DynamoDBStoreTests {
  func db() throws -> DynamoDB { try SampleMappingTable.moto().client().dynamoDB }

  func open(_ table: String) async throws -> any MappingStore {
    try await SampleMappingTable.openStore(table, home: try TemporaryFolder.make())
  }

  @Test func aTableTheSampleFilledIsReadAndCountedOnUnchanged() async throws {
    let table = try await SampleMappingTable.create()
    for n in 1...7 {
      try await SampleMappingTable.putSampleItem(
        table, email: "bu-app-prod-00\(n)@aws.example.com", owner: "o\(n)@example.com", accountName: "bu-app-prod",
        counter: "00\(n)", tags: ["BusinessUnit": "bu"])
    }
    let store = try await open(table)
    let third = try #require(try await store.get(email: "bu-app-prod-003@aws.example.com"))
    #expect(third.ownerAddress == "o3@example.com" && third.fullAccountName == "bu-app-prod-003")
    #expect(third.tags == ["BusinessUnit": "bu"] && third.lastUpdated == "2025-01-02T03:04:05Z")
    #expect(try await store.get(accountName: "bu-app-prod-005")?.accountEmail == "bu-app-prod-005@aws.example.com")
    #expect(try await store.nextCounter(accountName: "bu-app-prod") == 8)
    let next = try await store.insertNext(accountName: "bu-app-prod") { n in
      sampleRecord(
        email: "bu-app-prod-\(AddressGenerator.counter(n, length: 3))@aws.example.com", name: "bu-app-prod",
        counter: AddressGenerator.counter(n, length: 3))
    }
    #expect(next.counter == "008")
    // An overriding name equal to one the sample vended is refused although it has no guard.
    await #expect(throws: MappingStoreError.conflict(field: .accountName, value: "bu-app-prod-002")) {
      try await store.insert(sampleRecord(email: "root+1234567890ab@aws.example.com", name: "bu-app-prod-002"))
    }
    #expect(try await store.list(MappingFilter()).count == 8)
  }

  @Test func rootmailWritesTheSamplesItemShapeAndKeepsGuardsOutOfTheIndex() async throws {
    let table = try await SampleMappingTable.create()
    let store = try await open(table)
    let record = sampleRecord(
      email: "x-y-dev-001@aws.example.com", name: "x-y-dev", counter: "001", tags: ["BusinessUnit": "x"])
    try await store.insert(record)
    try await store.insert(sampleRecord(email: "root+00000000000a@aws.example.com"))
    let item = try #require(try await db().getItem(table, key: ["AccountEmail": .s(record.accountEmail)]))
    #expect(
      Set(item.keys) == ["AccountEmail", "OwnerAddress", "AccountName", "Enum", "AccountType", "Tags", "Status", "LastUpdated"])
    #expect(item["Enum"] == .s("001") && item["AccountName"] == .s("x-y-dev") && item["Tags"] == .m(["BusinessUnit": .s("x")]))
    // What the sample's vendor queries sees mappings only.
    let indexed = try await db().queryAll(
      table, index: "AccountName-Enum-Index",
      keyCondition: DynamoDBExpression("#n = :n", names: ["#n": "AccountName"], values: [":n": .s("x-y-dev")]))
    #expect(indexed.count == 1)
    #expect(
      try await store.list(MappingFilter()).map(\.accountEmail) == ["root+00000000000a@aws.example.com", record.accountEmail])
    // Deleting a mapping frees its name.
    try await store.delete(email: record.accountEmail)
    try await store.insert(sampleRecord(email: "other@aws.example.com", name: "x-y-dev-001"))
    #expect(try await store.get(accountName: "x-y-dev-001")?.accountEmail == "other@aws.example.com")
  }

  @Test func countersAreComparedAsNumbersNotAsText() async throws {
    let table = try await SampleMappingTable.create()
    for counter in ["998", "999", "1000", "0997", "x9"] {
      try await SampleMappingTable.putSampleItem(
        table, email: "n-\(counter)@aws.example.com", owner: "o@example.com", accountName: "n", counter: counter)
    }
    let store = try await open(table)
    #expect(try await store.nextCounter(accountName: "n") == 1001)
    let record = try await store.insertNext(accountName: "n") { n in
      sampleRecord(
        email: "n-\(AddressGenerator.counter(n, length: 3))@aws.example.com", name: "n",
        counter: AddressGenerator.counter(n, length: 3))
    }
    #expect(record.counter == "1001")
  }

  @Test func eightStoresRacingOnOneNameGetDistinctCounters() async throws {
    let table = try await SampleMappingTable.create()
    let stores = try await (0..<8).asyncMap { _ in try await open(table) }
    let counters = try await withThrowingTaskGroup(of: [String].self) { group in
      for store in stores {
        group.addTask {
          var got: [String] = []
          for _ in 0..<10 {
            let r = try await store.insertNext(accountName: "race") { n in
              sampleRecord(
                email: "race-\(AddressGenerator.counter(n, length: 3))@aws.example.com", name: "race",
                counter: AddressGenerator.counter(n, length: 3))
            }
            got.append(r.counter)
          }
          return got
        }
      }
      return try await group.reduce(into: [String]()) { $0 += $1 }
    }
    #expect(counters.sorted() == (1...80).map { AddressGenerator.counter($0, length: 3) })
  }
}

extension Sequence {
  func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
    var out: [T] = []
    for element in self { out.append(try await transform(element)) }
    return out
  }
}
