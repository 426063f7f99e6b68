@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// CloudFormation operations against moto_server; `run` is reused through the fault proxy.
enum CloudFormationScenario {
  static func template(_ bucket: String) -> String {
    """
    {"AWSTemplateFormatVersion": "2010-09-09", "Description": "rootmail test stack",
     "Parameters": {"Environment": {"Type": "String", "Default": "dev"}},
     "Resources": {"Mail": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "\(bucket)",
       "Tags": [{"Key": "Environment", "Value": {"Ref": "Environment"}}]}}},
     "Outputs": {"Bucket": {"Value": {"Ref": "Mail"}}}}
    """
  }

  static func run(_ client: AWSClient, stack: String) async throws {
    let cfn = client.cloudFormation
    let body = template("\(stack)-bucket")
    let summary = try await cfn.validateTemplate(body)
    // moto lists no parameters in ValidateTemplate (AWS's answer is read in
    // validateTemplateReadsAWSsParameters); the description is there on both.
    #expect(summary.description == "rootmail test stack")
    let id = try await cfn.createChangeSet(
      stack: stack, name: "create", templateBody: body, parameters: ["Environment": "test"],
      clientToken: "token-\(stack)")
    #expect(!id.isEmpty)
    let changeSet = try await cfn.describeChangeSet(stack: stack, name: "create")
    #expect(["CREATE_COMPLETE", "CREATE_PENDING", "CREATE_IN_PROGRESS"].contains(changeSet.status))
    try await cfn.executeChangeSet(stack: stack, name: "create")
    let stacks = try await cfn.describeStacks(stack)
    #expect(stacks.count == 1)
    #expect(stacks.first?.status.hasSuffix("COMPLETE") == true)
    // moto leaves Outputs out after a change set; the bucket the stack made must exist.
    #expect(try await client.s3.listObjectsV2("\(stack)-bucket").objects.isEmpty)
    let events = try await cfn.describeStackEvents(stack)
    // moto records the stack's own events (AWS adds one per resource).
    #expect(events.contains { $0.logicalID == stack && $0.status == "CREATE_COMPLETE" })
    try await cfn.deleteStack(stack)
  }
}

@Suite struct CloudFormationTests {
  /// AWS's ValidateTemplate answer (the shape in the CloudFormation API reference), which moto
  /// does not give: the parameters are read from it.
  @Test func validateTemplateReadsAWSsParameters() throws {
    let answer = """
      <ValidateTemplateResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
        <ValidateTemplateResult>
          <Description>rootmail test stack</Description>
          <Parameters>
            <member><NoEcho>false</NoEcho><ParameterKey>Environment</ParameterKey><DefaultValue>dev</DefaultValue></member>
            <member><NoEcho>true</NoEcho><ParameterKey>AdminAddress</ParameterKey></member>
          </Parameters>
        </ValidateTemplateResult>
        <ResponseMetadata><RequestId>0be7b6e8-e4a0-11e0-a5bd-9f8d5a7dbc91</RequestId></ResponseMetadata>
      </ValidateTemplateResponse>
      """
    let result = try #require(try XMLElement.parse(answer).child("ValidateTemplateResult"))
    let summary = CloudFormation.TemplateSummary(result: result)
    #expect(summary.parameters == ["Environment", "AdminAddress"])
    #expect(summary.description == "rootmail test stack")
  }

  @Test func operationsAgainstMoto() async throws {
    try await CloudFormationScenario.run(try MotoServer.shared().client(), stack: "rootmail-direct")
  }

  @Test func missingStackIsValidationError() async throws {
    do {
      _ = try await MotoServer.shared().client().cloudFormation.describeStacks("no-such-stack")
      Issue.record("DescribeStacks of a missing stack succeeded")
    } catch let error as AWSError {
      #expect(error.code == "ValidationError" && error.status == 400)
      #expect(error.exitStatus == .failure)
    }
  }
}
