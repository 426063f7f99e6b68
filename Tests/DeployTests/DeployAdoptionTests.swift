import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// Deploy and destroy in an account that already has parts of a mail set-up (as teams moving
/// from superwerker, awscdk-rootmail or aws-account-factory-email have): what existed is used
/// and kept, what deploy replaced is put back, and a stack in any state can be recovered.
@Suite(.serialized) struct DeployAdoptionTests {
  func harness(bucket: String? = nil) async throws -> DeployHarness {
    try await DeployHarness(server: DeployHarness.adoptionServer, bucket: bucket)
  }

  @Test func anIdentityAndActiveRuleSetThatExistedAreKeptAndRestored() async throws {
    let h = try await harness()
    let ses = h.client.ses
    _ = try await ses.verifyDomainIdentity(h.zoneName)
    let tokens = try await ses.verifyDomainDkim(h.zoneName)
    try await ses.createReceiptRuleSet("legacy")
    try await ses.setActiveReceiptRuleSet("legacy")

    let deploy = try h.deploy(["--activate"])
    #expect(deploy.status == 0, "\(deploy.stderr)")
    #expect(try await ses.describeActiveReceiptRuleSet()?.name == "RootMail")
    #expect(deploy.stderr.contains("unchanged SES identity"), "\(deploy.stderr)")

    let destroy = try h.deploy(["--destroy"])
    #expect(destroy.status == 0, "\(destroy.stderr)")
    #expect(destroy.stderr.contains("restore  active rule set legacy"), "\(destroy.stderr)")
    #expect(destroy.stderr.contains("keep     SES identity \(h.zoneName): it existed before deploy"), "\(destroy.stderr)")
    #expect(try await ses.getIdentityVerificationAttributes([h.zoneName])[h.zoneName] != nil, "the identity stays")
    #expect(try await ses.getIdentityDkimAttributes([h.zoneName])[h.zoneName]?.tokens == tokens)
    #expect(try await ses.describeActiveReceiptRuleSet()?.name == "legacy", "legacy is active again")
    #expect(try await ses.receiptRuleSetIfExists("RootMail") == nil, "deploy's own rule set is gone")
    // What is left of the record: that deploy's stack made the bucket it keeps.
    #expect(try await h.stateKeys() == ["bucket \(h.bucket)"])
  }

  @Test func anExistingBucketIsAdoptedAndDestroyLeavesIt() async throws {
    let h = try await harness(bucket: "legacy-mail-archive")
    let s3 = h.client.s3
    try await s3.createBucket(h.bucket)
    let theirs = """
      {"Version":"2012-10-17","Statement":[\
      {"Sid":"AuditRead","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::\(h.account):role/audit"},\
      "Action":"s3:GetObject","Resource":"arn:aws:s3:::\(h.bucket)/*"},\
      {"Sid":"AuditList","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::\(h.account):role/audit"},\
      "Action":"s3:ListBucket","Resource":"arn:aws:s3:::\(h.bucket)"}]}
      """
    try await s3.putBucketPolicy(h.bucket, policy: theirs)
    try await s3.putObject(h.bucket, key: "RootMail/old-mail", body: Array("mail from before".utf8))
    func sids() async throws -> [String] {
      let policy = try JSONValue.parse(try #require(try await s3.getBucketPolicy(h.bucket)))
      return (policy["Statement"]?.arrayValue ?? []).compactMap { $0["Sid"]?.stringValue }
    }

    let deploy = try h.deploy()
    #expect(deploy.status == 0, "\(deploy.stderr)")
    #expect(deploy.stderr.contains("kept      bucket \(h.bucket) (exists outside the stack"), "\(deploy.stderr)")
    let resources = try await h.client.cloudFormation.listStackResources("rootmail")
    #expect(!resources.contains { $0.type == "AWS::S3::Bucket" || $0.type == "AWS::S3::BucketPolicy" }, "\(resources)")
    #expect(try await sids() == ["AuditRead", "AuditList", "AllowSESPuts"])
    #expect(try await s3.getBucketVersioning(h.bucket) == nil, "settings change only with --manage-bucket")
    let rule = try #require(try await h.client.ses.describeActiveReceiptRuleSet()?.rules.first)
    #expect(rule.bucket == h.bucket)
    let again = try h.deploy()
    #expect(again.status == 0 && again.stderr.contains("nothing changed"), "\(again.stderr)")
    let managed = try h.deploy(["--manage-bucket"])
    #expect(managed.status == 0 && managed.stderr.contains("applied public access block, versioning"), "\(managed.stderr)")
    #expect(try await s3.getBucketVersioning(h.bucket) == "Enabled")

    let destroy = try h.deploy(["--destroy", "--delete-mail"])
    #expect(destroy.status == 0, "\(destroy.stderr)")
    #expect(destroy.stderr.contains("remove   statement AllowSESPuts"), "\(destroy.stderr)")
    #expect(try await s3.bucketExists(h.bucket), "an adopted bucket is never removed, even with --delete-mail")
    #expect(try await s3.headObject(h.bucket, key: "RootMail/old-mail") != nil, "its mail stays")
    #expect(try await sids() == ["AuditRead", "AuditList"])
  }

  @Test func aBucketOfAnotherAccountIsRefusedBeforeAnythingChanges() async throws {
    let h = try await harness()
    try await h.otherAccount().s3.createBucket(h.bucket)
    let deploy = try h.deploy()
    #expect(deploy.status == 78, "\(deploy.stderr)")
    #expect(
      deploy.stderr.contains("belongs to another account") && deploy.stderr.contains("nothing was changed"), "\(deploy.stderr)")
    #expect(try await h.client.cloudFormation.stackIfExists("rootmail") == nil)
    #expect(try await h.client.ses.getIdentityVerificationAttributes([h.zoneName])[h.zoneName] == nil)
    let status = try h.cli.run(["deploy", "--status", "--no-dns-check", "--output", "text"])
    #expect(status.status == 1 && status.stdout.contains("belongs to another account"), "\(status.stdout)\(status.stderr)")
    let destroy = try h.deploy(["--destroy"])
    #expect(destroy.status == 0, "\(destroy.stderr)")
    #expect(try await h.otherAccount().s3.bucketExists(h.bucket), "another account's bucket is never touched")
  }

  @Test func theOneExistingZoneIsUsedAndTwoAreRefused() async throws {
    let h = try await harness()
    let route53 = h.client.route53
    let (zone, _) = try await route53.createHostedZone(h.zoneName, callerReference: "existing-\(UUID())")
    let privateZone = try await createPrivateZone(h)
    let deploy = try h.deploy()
    #expect(deploy.status == 0, "\(deploy.stderr)")
    #expect(deploy.stderr.contains("\(zone.id) exists outside the stack; used"), "\(deploy.stderr)")
    let resources = try await h.client.cloudFormation.listStackResources("rootmail")
    #expect(!resources.contains { $0.type == "AWS::Route53::HostedZone" })
    let named = try await route53.listHostedZonesByName().filter { sameZone($0.name, h.zoneName) }
    #expect(Set(named.map(\.id)) == [zone.id, privateZone], "no second public zone of that name")
    #expect(try await h.records(privateZone).allSatisfy { $0.type == "NS" || $0.type == "SOA" }, "a private zone is never used")
    #expect(try await h.records(zone.id).contains { $0.type == "MX" })
    #expect(try h.deploy().stderr.contains("nothing changed"))
    let destroy = try h.deploy(["--destroy"])
    #expect(destroy.status == 0, "\(destroy.stderr)")
    #expect(try await h.zoneIfExists(zone.id) != nil, "the zone that existed stays")

    let (second, _) = try await route53.createHostedZone(h.zoneName, callerReference: "second-\(UUID())")
    let refused = try h.deploy()
    #expect(refused.status == 78, "\(refused.stderr)")
    #expect(refused.stderr.contains(zone.id) && refused.stderr.contains(second.id), "\(refused.stderr)")
    #expect(refused.stderr.contains("--hosted-zone-id"), "\(refused.stderr)")
    #expect(try await h.client.cloudFormation.stackIfExists("rootmail") == nil)
    // --status says so too; naming one of them goes ahead with it.
    let status = try h.cli.run(["deploy", "--status", "--no-dns-check", "--output", "text"])
    #expect(status.status == 1 && status.stdout.contains(second.id), "\(status.stdout)")
    let chosen = try h.deploy(["--hosted-zone-id", second.id])
    #expect(chosen.status == 0, "\(chosen.stderr)")
    #expect(try await h.records(second.id).contains { $0.type == "MX" })
    #expect(try h.deploy(["--hosted-zone-id", second.id, "--destroy"]).status == 0)
    #expect(try await h.zoneIfExists(second.id) != nil)
    #expect(try await h.zoneIfExists(zone.id) != nil)
  }

  @Test func anMXThatExistedInTheZoneIsReplacedThenPutBack() async throws {
    let h = try await harness()
    let route53 = h.client.route53
    let (zone, _) = try await route53.createHostedZone(h.zoneName, callerReference: "mx-\(UUID())")
    let old = Route53.RecordSet(name: h.zoneName + ".", type: "MX", ttl: 3600, values: ["10 mx.old-provider.example.net."])
    _ = try await route53.changeResourceRecordSets(zoneID: zone.id, changes: [Route53.Change("CREATE", old)])
    func mx() async throws -> Route53.RecordSet? { try await h.records(zone.id).first { $0.type == "MX" } }

    let deploy = try h.deploy()
    #expect(deploy.status == 0, "\(deploy.stderr)")
    let resources = try await h.client.cloudFormation.listStackResources("rootmail")
    #expect(!resources.contains { $0.type == "AWS::Route53::RecordSet" }, "the stack does not declare an MX that existed")
    #expect(try await mx()?.values == ["10 inbound-smtp.us-east-1.amazonaws.com"])
    #expect(try h.deploy().stderr.contains("nothing changed"))

    let destroy = try h.deploy(["--destroy"])
    #expect(destroy.status == 0, "\(destroy.stderr)")
    #expect(destroy.stderr.contains("restore  MX \(h.zoneName). in zone \(zone.id)"), "\(destroy.stderr)")
    let back = try #require(try await mx())
    #expect(back.values == old.values && back.ttl == 3600)
    #expect(try await h.zoneIfExists(zone.id) != nil)
  }

  @Test func aBucketSESCannotWriteToIsRefused() async throws {
    // A bucket in an opt-in region (af-south-1): SES's S3 action does not write there.
    let h = try await harness(bucket: "mail-in-cape-town")
    try await h.moto.client(region: "af-south-1").s3.createBucket(h.bucket)
    let deploy = try h.deploy()
    #expect(deploy.status == 78, "\(deploy.stderr)")
    #expect(
      deploy.stderr.contains("af-south-1, an opt-in region") && deploy.stderr.contains("nothing was changed"), "\(deploy.stderr)")
    #expect(try await h.client.cloudFormation.stackIfExists("rootmail") == nil)
  }

  @Test func aBucketWithObjectLockRetentionIsRefused() async throws {
    let h = try await harness(bucket: "locked-mail")
    // The kit makes plain buckets; this one is made with Object Lock and a default retention.
    let rest = h.client.s3.rest
    _ = try await rest.send(
      AWSCall(
        service: .s3, operation: "CreateBucket", method: "PUT", path: "/\(h.bucket)",
        headers: [("x-amz-bucket-object-lock-enabled", "true")]))
    let lock = """
      <ObjectLockConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><ObjectLockEnabled>Enabled</ObjectLockEnabled>\
      <Rule><DefaultRetention><Mode>COMPLIANCE</Mode><Days>30</Days></DefaultRetention></Rule></ObjectLockConfiguration>
      """
    _ = try await rest.send(
      AWSCall(
        service: .s3, operation: "PutObjectLockConfiguration", method: "PUT", path: "/\(h.bucket)",
        query: [("object-lock", "")], headers: [("Content-Type", "application/xml")], body: Array(lock.utf8)))
    let deploy = try h.deploy()
    #expect(deploy.status == 78, "\(deploy.stderr)")
    #expect(deploy.stderr.contains("Object Lock default retention (COMPLIANCE 30 days)"), "\(deploy.stderr)")
    #expect(try await h.client.cloudFormation.stackIfExists("rootmail") == nil)
  }

  @Test func aFailedCreateCanBeSeenAndRecovered() async throws {
    let h = try await harness()
    // An earlier run's create failed (moto answers ExecuteChangeSet with BucketAlreadyExists
    // and leaves the stack in REVIEW_IN_PROGRESS; AWS leaves ROLLBACK_COMPLETE).
    let other = try await h.otherAccount()
    try await other.s3.createBucket(h.bucket)
    let template = try h.cli.run(["deploy", "--template", "--format", "json"])
    #expect(template.status == 0, "\(template.stderr)")
    let cfn = h.client.cloudFormation
    try await cfn.createChangeSet(
      stack: "rootmail", name: "earlier", templateBody: template.stdout, type: "CREATE", clientToken: "earlier")
    await #expect(throws: AWSError.self) { try await cfn.executeChangeSet(stack: "rootmail", name: "earlier") }
    try await other.s3.deleteBucket(h.bucket)

    let status = try h.cli.run(["deploy", "--status", "--no-dns-check", "--output", "text"])
    #expect(status.status == 1, "\(status.stderr)")
    #expect(status.stdout.contains("REVIEW_IN_PROGRESS"), "\(status.stdout)")
    #expect(status.stderr.contains("deletes it and creates it again"), "\(status.stderr)")
    let refused = try h.deploy(yes: false)
    #expect(refused.status == 64 && refused.stderr.contains("REVIEW_IN_PROGRESS"), "\(refused.stderr)")
    let recovered = try h.deploy()
    #expect(recovered.status == 0, "\(recovered.stderr)")
    #expect(try await cfn.stackIfExists("rootmail")?.status == "CREATE_COMPLETE")
    #expect(try await h.client.s3.bucketExists(h.bucket))
  }

  @Test func thePromptCountsTheStackChangesAndEveryStep() async throws {
    let h = try await harness()
    // On a terminal (script(1) gives one) deploy asks once, counting every change; "n" stops it.
    let command = "\(RootmailCLI.binary) deploy --no-dns-check"
    let result = try RootmailCLI.start(
      "/usr/bin/script", ["-qec", command, "/dev/null"], environment: h.cli.environment, input: "n\n",
      scratch: NSTemporaryDirectory(), timeout: 120
    ).wait()
    #expect(result.stdout.contains("not confirmed; nothing was changed"), "\(result.stdout)")
    // 4 resources in the change set, then 6 steps: identity, DKIM, records, rule set,
    // activation, parameter.
    #expect(
      result.stdout.contains(
        "apply these 10 changes (4 to stack rootmail; then: SES identity aws.example.com; SES DKIM for aws.example.com; "
          + "verification and DKIM records; receipt rule set RootMail; activation; SSM /rootmail/domain_name_servers)?"),
      "\(result.stdout)")
    #expect(try await h.client.cloudFormation.stackIfExists("rootmail") == nil)
  }

  /// A private zone of the receiving domain's name (the kit makes public zones only).
  func createPrivateZone(_ h: DeployHarness) async throws -> String {
    let body = XMLElement(
      name: "CreateHostedZoneRequest", attributes: ["xmlns": "https://route53.amazonaws.com/doc/2013-04-01/"],
      children: [
        .leaf("Name", h.zoneName), .leaf("CallerReference", "private-\(UUID())"),
        XMLElement(name: "VPC", children: [.leaf("VPCRegion", "us-east-1"), .leaf("VPCId", "vpc-12345678")]),
        XMLElement(name: "HostedZoneConfig", children: [.leaf("PrivateZone", "true")]),
      ])
    let call = AWSCall(
      service: .route53, operation: "CreateHostedZone", method: "POST", path: "/2013-04-01/hostedzone",
      headers: [("Content-Type", "application/xml")], body: RestXMLClient.body(body))
    let answer = try await h.client.route53.rest.sendXML(call, root: "CreateHostedZoneResponse")
    let id = try #require(answer.child("HostedZone")?["Id"])
    let zone = try await h.client.route53.listHostedZonesByName().first { $0.id == Route53.shortID(id) }
    #expect(zone?.isPrivate == true)
    return Route53.shortID(id)
  }

  func sameZone(_ a: String, _ b: String) -> Bool {
    (a.hasSuffix(".") ? String(a.dropLast()) : a).lowercased() == b.lowercased()
  }
}
