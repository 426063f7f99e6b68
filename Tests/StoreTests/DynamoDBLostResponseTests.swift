@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// The DynamoDB mapping store through a proxy that loses a quarter of the responses after
/// DynamoDB applied the write. The resend may come from the retry layer or from libcurl itself
/// (a reused connection that died is retried on a fresh one without counting an attempt); in
/// both cases the store must see that the write it meets is its own: every vend succeeds once,
/// and counters stay contiguous.
@Suite(.serialized) struct DynamoDBLostResponseTests {
  @Test(.timeLimit(.minutes(30)))
  func vendsWhoseResponseWasLostAreStillTheirOwn() async throws {
    let moto = try SampleMappingTable.moto()
    let proxy = try FaultProxy(upstream: moto.url, rate: 0, dropAfterRate: 0.25, seed: 5)
    defer { proxy.stop() }
    let table = try await SampleMappingTable.create()
    let context = try ReceiptLedgerFixture.context(
      ["store": "dynamodb:\(table)"], environment: ["AWS_ENDPOINT_URL": proxy.url, "AWS_MAX_ATTEMPTS": "12"])
    let store = try await context.openStore()
    for n in 0..<30 {
      let record = sampleRecord(email: "root+\(String(format: "%012x", 0xabc000 + n))@aws.example.com")
      try await store.insert(record)
    }
    var counters: [String] = []
    for _ in 0..<15 {
      let record = try await store.insertNext(accountName: "lost-ledger") { counter in
        sampleRecord(
          email: "lost-ledger-\(String(format: "%03d", counter))@aws.example.com", name: "lost-ledger",
          counter: String(format: "%03d", counter))
      }
      counters.append(record.counter)
    }
    #expect(counters == (1...15).map { String(format: "%03d", $0) })
    let direct = try await ReceiptLedgerFixture.context(["store": "dynamodb:\(table)"]).openStore()
    #expect(try await direct.list(MappingFilter()).count == 45)
    #expect(try await proxy.stats()["drop_after", default: 0] >= 5)
  }
}
