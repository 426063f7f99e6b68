/// Every setting as a command would use it and where it came from, as `config show` and
/// `config get` print them: rootmail's resolved configuration, with the AWS settings (profile,
/// region, endpoint_url, ca_bundle, connect_timeout, read_timeout) taken from the one AWS
/// resolver (`AWSResolution`), so AWS_* variables and the profile in AWS's shared files are
/// shown where they win, as `whoami` resolves them.
@_spi(RootmailHost) public struct EffectiveConfig: Sendable {
  /// One setting: its value (nil when unset) and its origin (`flag --region`, `env AWS_REGION`,
  /// `profile dev (/root/.aws/config)`, `/path/config.toml:3`, `default`, `unset`).
  public struct Setting: Sendable {
    public let key: String
    public let value: ConfigValue?
    public let origin: String
  }

  public let settings: [Setting]
  /// Why the AWS settings do not resolve (a command that calls AWS would stop with it); the
  /// AWS rows then show rootmail's own settings.
  public let awsProblem: String?
  /// The AWS settings, when they resolve.
  public let aws: AWSResolution?

  public init(config: Config, resolution: () throws -> AWSResolution) {
    var rows: [String: Setting] = [:]
    for key in ConfigKey.all {
      let r = config.resolved[key.name]
      rows[key.name] = Setting(key: key.name, value: r?.value, origin: r?.source.description ?? "unset")
    }
    var problem: String? = nil
    var resolved: AWSResolution? = nil
    do {
      let aws = try resolution()
      for row in Self.awsRows(aws, config: config) { rows[row.key] = row }
      resolved = aws
    } catch {
      problem = "\(error)"
    }
    settings = ConfigKey.all.compactMap { rows[$0.name] }
    awsProblem = problem
    aws = resolved
  }

  /// The settings with a `credentials` row after `profile`: which link of the credential chain
  /// would answer (`AWSResolution.credentialSource`, which asks no network service and runs no
  /// program).
  public func withCredentials() async -> [Setting] {
    guard let aws else { return settings }
    let found = await aws.credentialSource()
    let row = Setting(
      key: "credentials", value: found.map { .string($0.link) },
      origin: found?.origin ?? "none found (the instance metadata service is turned off by AWS_EC2_METADATA_DISABLED)")
    var rows = settings
    rows.insert(row, at: (rows.firstIndex { $0.key == "profile" } ?? rows.count - 1) + 1)
    return rows
  }

  public subscript(key: String) -> Setting? { settings.first { $0.key == key } }

  static func awsRows(_ aws: AWSResolution, config: Config) -> [Setting] {
    func origin(_ source: String, _ key: ConfigKey, _ profileKey: String) -> String {
      aws.origin(of: source, key: key, profileKey: profileKey, config: config)
    }
    var rows = [
      Setting(
        key: "profile", value: .string(aws.selection.name), origin: origin(aws.selection.source, .profile, "profile"))
    ]
    if let region = aws.region {
      rows.append(Setting(key: "region", value: .string(region.name), origin: origin(region.source, .region, "region")))
    } else {
      rows.append(
        Setting(
          key: "region", value: nil,
          origin: "unset (no --region, AWS_REGION, AWS_DEFAULT_REGION, profile \(aws.selection.name) region or region key)"))
    }
    if let shared = aws.sharedEndpointURL {
      rows.append(
        Setting(key: "endpoint_url", value: .string(shared.url), origin: origin(shared.source, .endpointURL, "endpoint_url")))
    } else {
      rows.append(Setting(key: "endpoint_url", value: nil, origin: "default (AWS's endpoint of each service)"))
    }
    if let bundle = aws.network.caBundle {
      rows.append(Setting(key: "ca_bundle", value: .string(bundle.value), origin: origin(bundle.source, .caBundle, "ca_bundle")))
    } else {
      rows.append(Setting(key: "ca_bundle", value: nil, origin: "default (the system's CA certificates)"))
    }
    for (key, setting, profileKey) in [
      (ConfigKey.connectTimeout, aws.network.connectTimeout, "cli_connect_timeout"),
      (ConfigKey.readTimeout, aws.network.readTimeout, "cli_read_timeout"),
    ] {
      let value: ConfigValue =
        setting.value == setting.value.rounded() ? .integer(Int(setting.value)) : .string(String(setting.value))
      rows.append(Setting(key: key.name, value: value, origin: origin(setting.source, key, profileKey)))
    }
    return rows
  }
}
