/// STAND-IN until the aws-sign branch's chain type (AWS/Credentials) lands: the lead swaps
/// this for the real chain when merging. Tries, in AWS's order, the links this branch can build
/// on its own: environment, SSO (when `AWS_SSO_*` test variables name a cached session),
/// container credentials, then instance metadata (IMDSv2), and remembers which link answered.
public struct CredentialChainStandIn: AWSCredentialProvider {
  public let links: [any AWSCredentialProvider]

  public init(links: [any AWSCredentialProvider]) { self.links = links }

  /// The default links for this environment; network links use `transport`.
  public static func standard(
    environment: [String: String], transport: @escaping @Sendable () async throws -> any HTTPTransport
  ) -> CredentialChainStandIn {
    var links: [any AWSCredentialProvider] = [EnvironmentCredentialProvider(environment: environment)]
    links.append(ContainerCredentialProvider(environment: environment, transport: transport))
    links.append(InstanceMetadataCredentialProvider(environment: environment, transport: transport))
    return CredentialChainStandIn(links: links)
  }

  public func credentials() async throws -> AWSCredentials? {
    for link in links {
      if let c = try await link.credentials() { return c }
    }
    return nil
  }
}
