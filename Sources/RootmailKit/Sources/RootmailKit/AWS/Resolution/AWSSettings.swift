/// One of rootmail's own AWS settings (profile, region, endpoint URL). Given with its flag it
/// wins over the AWS CLI's variables and the profile, as the AWS CLI's own flag does; set with
/// `ROOTMAIL_<KEY>` or in the config file it comes after them.
@_spi(RootmailHost) public struct AWSSetting: Sendable, Equatable {
  /// The value of `--profile`, `--region` or `--endpoint-url`.
  public var flag: String?
  /// The value from `ROOTMAIL_<KEY>` or the config file.
  public var configured: String?

  public init(flag: String? = nil, configured: String? = nil) {
    self.flag = flag
    self.configured = configured
  }

  /// The setting of `key` in a resolved configuration, split by where it came from.
  public init(_ key: ConfigKey, in config: Config) {
    let value = config.string(key)
    if case .flag? = config.source(of: key) { self.init(flag: value) } else { self.init(configured: value) }
  }
}

/// The AWS settings a command hands to `ProfileSelection`, `RegionResolver` and
/// `EndpointResolver`, built once from its configuration.
@_spi(RootmailHost) public struct AWSSettings: Sendable, Equatable {
  public var profile: AWSSetting
  public var region: AWSSetting
  public var endpointURL: AWSSetting

  public init(profile: AWSSetting = .init(), region: AWSSetting = .init(), endpointURL: AWSSetting = .init()) {
    self.profile = profile
    self.region = region
    self.endpointURL = endpointURL
  }

  public init(config: Config) {
    self.init(
      profile: AWSSetting(.profile, in: config), region: AWSSetting(.region, in: config),
      endpointURL: AWSSetting(.endpointURL, in: config))
  }
}
