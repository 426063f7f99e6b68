/// STS (query protocol): who the credentials belong to, and assuming a role.
@_spi(RootmailHost) public struct STS: Sendable {
  public let rpc: QueryProtocolClient

  public init(client: AWSClient) { rpc = QueryProtocolClient(client: client, service: .sts) }

  /// The account, ARN and user id of the caller.
  public struct CallerIdentity: Sendable, Equatable {
    public var account: String
    public var arn: String
    public var userID: String
  }

  public func getCallerIdentity() async throws -> CallerIdentity {
    let result = try await rpc.call("GetCallerIdentity")
    guard let account = result["Account"], let arn = result["Arn"] else {
      throw AWSError(
        kind: .malformedResponse, service: "STS", operation: "GetCallerIdentity", code: "MalformedResponse",
        message: "the response has no Account or Arn")
    }
    return CallerIdentity(account: account, arn: arn, userID: result["UserId"] ?? "")
  }

  /// Temporary credentials for `roleArn` (source `assume-role`).
  public func assumeRole(
    roleArn: String, sessionName: String, durationSeconds: Int? = nil, externalID: String? = nil,
    source: String = "assume-role"
  ) async throws -> AWSCredentials {
    var p = QueryParameters()
    p.set("RoleArn", roleArn)
    p.set("RoleSessionName", sessionName)
    p.set("DurationSeconds", durationSeconds)
    p.set("ExternalId", externalID)
    let result = try await rpc.call("AssumeRole", p, sensitive: true)
    return try Self.credentials(in: result, operation: "AssumeRole", source: source)
  }

  /// The `Credentials` of an AssumeRole-like answer (AssumeRole, AssumeRoot), or a malformed
  /// response error naming the operation.
  public static func credentials(in result: XMLElement, operation: String, source: String) throws -> AWSCredentials {
    guard let c = result.find("Credentials"), let id = c["AccessKeyId"], let secret = c["SecretAccessKey"] else {
      throw AWSError(
        kind: .malformedResponse, service: "STS", operation: operation, code: "MalformedResponse",
        message: "the response has no Credentials")
    }
    return AWSCredentials(
      accessKeyID: id, secretAccessKey: secret, sessionToken: c["SessionToken"],
      expiration: c["Expiration"].flatMap(Timestamp.parse), source: source)
  }
}

extension AWSClient {
  @_spi(RootmailHost) public var sts: STS { STS(client: self) }
}
