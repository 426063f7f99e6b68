/// The same client in another region (`deploy --ses-region`: receiving in a region other than
/// the stack's), sharing the credential chain, endpoint settings, retries and transport.
extension AWSClient {
  public func inRegion(_ name: String, source: String = "--ses-region") -> AWSClient {
    guard name != region else { return self }
    let e = endpoints
    let moved = EndpointResolver(
      region: ResolvedRegion(name: name, source: source), flag: e.flag, environment: e.environment, profile: e.profile,
      configured: e.configured)
    return AWSClient(
      endpoints: moved, credentialProvider: credentialChain, retryPolicy: retryPolicy, timeout: timeout, logger: logger,
      transport: transportFactory, clock: clock)
  }
}
