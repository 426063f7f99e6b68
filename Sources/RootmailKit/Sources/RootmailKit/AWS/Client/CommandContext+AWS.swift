/// Building the AWS client from a command's context.
extension CommandContext {
  /// An `AWSClient` for this command (`AWSClient.resolve`): profile, region, endpoints and
  /// credentials from the flags, environment, AWS shared files and config; standard retries
  /// (`AWS_MAX_ATTEMPTS`); debug logging with `--debug`. The HTTP transport is loaded on the
  /// first call, not here. Built once per command and kept, so every call of the command
  /// (the store's, account creation's, the command's own) shares one credential resolution.
  public func aws() throws -> AWSClient {
    try awsClient.withLock { cached in
      if let cached { return cached }
      var awsLogger = logger
      awsLogger[metadataKey: "component"] = "aws"
      let client = try AWSClient.resolve(try awsResolution(), logger: awsLogger)
      cached = client
      return client
    }
  }

  /// The AWS settings this command uses, each with where it came from (`AWSResolution`): what
  /// `aws()` builds its client from and `config show` prints.
  @_spi(RootmailHost) public func awsResolution() throws -> AWSResolution {
    try AWSResolution(settings: awsSettings, config: config, environment: environment)
  }
}
