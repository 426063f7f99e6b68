/// Finds each service's endpoint: `--endpoint-url`, `AWS_ENDPOINT_URL_<SERVICE>`,
/// `AWS_ENDPOINT_URL`, the profile's `[services x]` section and `endpoint_url`, rootmail's
/// `endpoint_url` setting, then AWS's own endpoint for the region (global services at their one
/// endpoint). `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` (or the profile's
/// `ignore_configured_endpoint_urls`) skips the environment and profile settings. S3 is
/// virtual-hosted on AWS's endpoint and path-style on an overridden one (unless the profile's
/// `s3.addressing_style` says otherwise).
@_spi(RootmailHost) public struct EndpointResolver: Sendable {
  /// The region endpoints are resolved for.
  public let region: ResolvedRegion
  /// `--endpoint-url`.
  public let flag: String?
  public let environment: [String: String]
  public let profile: SharedConfigProfile?
  /// rootmail's `endpoint_url` setting (environment or config file).
  public let configured: String?

  public init(
    region: ResolvedRegion, flag: String? = nil, environment: [String: String] = [:], profile: SharedConfigProfile? = nil,
    configured: String? = nil
  ) {
    self.region = region
    self.flag = flag
    self.environment = environment
    self.profile = profile
    self.configured = configured
  }

  /// From rootmail's `endpoint_url` setting (`AWSSettings.endpointURL`).
  public init(region: ResolvedRegion, endpointURL: AWSSetting, environment: [String: String], profile: SharedConfigProfile?) {
    self.init(
      region: region, flag: endpointURL.flag, environment: environment, profile: profile, configured: endpointURL.configured)
  }

  /// Every service at one URL (tests, benchmarks): as `--endpoint-url` would.
  public static func fixed(_ url: String, region: String = "us-east-1") -> EndpointResolver {
    EndpointResolver(region: ResolvedRegion(name: region, source: "--region"), flag: url)
  }

  /// Where `service`'s requests go.
  public func endpoint(for service: AWSServiceInfo) throws -> AWSEndpoint {
    try Self.resolve(
      service: service, region: region.name, flag: flag, environment: environment, profile: profile, configured: configured)
  }

  /// The endpoint URL set for `service` and where it was set, or nil for AWS's own endpoint:
  /// the first of the candidates in the order above. With `service` nil, the URL every
  /// service shares (the per-service settings are skipped): what `config show` prints.
  public static func configuredURL(
    for service: AWSServiceInfo?, flag: String?, environment: [String: String], profile: SharedConfigProfile?,
    configured: String?
  ) -> (url: String, source: String)? {
    let ignoreConfigured =
      environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"]?.lowercased() == "true"
      || profile?["ignore_configured_endpoint_urls"]?.lowercased() == "true"
    var candidates: [(String?, String)] = [(flag, "--endpoint-url")]
    if !ignoreConfigured {
      if let service { candidates.append((environment[service.endpointVariable], service.endpointVariable)) }
      candidates.append((environment["AWS_ENDPOINT_URL"], "AWS_ENDPOINT_URL"))
      if let profile {
        if let service {
          candidates.append((profile.serviceEndpointURL(serviceKey: service.configKey), "profile \(profile.name) services"))
        }
        candidates.append((profile.endpointURL, "profile \(profile.name)"))
      }
    }
    candidates.append((configured, "config"))
    for (value, source) in candidates {
      guard let value = value?.trimmingSpaces(), !value.isEmpty else { continue }
      return (value, source)
    }
    return nil
  }

  public static func resolve(
    service: AWSServiceInfo, region: String, flag: String?, environment: [String: String], profile: SharedConfigProfile?,
    configured: String?
  ) throws -> AWSEndpoint {
    let setURL = configuredURL(
      for: service, flag: flag, environment: environment, profile: profile, configured: configured)
    let partition = AWSPartition(region: region)
    let global = service.global[partition]
    let signingRegion = global?.signingRegion ?? region
    let style = profile?.s3AddressingStyle?.lowercased()
    if let (value, source) = setURL {
      let parsed = try AWSEndpoint.parseURL(value, source: source)
      return AWSEndpoint(
        scheme: parsed.scheme, host: parsed.host, port: parsed.port, basePath: parsed.path, signingRegion: signingRegion,
        pathStyle: service == .s3 && style != "virtual", source: source)
    }
    let host = global?.host ?? "\(service.endpointPrefix).\(region).\(partition.dnsSuffix)"
    return AWSEndpoint(
      scheme: "https", host: host, signingRegion: signingRegion,
      pathStyle: service == .s3 && style == "path", source: "default")
  }
}
