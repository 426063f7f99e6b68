@_spi(RootmailHost) import RootmailKit

/// IAM (query protocol, one endpoint per partition): whether the organization manages root
/// credentials centrally, and, in an `AssumeRoot` session, what root credentials an account has.
struct IAM: Sendable {
  let rpc: QueryProtocolClient

  init(client: AWSClient) { rpc = QueryProtocolClient(client: client, service: Self.service) }

  static let service = AWSServiceInfo(
    id: "IAM", endpointPrefix: "iam",
    global: [
      .aws: .init(host: "iam.amazonaws.com", signingRegion: "us-east-1"),
      .china: .init(host: "iam.cn-north-1.amazonaws.com.cn", signingRegion: "cn-north-1"),
      .govCloud: .init(host: "iam.us-gov.amazonaws.com", signingRegion: "us-gov-west-1"),
    ], wireProtocol: .query(version: "2010-05-08"))

  /// The centralized root access features enabled (`RootCredentialsManagement`, `RootSessions`).
  func organizationsFeatures() async throws -> [String] {
    try await rpc.call("ListOrganizationsFeatures").list("EnabledFeatures").map(\.text)
  }

  /// Whether the caller (root, in an `AssumeRoot` session) has a console password.
  func hasLoginProfile() async throws -> Bool {
    do {
      _ = try await rpc.call("GetLoginProfile")
      return true
    } catch let error as AWSError where error.code == "NoSuchEntity" || error.code == "NoSuchEntityException" {
      return false
    }
  }

  /// Every page of a `Marker`-paginated list of the caller's own items (no `UserName`: root).
  func allPages(_ action: String, list: String) async throws -> [XMLElement] {
    try await Paginator.all(
      fetch: { marker in
        var p = QueryParameters()
        p.set("Marker", marker)
        let result = try await rpc.call(action, p)
        return (result.list(list), result["IsTruncated"] == "true" ? result["Marker"] : nil)
      }, items: { $0.0 }, next: { $0.1 })
  }

  /// Access key ids of the caller with their status (`Active`, `Inactive`).
  func accessKeys() async throws -> [(id: String, status: String)] {
    try await allPages("ListAccessKeys", list: "AccessKeyMetadata").map { ($0["AccessKeyId"] ?? "", $0["Status"] ?? "") }
  }

  /// Serial numbers of the caller's MFA devices.
  func mfaDevices() async throws -> [String] {
    try await allPages("ListMFADevices", list: "MFADevices").map { $0["SerialNumber"] ?? "" }
  }

  /// Ids of the caller's signing certificates.
  func signingCertificates() async throws -> [String] {
    try await allPages("ListSigningCertificates", list: "Certificates").map { $0["CertificateId"] ?? "" }
  }
}

extension STS {
  /// The AWS managed task policy that allows only reading a root user's credentials.
  static let auditRootTaskPolicy = "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials"

  /// A root session in member account `accountID`, scoped by `taskPolicyARN`, for
  /// `durationSeconds` (at most 900). Sent to the regional STS endpoint (the global one refuses
  /// AssumeRoot); the response is sensitive, and the secret and token are registered with the
  /// redactor before they are returned.
  func assumeRoot(accountID: String, taskPolicyARN: String, durationSeconds: Int) async throws -> AWSCredentials {
    var p = QueryParameters()
    p.set("TargetPrincipal", accountID)
    p.set("TaskPolicyArn.arn", taskPolicyARN)
    p.set("DurationSeconds", durationSeconds)
    let result = try await rpc.call("AssumeRoot", p, sensitive: true)
    let credentials = try STS.credentials(in: result, operation: "AssumeRoot", source: "assume-root \(accountID)")
    Redactor.shared.register(credentials)
    return credentials
  }
}

/// One `AssumeRoot` session's credentials, as a provider for a client of its own: the client
/// that uses them is made for one account's calls and dropped after them.
struct SessionCredentials: AWSCredentialProvider {
  let value: AWSCredentials
  func credentials() async throws -> AWSCredentials? { value }
}

extension AWSClient {
  /// A client like this one (endpoints, network settings, retries, transport) that signs with
  /// `credentials` instead of the credential chain.
  func signing(with credentials: AWSCredentials) -> AWSClient {
    AWSClient(
      endpoints: endpoints, credentialProvider: SessionCredentials(value: credentials), credentialSource: credentials.source,
      retryPolicy: retryPolicy, timeout: timeout, network: network, logger: logger,
      transport: { [self] in try await self.transport() })
  }
}
