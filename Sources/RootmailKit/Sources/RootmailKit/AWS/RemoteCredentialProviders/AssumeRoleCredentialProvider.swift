#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A profile with `role_arn` and `source_profile` (or `credential_source`): STS AssumeRole,
/// signed with the source credentials. The credential chain it is a link of caches the result
/// until shortly before it expires. `NetworkCredentialLinks` builds it from a profile.
@_spi(RootmailHost) public struct AssumeRoleCredentialProvider: AWSCredentialProvider {
  public var roleArn: String
  public var sessionName: String
  public var externalID: String?
  public var durationSeconds: Int?
  /// Makes the STS client, signed by the source profile's credentials.
  public let stsClient: @Sendable () throws -> AWSClient

  public init(
    roleArn: String, sessionName: String? = nil, externalID: String? = nil, durationSeconds: Int? = nil,
    stsClient: @escaping @Sendable () throws -> AWSClient
  ) {
    self.roleArn = roleArn
    self.sessionName = sessionName ?? "rootmail-\(Int(Date().timeIntervalSince1970))"
    self.externalID = externalID
    self.durationSeconds = durationSeconds
    self.stsClient = stsClient
  }

  public func credentials() async throws -> AWSCredentials? {
    try await STS(client: try stsClient()).assumeRole(
      roleArn: roleArn, sessionName: sessionName, durationSeconds: durationSeconds, externalID: externalID)
  }
}
