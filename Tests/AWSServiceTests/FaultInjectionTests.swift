@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// Every operation through the fault-injecting proxy: 30% of requests get a throttling error, a
/// 503 or a dropped connection before moto sees them; with retries every operation succeeds and
/// no conditional write applies twice. Then responses dropped AFTER moto applied the write.
@Suite(.serialized) struct FaultInjectionTests {
  func client(through proxy: FaultProxy) throws -> AWSClient {
    try MotoServer.shared().client(endpoint: proxy.url, maxAttempts: 12, backoffBase: 0.002)
  }

  @Test func everyOperationSucceedsWith30PercentFaults() async throws {
    let moto = try MotoServer.shared()
    let proxy = try FaultProxy(upstream: moto.url, rate: 0.3, seed: 7)
    defer { proxy.stop() }
    let client = try client(through: proxy)
    try await DynamoDBScenario.run(client, table: "faulty-mappings")
    try await S3Scenario.run(client, bucket: "rootmail-faulty")
    try await STSScenario.run(client)
    try await SESScenario.run(client, domain: "faulty.example.com")
    try await Route53Scenario.run(client, zoneName: "aws.faulty.example.com")
    try await CloudFormationScenario.run(client, stack: "rootmail-faulty")
    try await SSMScenario.run(client, name: "/rootmail/pw_reset_link/faulty")
    try await OrganizationsScenario.run(client, prefix: "faulty")
    let stats = try await proxy.stats()
    // The faults really happened, at about the set rate, in every kind.
    let faults = stats["throttle", default: 0] + stats["unavailable", default: 0] + stats["drop_before", default: 0]
    let rate = Double(faults) / Double(stats["requests", default: 1])
    #expect(rate > 0.2 && rate < 0.4, "fault rate \(rate) of \(stats)")
    #expect(stats["throttle", default: 0] > 10 && stats["unavailable", default: 0] > 10 && stats["drop_before", default: 0] > 10)
  }

  @Test func conditionalPutsApplyOnceEachUnderFaults() async throws {
    let moto = try MotoServer.shared()
    let proxy = try FaultProxy(upstream: moto.url, rate: 0.3, seed: 11)
    defer { proxy.stop() }
    let db = try client(through: proxy).dynamoDB
    let table = "faulty-once"
    try await db.createTable(table, keys: DynamoDBKeySchema(hash: ("AccountEmail", "S")))
    let absent = DynamoDBExpression("attribute_not_exists(AccountEmail)")
    var successes = 0
    for i in 0..<60 {
      try await db.putItem(table, item: ["AccountEmail": .s("k\(i)@aws.example.com"), "N": .n("\(i)")], condition: absent)
      successes += 1
    }
    #expect(successes == 60)
    // A second conditional put of an existing key is refused, never retried into success.
    for i in 0..<10 {
      await #expect(throws: AWSError.self) {
        try await db.putItem(table, item: ["AccountEmail": .s("k\(i)@aws.example.com")], condition: absent)
      }
    }
    #expect(try await db.scanAll(table, pageSize: 25).count == 60)
    #expect(try await proxy.stats()["requests", default: 0] > 70)
  }

  /// The response is lost after moto applied the write: the retry then meets its own write. A
  /// conditional write cannot apply twice; the caller sees ConditionalCheckFailed and, reading
  /// back, finds its own value. Optimistic-version increments stay exact.
  @Test func writesWhoseResponseWasDroppedDoNotApplyTwice() async throws {
    let moto = try MotoServer.shared()
    let proxy = try FaultProxy(upstream: moto.url, rate: 0, dropAfterRate: 0.3, seed: 3)
    defer { proxy.stop() }
    let db = try client(through: proxy).dynamoDB
    let table = "faulty-after"
    try await db.createTable(table, keys: DynamoDBKeySchema(hash: ("AccountEmail", "S")))
    let absent = DynamoDBExpression("attribute_not_exists(AccountEmail)")
    var conflicts = 0
    for i in 0..<40 {
      let key = "d\(i)@aws.example.com"
      do {
        try await db.putItem(table, item: ["AccountEmail": .s(key), "Owner": .s("owner-\(i)")], condition: absent)
      } catch let error as AWSError where error.isConditionalCheckFailed {
        conflicts += 1
        let item = try await db.getItem(table, key: ["AccountEmail": .s(key)], consistentRead: true)
        #expect(item?["Owner"] == .s("owner-\(i)"), "the write that landed is ours")
      }
    }
    #expect(conflicts > 0, "some responses were dropped after the write was applied")
    #expect(try await db.scanAll(table).count == 40)

    let key: DynamoDBItem = ["AccountEmail": .s("counter")]
    try await db.putItem(table, item: key.merging(["V": .n("0")]) { a, _ in a })
    for v in 0..<30 {
      do {
        try await db.updateItem(
          table, key: key, update: DynamoDBExpression("SET V = :next", values: [":next": .n("\(v + 1)"), ":cur": .n("\(v)")]),
          condition: "V = :cur")
      } catch let error as AWSError where error.isConditionalCheckFailed {
        let now = try await db.getItem(table, key: key, consistentRead: true)?["V"]
        #expect(now == .n("\(v + 1)"), "a refused increment had already applied once")
      }
    }
    #expect(try await db.getItem(table, key: key, consistentRead: true)?["V"] == .n("30"))
    #expect(try await proxy.stats()["drop_after", default: 0] > 5)
  }
}
