import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// The model proxy in front of moto (Tests/Support/model_proxy.py): requests that break
/// botocore's model are refused and recorded, valid ones reach moto, and the stand-ins for what
/// moto lacks follow AWS's documented flow. One server of its own, expecting violations (they are
/// sent on purpose), serialized because an organization is one per moto.
@Suite(.serialized) struct ModelProxyTests {
  static let own = Result { try MotoServer(expectViolations: true) }

  static let account = AWSServiceInfo(id: "Account", endpointPrefix: "account", wireProtocol: .restJSON)
  static let iam = AWSServiceInfo(id: "IAM", endpointPrefix: "iam", wireProtocol: .query(version: "2010-05-08"))
  static let audit = "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials"

  /// The violations recorded after `count` earlier ones.
  func violations(after count: Int, _ moto: MotoServer) async throws -> [ModelProxyViolation] {
    Array(try await moto.modelViolations().dropFirst(count))
  }

  /// `body` rejected by the proxy: a 400 whose message names the model violation.
  func expectRefused(_ body: () async throws -> Void) async throws -> AWSError {
    do {
      try await body()
    } catch let error as AWSError {
      #expect(error.status == 400, "\(error)")
      #expect(error.message.hasPrefix("rootmail-model-violation: "), "\(error)")
      return error
    }
    Issue.record("the request was not refused")
    throw CLIError("not refused")
  }

  /// Calls an Account Management operation (rest-json: POST /<operation> with a JSON body).
  func accountCall(_ client: AWSClient, _ operation: String, _ input: JSONValue) async throws -> JSONValue {
    let path = "/" + operation.prefix(1).lowercased() + operation.dropFirst()
    let response = try await client.send(
      AWSCall(
        service: Self.account, operation: operation, path: path, headers: [("Content-Type", "application/json")],
        body: Array(input.compact.utf8)))
    return try JSONValue.parse(response.body)
  }

  /// The object's bytes (S3's GetObject streams into a file).
  func download(_ client: AWSClient, _ bucket: String, _ key: String) async throws -> [UInt8] {
    let path = NSTemporaryDirectory() + "model-proxy-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: path) }
    try await client.s3.getObject(bucket, key: key, to: path)
    return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
  }

  /// An organization (moto's) with `count` new member accounts; their ids.
  func organization(_ client: AWSClient, members count: Int, prefix: String) async throws -> [String] {
    do { try await client.organizations.createOrganization() } catch let e as AWSError
      where e.code == "AlreadyInOrganizationException"
    {}
    var ids: [String] = []
    for i in 0..<count {
      let status = try await client.organizations.createAccount(email: "\(prefix)\(i)@example.net", name: "\(prefix)-\(i)")
      ids.append(try #require(try await client.organizations.describeCreateAccountStatus(status.id).accountID))
    }
    return ids
  }

  @Test func missingRequiredMemberIsRefusedAndRecorded() async throws {
    let moto = try Self.own.get()
    let before = try await moto.modelViolations().count
    let dynamo = JSONProtocolClient(client: moto.client(maxAttempts: 1), service: .dynamoDB)
    let error = try await expectRefused {
      _ = try await dynamo.call("PutItem", .object([("TableName", .string("model-proxy-missing"))]))
    }
    #expect(error.code == "ValidationException")
    #expect(error.message.contains("Missing required parameter in input: \"Item\""), "\(error.message)")
    let recorded = try await violations(after: before, moto)
    #expect(recorded.count == 1)
    #expect(recorded.first?.service == "dynamodb" && recorded.first?.operation == "PutItem")
    #expect(recorded.first?.errors.joined().contains("Item") == true)
  }

  @Test func aViolationFailsTheTestThatFindsIt() async throws {
    let moto = try Self.own.get()
    _ = try await moto.modelViolations()
    let before = ModelProxyCheck.newViolations(port: moto.port).count
    let dynamo = JSONProtocolClient(client: moto.client(maxAttempts: 1), service: .dynamoDB)
    _ = try await expectRefused { _ = try await dynamo.call("GetItem", .object([("TableName", .string("t"))])) }
    let lines = ModelProxyCheck.newViolations(port: moto.port)
    #expect(lines.count == before + 1)
    #expect(lines.last?.hasPrefix("rootmail-model-violation: dynamodb.GetItem (POST /): Missing required parameter") == true)
    withKnownIssue("the check reports each violation as an issue of the running test") {
      ModelProxyCheck.report(port: moto.port)
    }
  }

  /// Every operation of the services rootmail calls, written by botocore's own serializer, is
  /// read back as that operation (Tests/Support/model_proxy_selfcheck.py): no request is checked
  /// against another operation's model.
  @Test func everyOperationIsReadAsItself() throws {
    let run = try RootmailCLI.run(
      try LocalServer.which("python3"), [LocalServer.script("model_proxy_selfcheck.py")], timeout: 300)
    #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    #expect(run.stdout.contains("s3: ") && run.stdout.contains("account: "), "\(run.stdout)")
  }

  @Test func wrongEnumLengthAndRangeAreRefused() async throws {
    let moto = try Self.own.get()
    let before = try await moto.modelViolations().count
    let client = moto.client(maxAttempts: 1)
    // json: an enum.
    let ssm = JSONProtocolClient(client: client, service: .ssm)
    let enumError = try await expectRefused {
      _ = try await ssm.call(
        "PutParameter", .object([("Name", .string("/model-proxy/x")), ("Value", .string("v")), ("Type", .string("Text"))]))
    }
    #expect(enumError.message.contains("is not one of"), "\(enumError.message)")
    // rest-json: a maximum length ParamValidator leaves to the service, and a pattern.
    let long = String(repeating: "a", count: 60) + "@example.com"
    let lengthError = try await expectRefused {
      _ = try await accountCall(
        client, "StartPrimaryEmailUpdate", .object([("AccountId", .string("123456789012")), ("PrimaryEmail", .string(long))]))
    }
    #expect(lengthError.message.contains("over the maximum 64"), "\(lengthError.message)")
    let patternError = try await expectRefused {
      _ = try await accountCall(client, "GetPrimaryEmail", .object([("AccountId", .string("12345"))]))
    }
    #expect(patternError.message.contains("does not match the pattern"), "\(patternError.message)")
    // A pattern covers the whole value (AWS documents `\d{12}` as `^\d{12}$`).
    let longerError = try await expectRefused {
      _ = try await accountCall(client, "GetPrimaryEmail", .object([("AccountId", .string("1234567890123"))]))
    }
    #expect(longerError.message.contains("'1234567890123' does not match"), "\(longerError.message)")
    // query: a number over its maximum, read back from the form.
    let sts = QueryProtocolClient(client: client, service: .sts)
    let rangeError = try await expectRefused {
      _ = try await sts.call(
        "AssumeRoot",
        QueryParameters([
          ("TargetPrincipal", "111122223333"), ("TaskPolicyArn.arn", Self.audit), ("DurationSeconds", "901"),
        ]))
    }
    #expect(rangeError.code == "ValidationError" && rangeError.message.contains("901 is over the maximum 900"))
    // query: a member the operation does not have.
    let unknownError = try await expectRefused {
      _ = try await sts.call("GetCallerIdentity", QueryParameters([("Bogus", "1")]))
    }
    #expect(unknownError.message.contains("Bogus"))
    // rest-xml: no operation answers the method and path; a member read from an XML body.
    let s3Error = try await expectRefused {
      _ = try await client.send(AWSCall(service: .s3, operation: "Patch", method: "PATCH", path: "/model-proxy-bucket"))
    }
    #expect(s3Error.code == "InvalidArgument" && s3Error.message.contains("no s3 operation answers PATCH"))
    let versioning =
      "<VersioningConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Status>On</Status></VersioningConfiguration>"
    let xmlError = try await expectRefused {
      _ = try await client.send(
        AWSCall(
          service: .s3, operation: "PutBucketVersioning", method: "PUT", path: "/model-proxy-bucket",
          query: [("versioning", "")], body: Array(versioning.utf8)))
    }
    #expect(xmlError.message.contains("'On' is not one of"), "\(xmlError.message)")
    #expect(try await violations(after: before, moto).count == 8)
  }

  @Test func validRequestsPassUntouched() async throws {
    let moto = try Self.own.get()
    let before = try await moto.modelViolations().count
    let client = moto.client(maxAttempts: 1)
    let bucket = "model-proxy-\(UInt32.random(in: 0...UInt32.max))"
    try await client.s3.createBucket(bucket)
    let body = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
    try await client.s3.putObject(bucket, key: "a dir/ü key.bin", body: body)
    let page = try await client.s3.listObjectsV2(bucket, prefix: "a dir/")
    #expect(page.objects.map(\.key) == ["a dir/ü key.bin"])
    #expect(try await download(client, bucket, "a dir/ü key.bin") == body)
    #expect(try await client.s3.headObject(bucket, key: "a dir/ü key.bin")?.size == body.count)
    let ssm = client.ssm
    #expect(try await ssm.putParameter("/model-proxy/valid", value: "v") == 1)
    #expect(try await client.sts.getCallerIdentity().account == "123456789012")
    _ = try await organization(client, members: 0, prefix: "valid")  // AWS lists accounts of an organization only
    _ = try await client.organizations.listAllAccounts(pageSize: 2)
    #expect(try await violations(after: before, moto).isEmpty)
  }

  @Test func primaryEmailUpdateFollowsTheDocumentedFlow() async throws {
    let moto = try Self.own.get()
    let client = moto.client(maxAttempts: 1)
    let members = try await organization(client, members: 2, prefix: "pe")
    let (target, other) = (members[0], members[1])
    // No trusted access for account.amazonaws.com yet.
    do {
      _ = try await accountCall(client, "GetPrimaryEmail", .object([("AccountId", .string(target))]))
      Issue.record("GetPrimaryEmail without trusted access answered")
    } catch let e as AWSError {
      #expect(e.code == "AccessDeniedException" && e.message.contains("account.amazonaws.com"), "\(e)")
    }
    _ = try await JSONProtocolClient(client: client, service: .organizations).call(
      "EnableAWSServiceAccess", .object([("ServicePrincipal", .string("account.amazonaws.com"))]))
    let old = try await accountCall(client, "GetPrimaryEmail", .object([("AccountId", .string(target))]))
    #expect(old["PrimaryEmail"]?.stringValue == "pe0@example.net")

    let bucket = "model-proxy-mail-\(UInt32.random(in: 0...UInt32.max))"
    try await client.s3.createBucket(bucket)
    try await moto.setPrimaryEmailCodeMail(bucket: bucket, prefix: "RootMail/")
    let address = "root+\(RandomHex.make(length: 12))@aws.example.com"
    let start = try await accountCall(
      client, "StartPrimaryEmailUpdate", .object([("AccountId", .string(target)), ("PrimaryEmail", .string(address))]))
    #expect(start["Status"]?.stringValue == "PENDING")

    // The code arrives as AWS's mail, stored as SES stores it, DKIM-passed for an AWS domain.
    let listed = try await client.s3.listObjectsV2(bucket, prefix: "RootMail/")
    let key = try #require(listed.objects.first?.key)
    let mail = String(decoding: try await download(client, bucket, key), as: UTF8.self)
    #expect(mail.contains("From: Amazon Web Services <no-reply@verify.signin.aws>"))
    #expect(mail.contains("Authentication-Results: amazonses.com;") && mail.contains("dkim=pass header.i=@verify.signin.aws"))
    #expect(mail.contains("To: \(address)") && mail.contains("account ID ending in \(target.suffix(4))"))
    let lines = mail.components(separatedBy: "\r\n")
    let index = try #require(lines.firstIndex(of: "Your verification code is:"))
    let code = lines[index + 2]
    #expect(code.count == 6 && code.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }, "\(code)")
    #expect(try await moto.sentPrimaryEmailCodes().last?.code == code)
    // rootmail itself trusts it as AWS's mail (the reset-link trust rule: DKIM for an AWS domain).
    let cli = try RootmailCLI(extra: moto.environment().merging(["ROOTMAIL_BUCKET": bucket]) { $1 })
    let fetch = try cli.run(["mail", "fetch"])
    #expect(fetch.status == 0, "\(fetch.stderr)")
    let mailIndex = try cli.run(["mail", "list", "--all", "--output", "json"])
    let rows = try JSONValue.parse(mailIndex.stdout).arrayValue ?? []
    #expect(rows.count == 1 && rows.first?["trust"]?.stringValue == "aws", "\(mailIndex.stdout)")

    // Taken addresses, the management account, a wrong code.
    do {
      _ = try await accountCall(
        client, "StartPrimaryEmailUpdate",
        .object([("AccountId", .string(target)), ("PrimaryEmail", .string("pe1@example.net"))]))
      Issue.record("an address in use was accepted")
    } catch let e as AWSError { #expect(e.code == "ConflictException" && e.status == 409, "\(e)") }
    do {
      _ = try await accountCall(client, "GetPrimaryEmail", .object([("AccountId", .string("123456789012"))]))
      Issue.record("the management account's own id was accepted")
    } catch let e as AWSError { #expect(e.code == "AccessDeniedException", "\(e)") }
    let wrong = code == "AAAAAA" ? "BBBBBB" : "AAAAAA"
    do {
      _ = try await accountCall(
        client, "AcceptPrimaryEmailUpdate",
        .object([("AccountId", .string(target)), ("PrimaryEmail", .string(address)), ("Otp", .string(wrong))]))
      Issue.record("a wrong code was accepted")
    } catch let e as AWSError { #expect(e.code == "ValidationException" && e.message.contains("not valid"), "\(e)") }

    let accepted = try await accountCall(
      client, "AcceptPrimaryEmailUpdate",
      .object([("AccountId", .string(target)), ("PrimaryEmail", .string(address)), ("Otp", .string(code))]))
    #expect(accepted["Status"]?.stringValue == "ACCEPTED")
    let now = try await accountCall(client, "GetPrimaryEmail", .object([("AccountId", .string(target))]))
    #expect(now["PrimaryEmail"]?.stringValue == address)

    // An expired code is refused; starting again sends a new one.
    let second = "root+\(RandomHex.make(length: 12))@aws.example.com"
    _ = try await accountCall(
      client, "StartPrimaryEmailUpdate", .object([("AccountId", .string(other)), ("PrimaryEmail", .string(second))]))
    let otherCode = try #require(try await moto.sentPrimaryEmailCodes().last?.code)
    try await moto.expirePrimaryEmailCodes(accountID: other)
    do {
      _ = try await accountCall(
        client, "AcceptPrimaryEmailUpdate",
        .object([("AccountId", .string(other)), ("PrimaryEmail", .string(second)), ("Otp", .string(otherCode))]))
      Issue.record("an expired code was accepted")
    } catch let e as AWSError { #expect(e.code == "ValidationException" && e.message.contains("expired"), "\(e)") }
  }

  @Test func assumeRootCredentialsServeOneAccountOnly() async throws {
    let moto = try Self.own.get()
    let client = moto.client(maxAttempts: 1)
    let members = try await organization(client, members: 2, prefix: "ar")
    let sts = QueryProtocolClient(client: client, service: .sts)
    let iam = QueryProtocolClient(client: client, service: Self.iam)
    func assumeRoot(_ account: String) async throws -> AWSCredentials {
      let result = try await sts.call(
        "AssumeRoot",
        QueryParameters([("TargetPrincipal", account), ("TaskPolicyArn.arn", Self.audit), ("DurationSeconds", "60")]))
      let c = try #require(result.child("Credentials"))
      return AWSCredentials(
        accessKeyID: c.child("AccessKeyId")?.text ?? "", secretAccessKey: c.child("SecretAccessKey")?.text ?? "",
        sessionToken: c.child("SessionToken")?.text, source: "AssumeRoot")
    }
    // The feature is off: IAM says so, AssumeRoot refuses.
    try await moto.setExtraTrustedAccess(["iam.amazonaws.com"])
    try await moto.setOrganizationsFeatures([])
    let off = try await iam.call("ListOrganizationsFeatures")
    #expect(off.child("EnabledFeatures")?.children.isEmpty ?? true)
    do {
      _ = try await assumeRoot(members[0])
      Issue.record("AssumeRoot answered with the feature off")
    } catch let e as AWSError { #expect(e.code == "AccessDenied", "\(e)") }
    _ = try await iam.call("EnableOrganizationsRootCredentialsManagement")
    let on = try await iam.call("ListOrganizationsFeatures")
    #expect(on.child("EnabledFeatures")?.children.map(\.text) == ["RootCredentialsManagement"])

    try await moto.setRootUser(accountID: members[0], password: true, accessKeys: 1, mfaDevices: 0)
    let first = moto.client(maxAttempts: 1, credentials: try await assumeRoot(members[0]))
    let second = moto.client(maxAttempts: 1, credentials: try await assumeRoot(members[1]))
    let firstIAM = QueryProtocolClient(client: first, service: Self.iam)
    let secondIAM = QueryProtocolClient(client: second, service: Self.iam)
    #expect(try await first.sts.getCallerIdentity().account == members[0])
    #expect(try await second.sts.getCallerIdentity().account == members[1])
    #expect(try await firstIAM.call("GetLoginProfile").child("LoginProfile") != nil)
    #expect(try await firstIAM.call("ListAccessKeys").child("AccessKeyMetadata")?.children.count == 1)
    #expect(try await firstIAM.call("ListMFADevices").child("MFADevices")?.children.count == 0)
    do {
      _ = try await secondIAM.call("GetLoginProfile")
      Issue.record("a root without a password has a login profile")
    } catch let e as AWSError { #expect(e.code == "NoSuchEntity" && e.status == 404, "\(e)") }
    #expect(try await secondIAM.call("ListAccessKeys").child("AccessKeyMetadata")?.children.count == 0)
    // Nothing beyond the task policy, nothing of another user, nothing of another service.
    for denied in [
      { _ = try await firstIAM.call("ListUsers") },
      { _ = try await firstIAM.call("ListAccessKeys", QueryParameters([("UserName", "alice")])) },
      { _ = try await first.s3.listBuckets() },
    ] as [() async throws -> Void] {
      do {
        try await denied()
        Issue.record("a root session reached beyond its account's root user")
      } catch let e as AWSError { #expect(e.code == "AccessDenied", "\(e)") }
    }
  }
}
