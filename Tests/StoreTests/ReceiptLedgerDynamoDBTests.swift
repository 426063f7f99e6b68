import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// What only the DynamoDB ledger has: receipts beside the mappings in the sample's table and
/// out of the mapping store's and the sample's sight, a table of its own (`receipt_table`),
/// and the configuration errors a watcher meets before it claims anything.
@Suite struct ReceiptLedgerDynamoDBTests {
  let t = 1_800_000_000

  func db() throws -> DynamoDB { try SampleMappingTable.moto().client().dynamoDB }

  @Test func receiptsInTheMappingTableNeverShowAsMappingsOrInTheSamplesIndex() async throws {
    let table = try await SampleMappingTable.create()
    let store = try await SampleMappingTable.openStore(table, home: try TemporaryFolder.make())
    let mapping = sampleRecord(email: "x-y-dev-001@aws.example.com", name: "x-y-dev", counter: "001")
    try await store.insert(mapping)
    let ledger = try await ReceiptLedgerFixture.open(store: "dynamodb:\(table)")
    var r = try #require(
      try await ledger.claim(mailID: "0123456789ab", receiver: "forward", worker: "w", now: t, leaseUntil: t + 60, maxAttempts: 5)
    )
    r.state = .failed
    r.detail = "x-y-dev-001@aws.example.com refused"
    #expect(try await ledger.settle(r, worker: "w"))
    _ = try await ledger.claim(
      mailID: "0123456789ab", receiver: "reset-link", worker: "w", now: t, leaseUntil: t + 60, maxAttempts: 5)

    let items = try await db().scanAll(table)
    let keys = items.compactMap { $0["AccountEmail"]?.stringValue }.sorted()
    #expect(
      keys.filter { $0.hasPrefix("#receipt") } == [
        "#receipt 0123456789ab forward", "#receipt 0123456789ab reset-link", "#receipts 0123456789ab",
      ])
    #expect(try await store.list(MappingFilter()) == [mapping])
    #expect(try await store.nextCounter(accountName: "x-y-dev") == 2)
    // What the sample's vendor queries sees the mapping only.
    let indexed = try await db().queryAll(
      table, index: "AccountName-Enum-Index",
      keyCondition: DynamoDBExpression("#n = :n", names: ["#n": "AccountName"], values: [":n": .s("x-y-dev")]))
    #expect(indexed.count == 1)
  }

  @Test func aReceiptTableOfItsOwnWithAnyStringKeyIsUsedWhateverTheStore() async throws {
    let receipts = SampleMappingTable.freshName()
    try await db().createTable(receipts, keys: DynamoDBKeySchema(hash: ("pk", "S")))
    let sqlite = "sqlite:\(try TemporaryFolder.make())/rootmail.sqlite"
    let a = try await ReceiptLedgerFixture.open(store: sqlite, receiptTable: receipts)
    let mappings = try await SampleMappingTable.create()
    let b = try await ReceiptLedgerFixture.open(store: "dynamodb:\(mappings)", receiptTable: receipts)
    #expect(
      try await a.claim(mailID: "0123456789ab", receiver: "forward", worker: "a", now: t, leaseUntil: t + 60, maxAttempts: 5)
        != nil)
    #expect(
      try await b.claim(mailID: "0123456789ab", receiver: "forward", worker: "b", now: t, leaseUntil: t + 60, maxAttempts: 5)
        == nil)
    #expect(try await db().scanAll(mappings).isEmpty)
    #expect(try await db().getItem(receipts, key: ["pk": .s("#receipt 0123456789ab forward")]) != nil)
  }

  @Test func aLocalStoreHasNoSharedLedger() async throws {
    let context = try ReceiptLedgerFixture.context(["store": "sqlite:\(try TemporaryFolder.make())/r.sqlite"])
    #expect(try await ReceiptLedgerLocator.open(context: context) == nil)
    #expect(try await ReceiptLedgerLocator.open(context: try ReceiptLedgerFixture.context(["store": "sqlite"])) == nil)
  }

  @Test func aMissingTableOrOneWithARangeKeyIsAConfigurationError() async throws {
    let missing = SampleMappingTable.freshName()
    await #expect {
      _ = try await ReceiptLedgerFixture.open(store: "dynamodb:\(missing)")
    } throws: { ($0 as? CLIError)?.exitStatus == .configuration && "\($0)".contains(missing) }
    let ranged = SampleMappingTable.freshName()
    try await db().createTable(ranged, keys: DynamoDBKeySchema(hash: ("pk", "S"), range: ("sk", "S")))
    await #expect {
      _ = try await ReceiptLedgerFixture.open(store: "sqlite", receiptTable: ranged)
    } throws: { ($0 as? CLIError)?.exitStatus == .configuration }
  }

  @Test func aLongReceiverIDIsKeyedByItsHashAndReadBackWhole() async throws {
    let ledger = try await ReceiptLedgerFixture.open(store: "dynamodb:\(try await SampleMappingTable.create())")
    let long = "exec:/usr/local/bin/notify " + String(repeating: "--flag ", count: 400)
    let other = long + "x"
    #expect(
      try await ledger.claim(mailID: "0123456789ab", receiver: long, worker: "w", now: t, leaseUntil: t + 60, maxAttempts: 5)
        != nil)
    #expect(
      try await ledger.claim(mailID: "0123456789ab", receiver: long, worker: "v", now: t, leaseUntil: t + 60, maxAttempts: 5)
        == nil)
    #expect(
      try await ledger.claim(mailID: "0123456789ab", receiver: other, worker: "v", now: t, leaseUntil: t + 60, maxAttempts: 5)
        != nil)
    #expect(Set(try await ledger.receipts(mailID: "0123456789ab").map(\.receiver)) == [long, other])
  }

  @Test func aMailIDThatCouldRunIntoAnotherKeyIsRefusedAndALongDetailIsCut() async throws {
    let ledger = try await ReceiptLedgerFixture.open(store: "dynamodb:\(try await SampleMappingTable.create())")
    for bad in ["", "0123 forward", "a\u{1B}[2J", String(repeating: "a", count: 300)] {
      await #expect {
        _ = try await ledger.claim(mailID: bad, receiver: "forward", worker: "w", now: t, leaseUntil: t + 60, maxAttempts: 5)
      } throws: { ($0 as? CLIError)?.exitStatus == .dataError && !"\($0)".contains("\u{1B}") }
    }
    var r = try #require(
      try await ledger.claim(mailID: "0123456789ab", receiver: "forward", worker: "w", now: t, leaseUntil: t + 60, maxAttempts: 5)
    )
    r.state = .dead
    r.detail = String(repeating: "é", count: 100_000)
    #expect(try await ledger.settle(r, worker: "w"))
    let stored = try #require(try await ledger.receipts(mailID: "0123456789ab").first)
    #expect(stored.detail.utf8.count <= 8192 && stored.detail.hasPrefix("éé") && stored.detail.hasSuffix("..."))
  }

  /// Through a proxy that loses a quarter of the responses after DynamoDB applied the write
  /// (and fails some requests outright): the client retries, the retry's condition meets the
  /// first attempt's write, and the ledger sees it was its own. Every claim is still won by its
  /// only claimant, once, and every settle is still accepted.
  @Test(.timeLimit(.minutes(30)))
  func aClaimOrSettleWhoseResponseWasLostIsStillTheWorkersOwn() async throws {
    let moto = try SampleMappingTable.moto()
    let proxy = try FaultProxy(upstream: moto.url, rate: 0.1, dropAfterRate: 0.25, seed: 11)
    defer { proxy.stop() }
    let table = try await SampleMappingTable.create()
    let flaky = try await ReceiptLedgerFixture.open(
      store: "dynamodb:\(table)", environment: ["AWS_ENDPOINT_URL": proxy.url, "AWS_MAX_ATTEMPTS": "12"])
    let direct = try await ReceiptLedgerFixture.open(store: "dynamodb:\(table)")
    for n in 0..<40 {
      let mail = String(format: "%012x", 0xf00 + n)
      var r = try #require(
        try await flaky.claim(mailID: mail, receiver: "forward", worker: "w", now: t, leaseUntil: t + 60, maxAttempts: 5),
        "claim \(n) lost")
      #expect(r.attempts == 1 && r.worker == "w")
      r.state = .done
      r.detail = "sent"
      r.updatedAt = t + 1
      #expect(try await flaky.settle(r, worker: "w"), "settle \(n) refused")
      #expect(try await direct.receipts(mailID: mail).map(\.state) == [.done])
    }
    let stats = try await proxy.stats()
    #expect(stats["drop_after", default: 0] >= 5, "\(stats)")
  }
}
