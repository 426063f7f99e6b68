/// Building the AWS client from a command's context.
extension CommandContext {
  /// An `AWSClient` for this command (`AWSClient.resolve`): profile, region, endpoints and
  /// credentials from the flags, environment, AWS shared files and config; standard retries
  /// (`AWS_MAX_ATTEMPTS`); debug logging with `--debug`. The HTTP transport is loaded on the
  /// first call, not here. Build it once per command and keep it: it caches credentials.
  public func aws() throws -> AWSClient {
    var awsLogger = logger
    awsLogger[metadataKey: "component"] = "aws"
    return try AWSClient.resolve(config: config, environment: environment, logger: awsLogger)
  }
}
