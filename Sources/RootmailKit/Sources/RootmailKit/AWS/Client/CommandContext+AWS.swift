/// Building the AWS client from a command's context.
extension CommandContext {
  /// An `AWSClient` for this command: region, endpoint override and credentials from the flags,
  /// environment and config; standard retries (`AWS_MAX_ATTEMPTS`); debug logging with
  /// `--debug`. The HTTP transport is loaded on the first call, not here. Build it once per
  /// command and keep it: it caches credentials.
  public func aws() throws -> AWSClient {
    guard let region = EndpointStandIn.region(config: config, environment: environment) else {
      throw CLIError.configuration(
        "no AWS region is set", hint: "pass --region, set AWS_REGION, or set region in the config (`rootmail config show`)")
    }
    let endpoints = EndpointStandIn(region: region, configuredURL: config.string(.endpointURL), environment: environment)
    let transport: @Sendable () async throws -> any HTTPTransport = { try await TransportLoader.shared() }
    let chain = CredentialChainStandIn.standard(environment: environment, transport: transport)
    var awsLogger = logger
    awsLogger[metadataKey: "component"] = "aws"
    return AWSClient(
      region: region, credentialProvider: chain, endpoints: endpoints,
      retryPolicy: try RetryPolicy.standard(environment: environment), logger: awsLogger, transport: transport)
  }
}
