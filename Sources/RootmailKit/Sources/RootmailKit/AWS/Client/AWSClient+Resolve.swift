/// Building the client the way the AWS CLI would from the same settings.
extension AWSClient {
  /// The client for rootmail's AWS settings and the environment: the profile
  /// (`ProfileSelection`), the shared files (`SharedConfigFiles`), the region
  /// (`RegionResolver`), endpoints (`EndpointResolver`), CA bundle, proxies and timeouts (`NetworkSettings`), the standard credential chain with
  /// its network links (`NetworkCredentialLinks`) and standard retries (`AWS_MAX_ATTEMPTS`).
  /// `networkConfig` gives rootmail's own CA bundle and timeout keys.
  /// Nothing is fetched and the HTTP transport is not loaded until the first call.
  @_spi(RootmailHost) public static func resolve(
    settings: AWSSettings, networkConfig: Config, environment: [String: String], logger: Logger = Logger(label: "rootmail.aws"),
    transport: @escaping @Sendable () async throws -> any HTTPTransport = { try await TransportLoader.shared() }
  ) throws -> AWSClient {
    try resolve(
      AWSResolution(settings: settings, config: networkConfig, environment: environment), logger: logger,
      transport: transport)
  }

  /// The client for settings already resolved (`AWSResolution`, which `config show` prints).
  @_spi(RootmailHost) public static func resolve(
    _ resolution: AWSResolution, logger: Logger = Logger(label: "rootmail.aws"),
    transport: @escaping @Sendable () async throws -> any HTTPTransport = { try await TransportLoader.shared() }
  ) throws -> AWSClient {
    let environment = resolution.environment
    let files = resolution.files
    let selection = resolution.selection
    let profile = resolution.profile
    let endpoints = try resolution.endpoints()
    let retryPolicy = try RetryPolicy.standard(environment: environment)
    let networkSettings = resolution.network
    let network = NetworkCredentialLinks(
      context: CredentialContext(
        environment: environment, endpoints: endpoints, retryPolicy: retryPolicy, logger: logger,
        network: networkSettings, transport: transport),
      files: files)
    let chain = try AWSCredentialChain.standard(
      environment: environment, files: files, profile: selection, profileLinks: try network.profileLinks(for: profile),
      fallbackLinks: network.fallbackLinks)
    return AWSClient(
      endpoints: endpoints, credentialProvider: chain, retryPolicy: retryPolicy, network: networkSettings, logger: logger,
      transport: transport)
  }
}
