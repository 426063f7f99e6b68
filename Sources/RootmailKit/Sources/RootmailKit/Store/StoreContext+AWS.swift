/// The AWS client of a store context: the same one `CommandContext.aws()` builds for a
/// command (region, endpoint and credentials from its flags, environment and config).
extension StoreContext {
  public func aws() throws -> AWSClient {
    try CommandContext(config: config, global: GlobalOptions.parse([]), environment: environment, logger: logger).aws()
  }
}
