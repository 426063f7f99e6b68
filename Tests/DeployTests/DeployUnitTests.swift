@_spi(RootmailHost) import RootmailKit
import Testing

@_spi(RootmailHost) @testable import RootmailPluginDeploy

/// Parts of deploy that moto cannot drive: a stack that fails (moto's CloudFormation never
/// reports a failed resource) and a region where SES does not receive (moto receives anywhere).
@Suite struct DeployUnitTests {
  @Test func aFailedStackNamesTheResourceTheReasonAndTheRollbackState() {
    // Newest first, as DescribeStackEvents lists them.
    let events: [CloudFormation.StackEvent] = [
      .init(logicalID: "rootmail", resourceType: "AWS::CloudFormation::Stack", status: "ROLLBACK_COMPLETE"),
      .init(
        logicalID: "MXRecord", resourceType: "AWS::Route53::RecordSet", status: "CREATE_FAILED",
        reason: "Resource creation cancelled"),
      .init(
        logicalID: "MailBucket", resourceType: "AWS::S3::Bucket", status: "CREATE_FAILED",
        reason: "rootmail-mail-1-us-east-1 already exists"),
      .init(logicalID: "rootmail", resourceType: "AWS::CloudFormation::Stack", status: "CREATE_IN_PROGRESS"),
    ]
    let error = StackDeployer.failure(stack: "rootmail", events: events, state: "ROLLBACK_COMPLETE")
    #expect(
      error.description
        == "stack rootmail failed at MailBucket (AWS::S3::Bucket): rootmail-mail-1-us-east-1 already exists; the stack is now ROLLBACK_COMPLETE"
    )
    #expect(error.exitStatus == .failure)
    #expect(StackDeployer.failure(stack: "s", events: [], state: "deleted").description == "stack s failed; it is now deleted")
  }

  @Test func aRegionWithoutReceivingIsRefusedWithTheKnownList() async throws {
    let unavailable = AWSError(
      service: "SES", operation: "DescribeActiveReceiptRuleSet", code: "InvalidAction", message: "Unavailable Operation")
    await #expect(throws: CLIError.self) {
      _ = try await ReceivingRegions.check("ap-east-9") { throw unavailable }
    }
    do {
      _ = try await ReceivingRegions.check("ap-east-9") { throw unavailable }
    } catch let error as CLIError {
      #expect(
        error.exitStatus == .configuration && error.hint?.contains("eu-west-1") == true
          && error.hint?.contains("--ses-region") == true)
    }
    // Another error (no access) is not a refusal: it is thrown as it is.
    let denied = AWSError(service: "SES", operation: "X", code: "AccessDenied", message: "")
    await #expect(throws: AWSError.self) { _ = try await ReceivingRegions.check("ap-east-9") { throw denied } }
    // A region on the list is not asked about.
    #expect(try await ReceivingRegions.check("eu-west-1") { throw denied }.contains("on the list"))
  }

  @Test func yamlKeepsWhatJSONSays() {
    let doc: JSONValue = .object([
      ("A", .array([.object([("Ref", .string("X"))]), .array([.string("nested: colon")]), .object([])])),
      ("weird key: yes", .string("line\nbreak \"quoted\"")),
    ])
    let yaml = TemplateYAML.render(doc)
    #expect(yaml == "A:\n  - !Ref X\n  -\n    - \"nested: colon\"\n  - {}\n\"weird key: yes\": \"line\\nbreak \\\"quoted\\\"\"\n")
  }
}

/// The adopted bucket's policy, the state record's values and an adopted bucket's template.
@Suite struct DeployOwnershipUnitTests {
  func statement(_ sid: String, _ action: String = "s3:GetObject") -> JSONValue {
    .object([("Sid", .string(sid)), ("Effect", .string("Allow")), ("Action", .string(action))])
  }
  func sids(_ policy: JSONValue?) -> [String] {
    (policy?["Statement"]?.arrayValue ?? []).compactMap { $0["Sid"]?.stringValue }
  }

  @Test func deploysStatementIsMergedBySidAndTheOthersStay() throws {
    let theirs = JSONValue.object([
      ("Version", .string("2012-10-17")), ("Id", .string("theirs")),
      ("Statement", .array([statement("A"), statement("B")])),
    ])
    let added = try #require(BucketSettings.merged(theirs, sid: "AllowSESPuts", statement("AllowSESPuts")))
    #expect(sids(added) == ["A", "B", "AllowSESPuts"])
    #expect(added["Id"]?.stringValue == "theirs")
    let replaced = try #require(BucketSettings.merged(added, sid: "AllowSESPuts", statement("AllowSESPuts", "s3:PutObject")))
    #expect(sids(replaced) == ["A", "B", "AllowSESPuts"])
    #expect(replaced["Statement"]?.arrayValue?[2]["Action"]?.stringValue == "s3:PutObject")
    #expect(BucketSettings.merged(replaced, sid: "AllowSESPuts", nil) == theirs)
    // A policy with one statement as an object, not a list; nothing left: no policy.
    let single = JSONValue.object([("Version", .string("2012-10-17")), ("Statement", statement("AllowSESPuts"))])
    #expect(BucketSettings.merged(single, sid: "AllowSESPuts", nil) == nil)
    #expect(sids(BucketSettings.merged(nil, sid: "AllowSESPuts", statement("AllowSESPuts"))) == ["AllowSESPuts"])
  }

  @Test func recordsAndRulesGoBackAsTheyWere() {
    let record = Route53.RecordSet(name: "_amazonses.aws.example.com.", type: "TXT", ttl: 60, values: ["\"old\""])
    #expect(StateKey.recordSet(StateKey.json(record)) == record)
    let rule = SES.ReceiptRule(
      name: "Receive", enabled: false, recipients: ["aws.example.com"], scanEnabled: false, tlsRequired: true,
      bucket: "old-bucket", objectKeyPrefix: "Old/")
    #expect(StateKey.rule(StateKey.json(rule)) == rule)
    let entry = DeployState.Entry(key: StateKey.activation, done: false, created: false, before: .string("legacy"))
    #expect(DeployState.Entry(entry.json) == entry)
  }
}
