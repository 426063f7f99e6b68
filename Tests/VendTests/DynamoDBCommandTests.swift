import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// The real binary on DynamoDB (moto_server): a table the sample's stack made and its vendor
/// filled, used unchanged; `mappings init-table` checked with DescribeTable; and
/// `vend --create-account` through Organizations.
@Suite struct DynamoDBCommandTests {
  static let request =
    #"{"OwnerAddress": "new@example.com", "AccountType": "IT", "Tags": {"BusinessUnit": "bu", "ApplicationName": "app", "Environment": "PRODUCTION"}}"#

  func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  @Test func aTableTheSampleMadeAndFilledIsUsedUnchanged() async throws {
    let (rootmail, table) = try await RootmailCLI.onDynamoDB()
    for n in 1...7 {
      try await SampleMappingTable.putSampleItem(
        table, email: "bu-app-prod-00\(n)@aws.example.com", owner: "owner\(n)@example.com", accountName: "bu-app-prod",
        counter: "00\(n)", tags: ["BusinessUnit": "bu", "ApplicationName": "app", "Environment": "PRODUCTION"])
    }
    let list = try rootmail.run(["mappings", "list", "--output", "text"])
    #expect(list.status == 0, "\(list.stderr)")
    #expect(list.lines.count == 7 && list.stdout.contains("bu-app-prod-004@aws.example.com"))
    let get = try rootmail.run(["mappings", "get", "bu-app-prod-003", "--output", "json"])
    #expect(get.status == 0, "\(get.stderr)")
    #expect(try json(get.stdout)["OwnerAddress"] as? String == "owner3@example.com")
    let vend = try rootmail.run(["vend", "--strategy", "name", "--request", "-"], input: Self.request)
    #expect(vend.status == 0 && vend.stdout == "bu-app-prod-008@aws.example.com\n", "\(vend.stderr)")
    // The new item is in the sample's shape, in the index the sample's vendor queries.
    let db = try SampleMappingTable.moto().client().dynamoDB
    let indexed = try await db.queryAll(
      table, index: "AccountName-Enum-Index",
      keyCondition: DynamoDBExpression("#n = :n", names: ["#n": "AccountName"], values: [":n": .s("bu-app-prod")]))
    #expect(indexed.compactMap { $0["Enum"]?.stringValue }.sorted() == (1...8).map { "00\($0)" })
    // The same address again is refused and nothing is overwritten.
    let again = try rootmail.run(
      ["vend", "--strategy", "name", "--request", "-", "--email", "bu-app-prod-002@aws.example.com"], input: Self.request)
    #expect(again.status == 1 && again.stdout.isEmpty)
    #expect(
      try await db.getItem(table, key: ["AccountEmail": .s("bu-app-prod-002@aws.example.com")])?["OwnerAddress"]
        == .s("owner2@example.com"))
  }

  @Test func initTableCreatesTheSamplesTable() async throws {
    let table = SampleMappingTable.freshName()
    let rootmail = try RootmailCLI.forVend(
      extra: try SampleMappingTable.environment().merging(["ROOTMAIL_STORE": "dynamodb:\(table)"]) { $1 })
    let result = try rootmail.run(["mappings", "init-table"])
    #expect(result.status == 0 && result.stderr.contains("created"), "\(result.stderr)")
    let db = try SampleMappingTable.moto().client().dynamoDB
    let description = try await db.describeTable(table)
    #expect(description.status == "ACTIVE")
    #expect(description.keySchema == DynamoDBKeySchema(hash: ("AccountEmail", "S")))
    #expect(description.billingMode == "PAY_PER_REQUEST")
    let index = try #require(description.raw["GlobalSecondaryIndexes"]?.arrayValue?.first)
    #expect(description.globalSecondaryIndexes == ["AccountName-Enum-Index"])
    #expect(
      index["KeySchema"]?.arrayValue?.map { "\($0["AttributeName"]?.stringValue ?? "") \($0["KeyType"]?.stringValue ?? "")" }
        == ["AccountName HASH", "Enum RANGE"])
    #expect(index["Projection"]?["ProjectionType"]?.stringValue == "ALL")
    let backups = try await db.rpc.call("DescribeContinuousBackups", .object([("TableName", .string(table))]))
    #expect(
      backups["ContinuousBackupsDescription"]?["PointInTimeRecoveryDescription"]?["PointInTimeRecoveryStatus"]?.stringValue
        == "ENABLED")
    // Again: the table is left as it is; then the store works on it.
    let again = try rootmail.run(["mappings", "init-table"])
    #expect(again.status == 0 && again.stderr.contains("already exists"), "\(again.stderr)")
    #expect(try rootmail.run(["vend", "--strategy", "name", "--request", "-"], input: Self.request).status == 0)
  }

  @Test func initTableRefusesATableWithAnotherLayout() async throws {
    let table = SampleMappingTable.freshName()
    try await SampleMappingTable.moto().client().dynamoDB.createTable(table, keys: DynamoDBKeySchema(hash: ("Id", "S")))
    let rootmail = try RootmailCLI.forVend(
      extra: try SampleMappingTable.environment().merging(["ROOTMAIL_STORE": "dynamodb:\(table)"]) { $1 })
    let result = try rootmail.run(["mappings", "init-table"])
    #expect(result.status == 78 && result.stderr.contains("another layout"), "\(result.stderr)")
  }

  @Test func aMissingTableIsAConfigurationErrorWithAHint() async throws {
    let rootmail = try RootmailCLI.forVend(
      extra: try SampleMappingTable.environment().merging(["ROOTMAIL_STORE": "dynamodb:no-such-table"]) { $1 })
    let result = try rootmail.run(["mappings", "list"])
    #expect(result.status == 78 && result.stderr.contains("init-table"), "\(result.stderr)")
  }

  @Test func createAccountRecordsTheAccountIdAndStatus() async throws {
    let organizations = try SampleMappingTable.moto().client().organizations
    do {
      try await organizations.createOrganization()
    } catch let error as AWSError where error.code == "AlreadyInOrganizationException" {}
    let (rootmail, _) = try await RootmailCLI.onDynamoDB()
    let result = try rootmail.run(
      ["vend", "--strategy", "name", "--request", "-", "--create-account", "--output", "json"], input: Self.request)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("creating account bu-app-prod-001"))
    let record = try json(result.stdout)
    let accountId = try #require(record["AccountId"] as? String)
    #expect(accountId.count == 12 && accountId.allSatisfy(\.isNumber))
    #expect(record["Status"] as? String == "ACCOUNT-CREATED")
    let stored = try json(try rootmail.run(["mappings", "get", "bu-app-prod-001@aws.example.com", "--output", "json"]).stdout)
    #expect(stored["AccountId"] as? String == accountId && stored["Status"] as? String == "ACCOUNT-CREATED")
    let accounts = try await organizations.listAllAccounts()
    #expect(
      accounts.contains { $0.id == accountId && $0.email == "bu-app-prod-001@aws.example.com" && $0.name == "bu-app-prod-001" })
  }

  /// The store, account creation and the command share one AWS client, so credentials are
  /// resolved once per command: a credential_process (an MFA or SSO helper, say) runs once.
  @Test func oneCommandResolvesCredentialsOnce() async throws {
    let organizations = try SampleMappingTable.moto().client().organizations
    do {
      try await organizations.createOrganization()
    } catch let error as AWSError where error.code == "AlreadyInOrganizationException" {}
    let folder = NSTemporaryDirectory() + "rootmail-credproc-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let script = folder + "/credentials.sh"
    try """
    #!/bin/sh
    echo run >> "\(folder)/runs"
    echo '{"Version": 1, "AccessKeyId": "testing", "SecretAccessKey": "testing"}'
    """.write(toFile: script, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
    try "[default]\ncredential_process = \(script)\n".write(toFile: folder + "/config", atomically: true, encoding: .utf8)
    let (rootmail, _) = try await RootmailCLI.onDynamoDB(extra: [
      "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_CONFIG_FILE": folder + "/config",
      "AWS_SHARED_CREDENTIALS_FILE": folder + "/no-credentials",
    ])
    let result = try rootmail.run(["vend", "--strategy", "name", "--request", "-", "--create-account"], input: Self.request)
    #expect(result.status == 0, "\(result.stderr)")
    let runs = try String(contentsOfFile: folder + "/runs", encoding: .utf8)
    #expect(runs == "run\n", "credential_process ran \(runs.split(separator: "\n").count) times")
  }
}
