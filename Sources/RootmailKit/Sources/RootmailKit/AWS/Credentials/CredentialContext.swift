/// What the credential providers that use the network are built with, as soto-core's
/// `CredentialProviderFactory.Context`: the HTTP transport (loaded on first use), the process
/// environment, where STS and the SSO portal are, the retry policy and a logger.
@_spi(RootmailHost) public struct CredentialContext: Sendable {
  public let transport: @Sendable () async throws -> any HTTPTransport
  public let environment: [String: String]
  public let endpoints: EndpointResolver
  public let retryPolicy: RetryPolicy
  public let logger: Logger
  /// CA bundle, proxies and timeouts for the providers' own calls (STS for assume-role).
  public let network: NetworkSettings

  public init(
    environment: [String: String], endpoints: EndpointResolver = .fixed("https://sts.amazonaws.com"),
    retryPolicy: RetryPolicy = RetryPolicy(), logger: Logger = Logger(label: "rootmail.aws"),
    network: NetworkSettings = NetworkSettings(),
    transport: @escaping @Sendable () async throws -> any HTTPTransport = { try await TransportLoader.shared() }
  ) {
    self.network = network
    self.environment = environment
    self.endpoints = endpoints
    self.retryPolicy = retryPolicy
    self.logger = logger
    self.transport = transport
  }
}

/// Credentials that exist but cannot be used, or none at all: a broken link of the chain
/// (credential_process, a metadata endpoint, an SSO token, half a key pair), or a chain where
/// no link has any. A configuration error (exit 78) naming the link and what to do.
@_spi(RootmailHost) public struct CredentialError: RootmailError, Equatable {
  /// The link that failed (`container`, `sso`, `credential-process`, …), or `chain`.
  public let source: String
  public let message: String
  public let hint: String?

  public init(source: String, _ message: String, hint: String? = nil) {
    self.source = source
    self.message = message
    self.hint = hint
  }

  public var description: String { message }
  public var exitStatus: ExitStatus { .configuration }
}
