import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// `rootmail deploy` against moto_server, each scenario checked by reading the resources back.
/// moto's CloudFormation skips the bucket policy and some bucket and table settings; deploy
/// reads those back through their APIs and applies what is missing, which these tests check.
@Suite(.serialized) struct DeployCLITests {
  /// Everything a deploy from scratch makes, read back.
  func checkDeployed(_ h: DeployHarness, zoneID expectedZone: String? = nil) async throws -> Route53.HostedZone {
    let s3 = h.client.s3
    #expect(try await s3.bucketExists(h.bucket))
    #expect(try await s3.getBucketVersioning(h.bucket) == "Enabled")
    #expect(try await s3.getPublicAccessBlock(h.bucket)?.allOn == true)
    #expect(try await s3.getBucketEncryption(h.bucket)?.algorithm == "AES256")
    let policy = try JSONValue.parse(try #require(try await s3.getBucketPolicy(h.bucket)))
    let statements = policy["Statement"]?.arrayValue ?? []
    let deny = try #require(statements.first { $0["Sid"]?.stringValue == "DenyInsecureTransport" })
    #expect(deny["Condition"]?["Bool"]?["aws:SecureTransport"]?.stringValue == "false")
    let allow = try #require(statements.first { $0["Sid"]?.stringValue == "AllowSESPuts" })
    #expect(allow["Principal"]?["Service"]?.stringValue == "ses.amazonaws.com")
    #expect(allow["Resource"]?.stringValue == "arn:aws:s3:::\(h.bucket)/RootMail/*")
    #expect(allow["Condition"]?["StringEquals"]?["aws:SourceAccount"]?.stringValue == h.account)

    let zone = try #require(try await h.zone(existing: expectedZone))
    #expect(zone.name.hasPrefix(h.zoneName))
    let records = try await h.records(zone.id)
    let mx = try #require(records.first { $0.type == "MX" })
    #expect(mx.values == ["10 inbound-smtp.us-east-1.amazonaws.com"])

    let ses = h.client.ses
    let identity = try #require(try await ses.getIdentityVerificationAttributes([h.zoneName])[h.zoneName])
    let token = try #require(identity.token)
    let dkim = try #require(try await ses.getIdentityDkimAttributes([h.zoneName])[h.zoneName])
    #expect(dkim.tokens.count == 3)
    #expect(
      records.contains { $0.type == "TXT" && $0.name.hasPrefix("_amazonses.\(h.zoneName)") && $0.values == ["\"\(token)\""] })
    for t in dkim.tokens {
      #expect(
        records.contains {
          $0.type == "CNAME" && $0.name.hasPrefix("\(t)._domainkey.") && $0.values == ["\(t).dkim.amazonses.com"]
        })
    }
    let active = try #require(try await ses.describeActiveReceiptRuleSet())
    #expect(active.name == "RootMail")
    let rule = try #require(active.rules.first)
    #expect(rule.name == "Receive" && rule.tlsRequired && rule.scanEnabled && rule.enabled)
    #expect(rule.recipients == [h.zoneName] && rule.bucket == h.bucket && rule.objectKeyPrefix == "RootMail/")

    let parameter = try #require(try await h.client.ssm.getParameter("/rootmail/domain_name_servers"))
    #expect(parameter.value == zone.nameServers.joined(separator: ","))
    #expect(!zone.nameServers.isEmpty)
    return zone
  }

  @Test func fromScratchThenAgainChangesNothing() async throws {
    let h = try await DeployHarness()
    let first = try h.deploy()
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.stderr.contains("created") && first.stderr.contains("stack rootmail"), "\(first.stderr)")
    let zone = try await checkDeployed(h)
    // Without a parent zone, the NS block to paste is the data on stdout.
    for server in zone.nameServers {
      #expect(first.stdout.contains("aws.example.com. 172800 IN NS \(server.hasSuffix(".") ? server : server + ".")"))
    }
    let events = try await h.client.cloudFormation.describeStackEvents("rootmail").count
    let template = try await h.client.cloudFormation.getTemplate(stack: "rootmail")

    let second = try h.deploy()
    #expect(second.status == 0, "\(second.stderr)")
    #expect(second.stderr.contains("nothing to change") && second.stderr.contains("nothing changed"), "\(second.stderr)")
    #expect(!second.stderr.contains("created") && !second.stderr.contains("updated") && !second.stderr.contains("change set"))
    #expect(try await h.client.cloudFormation.describeStackEvents("rootmail").count == events)
    #expect(try await h.client.cloudFormation.getTemplate(stack: "rootmail") == template)
    _ = try await checkDeployed(h, zoneID: zone.id)

    // Without a terminal and without --yes, a run with nothing to change still succeeds.
    let third = try h.deploy(yes: false)
    #expect(third.status == 0, "\(third.stderr)")

    // Done as deploy's last line says (set bucket = "<the bucket it made>"): no drift, and a
    // re-run changes nothing and no longer says it.
    #expect(first.stderr.contains("set bucket = \"\(h.bucket)\" in the config for mail fetch"), "\(first.stderr)")
    #expect(try h.cli.run(["config", "set", "bucket", h.bucket]).status == 0)
    let configured = try h.cli.run(["deploy", "--status", "--no-dns-check", "--output", "text"])
    #expect(configured.status == 0 && !configured.stdout.contains("drifted"), "\(configured.stdout)")
    let fourth = try h.deploy()
    #expect(fourth.status == 0 && fourth.stderr.contains("nothing changed"), "\(fourth.stderr)")
    #expect(!fourth.stderr.contains("set bucket ="), "\(fourth.stderr)")
    #expect(try await h.client.cloudFormation.getTemplate(stack: "rootmail") == template)

    // A hand edit (versioning suspended) is drift: --status says so, deploy puts it back.
    try await h.client.s3.putBucketVersioning(h.bucket, enabled: false)
    let status = try h.cli.run(["deploy", "--status", "--no-dns-check", "--output", "text"])
    #expect(status.status == 1 && status.stdout.contains("drifted") && status.stdout.contains("versioning"), "\(status.stdout)")
    let fix = try h.deploy()
    #expect(fix.status == 0 && fix.stderr.contains("applied versioning"), "\(fix.stderr)")
    #expect(try h.cli.run(["deploy", "--status", "--no-dns-check"]).status == 0)
  }

  @Test func anUpdateGoesThroughAListedChangeSet() async throws {
    let h = try await DeployHarness()
    #expect(try h.deploy().status == 0)
    // New options change the template: without --yes and a terminal, nothing changes.
    let refused = try h.deploy(["--mail-expiry-days", "30"], yes: false)
    #expect(refused.status == 64 && refused.stderr.contains("update stack rootmail"), "\(refused.stderr)")
    #expect(try await h.client.s3.getBucketLifecycle(h.bucket).isEmpty)
    let update = try h.deploy(["--mail-expiry-days", "30"])
    #expect(update.status == 0, "\(update.stderr)")
    #expect(update.stderr.contains("change set") && update.stderr.contains("Modify MailBucket"), "\(update.stderr)")
    #expect(update.stderr.contains("updated   stack rootmail"), "\(update.stderr)")
    let rules = try await h.client.s3.getBucketLifecycle(h.bucket)
    #expect(rules == [S3.ExpiryRule(id: "ExpireMail", prefix: "RootMail/", days: 30)])
    #expect(try h.deploy(["--mail-expiry-days", "30"]).stderr.contains("nothing changed"))
  }

  @Test func withoutTerminalOrYesNothingChanges() async throws {
    let h = try await DeployHarness()
    let result = try h.deploy(yes: false)
    #expect(result.status == 64, "\(result.stderr)")
    #expect(result.stderr.contains("--yes") && result.stderr.contains("nothing was changed"))
    // The plan once, not again in the error.
    #expect(result.stderr.components(separatedBy: "create stack rootmail").count == 2, "\(result.stderr)")
    // --dry-run is the plan as a success (a pipeline tells "changes pending" from a usage error).
    let planned = try h.deploy(["--dry-run"], yes: false)
    #expect(planned.status == 0 && planned.stderr.contains("to change: create stack rootmail"), "\(planned.stderr)")
    #expect(planned.stderr.contains("--dry-run: nothing was changed"), "\(planned.stderr)")
    #expect(try h.deploy(["--dry-run", "--template"], yes: false).status == 64)
    let format = try h.deploy(["--format", "json"], yes: false)
    #expect(format.status == 64 && format.stderr.contains("--format goes with --template"), "\(format.stderr)")
    #expect(try await h.client.cloudFormation.stackIfExists("rootmail") == nil)
    #expect(try await h.client.s3.bucketExists(h.bucket) == false)
    #expect(try await h.client.ses.describeActiveReceiptRuleSet() == nil)
  }

  @Test func withParentZone() async throws {
    let h = try await DeployHarness()
    let (parent, _) = try await h.client.route53.createHostedZone("example.com", callerReference: "parent-\(UUID())")
    let result = try h.deploy(["--parent-zone-id", parent.id])
    #expect(result.status == 0, "\(result.stderr)")
    let zone = try await checkDeployed(h)
    let ns = try #require(try await h.records(parent.id).first { $0.type == "NS" && $0.name.hasPrefix(h.zoneName) })
    #expect(
      Set(ns.values.map { $0.hasSuffix(".") ? String($0.dropLast()) : $0 })
        == Set(zone.nameServers.map { $0.hasSuffix(".") ? String($0.dropLast()) : $0 }))
    #expect(result.stderr.contains("NS delegation in \(parent.id)"))
    #expect(!result.stdout.contains("IN NS"), "no block to paste when the parent zone is delegated")
    let again = try h.deploy(["--parent-zone-id", parent.id])
    #expect(again.status == 0 && again.stderr.contains("nothing changed"), "\(again.stderr)")
    // A parent zone that is not the parent is refused before anything changes.
    let (other, _) = try await h.client.route53.createHostedZone("other.org", callerReference: "other-\(UUID())")
    let wrong = try h.deploy(["--parent-zone-id", other.id])
    #expect(wrong.status == 78 && wrong.stderr.contains("not a parent"), "\(wrong.stderr)")
  }

  @Test func withExistingHostedZone() async throws {
    let h = try await DeployHarness()
    let (existing, _) = try await h.client.route53.createHostedZone(h.zoneName, callerReference: "existing-\(UUID())")
    let result = try h.deploy(["--hosted-zone-id", existing.id])
    #expect(result.status == 0, "\(result.stderr)")
    _ = try await checkDeployed(h, zoneID: existing.id)
    let resources = try await h.client.cloudFormation.listStackResources("rootmail")
    #expect(!resources.contains { $0.type == "AWS::Route53::HostedZone" })
    #expect(
      try await h.client.route53.listHostedZonesByName().filter { $0.name.hasPrefix(h.zoneName) }.map(\.id) == [existing.id])
    let again = try h.deploy(["--hosted-zone-id", existing.id])
    #expect(again.status == 0 && again.stderr.contains("nothing changed"), "\(again.stderr)")
    // Destroy removes the records deploy made but keeps a zone it did not make.
    let destroy = try h.deploy(["--hosted-zone-id", existing.id, "--destroy"])
    #expect(destroy.status == 0, "\(destroy.stderr)")
    let left = try await h.records(existing.id)
    #expect(Set(left.map(\.type)).isSubset(of: ["NS", "SOA"]), "\(left)")
  }

  @Test func withDynamoDBStore() async throws {
    let h = try await DeployHarness(store: "dynamodb:rootmail-mappings")
    let result = try h.deploy()
    #expect(result.status == 0, "\(result.stderr)")
    _ = try await checkDeployed(h)
    let db = h.client.dynamoDB
    let table = try await db.describeTable("rootmail-mappings")
    #expect(table.keySchema == DynamoDBKeySchema(hash: ("AccountEmail", "S")))
    #expect(table.globalSecondaryIndexes == ["AccountName-Enum-Index"])
    #expect(table.billingMode == "PAY_PER_REQUEST")
    let index = try #require(table.raw["GlobalSecondaryIndexes"]?.arrayValue?.first)
    #expect(index["KeySchema"]?.arrayValue?.compactMap { $0["AttributeName"]?.stringValue } == ["AccountName", "Enum"])
    #expect(try await db.pointInTimeRecoveryEnabled("rootmail-mappings"))
    // The table works for the store: vend into it.
    let vend = try h.cli.run(["vend", "--owner", "team@example.com", "--account-type", "IT"])
    #expect(vend.status == 0 && vend.stdout.hasSuffix("@aws.example.com\n"), "\(vend.stderr)")
    let again = try h.deploy()
    #expect(again.status == 0 && again.stderr.contains("nothing changed"), "\(again.stderr)")
  }

  @Test func receivingInAnotherRegionNotOnTheList() async throws {
    let h = try await DeployHarness()
    // sa-east-1 is not on rootmail's list: deploy asks SES there (moto answers) and goes on.
    let result = try h.deploy(["--ses-region", "sa-east-1"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("not on rootmail's list, but SES answers"), "\(result.stderr)")
    let zone = try #require(try await h.zone())
    let mx = try #require(try await h.records(zone.id).first { $0.type == "MX" })
    #expect(mx.values == ["10 inbound-smtp.sa-east-1.amazonaws.com"])
    let there = h.client.inRegion("sa-east-1").ses
    #expect(try await there.describeActiveReceiptRuleSet()?.name == "RootMail")
    #expect(try await there.getIdentityVerificationAttributes([h.zoneName])[h.zoneName] != nil)
    #expect(try await h.client.ses.describeActiveReceiptRuleSet() == nil, "nothing in the stack's own region")
    let policy = try #require(try await h.client.s3.getBucketPolicy(h.bucket))
    #expect(policy.contains("arn:aws:ses:sa-east-1:\(h.account):receipt-rule-set/RootMail:receipt-rule/Receive"))
    #expect(try h.deploy(["--ses-region", "sa-east-1"]).stderr.contains("nothing changed"))
  }

  @Test func aTableMadeBeforeIsUsedAsItIs() async throws {
    let h = try await DeployHarness(store: "dynamodb:made-before")
    let initTable = try h.cli.run(["mappings", "init-table"])
    #expect(initTable.status == 0, "\(initTable.stderr)")
    let result = try h.deploy()
    #expect(result.status == 0 && result.stderr.contains("exists outside the stack"), "\(result.stderr)")
    let resources = try await h.client.cloudFormation.listStackResources("rootmail")
    #expect(!resources.contains { $0.type == "AWS::DynamoDB::Table" })
    #expect(try h.deploy().stderr.contains("nothing changed"))
  }

  @Test func anotherActiveRuleSetIsRefusedThenReplacedWithActivate() async throws {
    let h = try await DeployHarness()
    try await h.client.ses.createReceiptRuleSet("Other")
    try await h.client.ses.setActiveReceiptRuleSet("Other")
    let refused = try h.deploy()
    #expect(refused.status == 1, "\(refused.stderr)")
    #expect(refused.stderr.contains("Other is active") && refused.stderr.contains("--activate"), "\(refused.stderr)")
    #expect(try await h.client.cloudFormation.stackIfExists("rootmail") == nil, "nothing was changed")
    #expect(try await h.client.ses.describeActiveReceiptRuleSet()?.name == "Other")
    let replaced = try h.deploy(["--activate"])
    #expect(replaced.status == 0, "\(replaced.stderr)")
    #expect(replaced.stderr.contains("was Other"))
    _ = try await checkDeployed(h)
  }

  @Test func destroyKeepsTheMail() async throws {
    let h = try await DeployHarness()
    #expect(try h.deploy().status == 0)
    try await h.putMail("RootMail/msg1", "mail")
    let refused = try h.deploy(["--destroy"], yes: false)
    #expect(refused.status == 64 && refused.stderr.contains("--yes"), "\(refused.stderr)")
    let planned = try h.deploy(["--destroy", "--dry-run"], yes: false)
    #expect(planned.status == 0 && planned.stderr.contains("--dry-run: nothing was changed"), "\(planned.stderr)")
    #expect(try await h.client.cloudFormation.stackIfExists("rootmail") != nil)
    let zoneID = try #require(try await h.zone()).id
    let result = try h.deploy(["--destroy"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(try await h.client.cloudFormation.stackIfExists("rootmail") == nil)
    #expect(try await h.client.ses.describeActiveReceiptRuleSet() == nil)
    #expect(try await h.client.ses.receiptRuleSetIfExists("RootMail") == nil)
    #expect(try await h.client.ses.getIdentityVerificationAttributes([h.zoneName])[h.zoneName] == nil)
    #expect(try await h.zoneIfExists(zoneID) == nil)
    #expect(try await h.client.ssm.getParameter("/rootmail/domain_name_servers") == nil)
    #expect(try await h.client.s3.headObject(h.bucket, key: "RootMail/msg1") != nil, "the mail stays")
    #expect(try await h.client.s3.getBucketPolicy(h.bucket) == nil, "the stack's policy goes with the stack")
    #expect(result.stderr.contains("kept") && result.stderr.contains(h.bucket))
    // Destroying again finds nothing to remove and succeeds.
    #expect(try h.deploy(["--destroy"]).status == 0)
    // The record keeps that the bucket is deploy's, so --delete-mail may remove it later.
    #expect(try await h.stateKeys() == ["bucket \(h.bucket)"])
    let later = try h.deploy(["--destroy", "--delete-mail"])
    #expect(later.status == 0 && later.stderr.contains("deleted   bucket \(h.bucket)"), "\(later.stderr)")
    #expect(try await h.client.s3.bucketExists(h.bucket) == false)
    #expect(try await h.state() == nil)
  }

  @Test func destroyWithDeleteMailRemovesEveryVersion() async throws {
    let h = try await DeployHarness()
    let parentZone = try await h.client.route53.createHostedZone("example.com", callerReference: "p-\(UUID())").0
    #expect(try h.deploy(["--parent-zone-id", parentZone.id]).status == 0)
    for body in ["one", "two"] { try await h.putMail("RootMail/msg", body) }
    try await h.putMail("RootMail/other", "x")
    #expect(try await h.client.s3.listAllObjectVersions(h.bucket).count == 3)
    let result = try h.deploy(["--parent-zone-id", parentZone.id, "--destroy", "--delete-mail"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(try await h.client.s3.bucketExists(h.bucket) == false)
    #expect(try await h.records(parentZone.id).allSatisfy { !($0.type == "NS" && $0.name.hasPrefix(h.zoneName)) })
  }
}
