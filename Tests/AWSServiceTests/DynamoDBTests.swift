@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// DynamoDB operations against moto_server over HTTP; `run` is reused through the fault proxy.
enum DynamoDBScenario {
  static func run(_ client: AWSClient, table: String) async throws {
    let db = client.dynamoDB
    let created = try await db.createTable(
      table, keys: DynamoDBKeySchema(hash: ("AccountEmail", "S")),
      indexes: [.init(name: "AccountName-Enum-Index", keys: DynamoDBKeySchema(hash: ("AccountName", "S"), range: ("Enum", "S")))])
    #expect(created.name == table)
    let described = try await db.describeTable(table)
    #expect(described.globalSecondaryIndexes == ["AccountName-Enum-Index"])
    #expect(described.keySchema?.hash.name == "AccountEmail")
    try await db.updateContinuousBackups(table, pointInTimeRecovery: true)

    let absent = DynamoDBExpression("attribute_not_exists(AccountEmail)")
    for i in 1...25 {
      let n = String(i).count == 1 ? "00\(i)" : "0\(i)"
      try await db.putItem(
        table,
        item: [
          "AccountEmail": .s("team-app-dev-\(n)@aws.example.com"), "AccountName": .s("team-app-dev"), "Enum": .s(n),
          "OwnerAddress": .s("owner@example.com"), "Tags": .m(["Environment": .s("dev")]),
        ], condition: absent)
    }
    // The same key again: the condition fails, nothing is overwritten.
    await #expect(throws: AWSError.self) {
      try await db.putItem(table, item: ["AccountEmail": .s("team-app-dev-001@aws.example.com")], condition: absent)
    }
    do {
      try await db.putItem(table, item: ["AccountEmail": .s("team-app-dev-001@aws.example.com")], condition: absent)
    } catch let error as AWSError {
      #expect(error.isConditionalCheckFailed)
      #expect(error.exitStatus == .failure)
    }
    let key: DynamoDBItem = ["AccountEmail": .s("team-app-dev-001@aws.example.com")]
    let got = try await db.getItem(table, key: key, consistentRead: true)
    #expect(got?["OwnerAddress"] == .s("owner@example.com"))
    #expect(got?["Tags"]?.mapValue?["Environment"] == .s("dev"))
    #expect(try await db.getItem(table, key: ["AccountEmail": .s("nobody@aws.example.com")]) == nil)

    let updated = try await db.updateItem(
      table, key: key,
      update: DynamoDBExpression(
        "SET #s = :s ADD Hits :one", names: ["#s": "Status"], values: [":s": .s("ACTIVE"), ":one": .n("1")]),
      condition: "attribute_exists(AccountEmail)")
    #expect(updated["Status"] == .s("ACTIVE"))
    #expect(updated["Hits"] == .n("1"))

    // Query the GSI for the highest counter, as the vend strategy does.
    let highest = try await db.query(
      table, index: "AccountName-Enum-Index",
      keyCondition: DynamoDBExpression("AccountName = :n", values: [":n": .s("team-app-dev")]), limit: 1, scanForward: false)
    #expect(highest.items.first?["Enum"] == .s("025"))
    let all = try await db.queryAll(
      table, index: "AccountName-Enum-Index",
      keyCondition: DynamoDBExpression("AccountName = :n", values: [":n": .s("team-app-dev")]), pageSize: 7)
    #expect(all.count == 25)

    let scanned = try await db.scanAll(table, pageSize: 4)
    #expect(scanned.count == 25)
    let firstPage = try await db.scan(table, limit: 4)
    #expect(firstPage.items.count == 4 && firstPage.lastEvaluatedKey != nil)

    try await db.transactWriteItems(
      [
        .put(
          table: table, item: ["AccountEmail": .s("tx-1@aws.example.com"), "AccountName": .s("tx")],
          condition: DynamoDBExpression("attribute_not_exists(AccountEmail)")),
        .update(
          table: table, key: key,
          update: DynamoDBExpression("SET #s = :c", names: ["#s": "Status"], values: [":c": .s("CLOSED")]),
          condition: nil),
      ], clientRequestToken: "tx-\(table)")
    #expect(try await db.getItem(table, key: key, consistentRead: true)?["Status"] == .s("CLOSED"))

    try await db.deleteItem(
      table, key: ["AccountEmail": .s("tx-1@aws.example.com")],
      condition: DynamoDBExpression("AccountName = :n", values: [":n": .s("tx")]))
    #expect(try await db.getItem(table, key: ["AccountEmail": .s("tx-1@aws.example.com")], consistentRead: true) == nil)
  }
}

@Suite struct DynamoDBTests {
  @Test func operationsAgainstMoto() async throws {
    let moto = try MotoServer.shared()
    try await DynamoDBScenario.run(moto.client(), table: "direct-mappings")
  }

  @Test func missingTableIsResourceNotFoundWithHint() async throws {
    let moto = try MotoServer.shared()
    do {
      _ = try await moto.client().dynamoDB.describeTable("no-such-table")
      Issue.record("DescribeTable of a missing table succeeded")
    } catch let error as AWSError {
      #expect(error.code == "ResourceNotFoundException")
      #expect(error.status == 400)
      #expect(error.service == "DynamoDB" && error.operation == "DescribeTable")
      #expect(error.hint != nil)
      #expect(error.exitStatus == .failure)
    }
  }
}
