/// The AWS region a command uses and where it came from.
@_spi(RootmailHost) public struct ResolvedRegion: Sendable, Equatable {
  public let name: String
  /// `--region`, `AWS_REGION`, `AWS_DEFAULT_REGION`, `profile <name>` or `config`.
  public let source: String

  public init(name: String, source: String) {
    self.name = name
    self.source = source
  }
}

/// Finds the region: `--region`, `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's `region`,
/// then rootmail's `region` setting (`ROOTMAIL_REGION` or the config file); none is a
/// configuration error saying every way to set one.
@_spi(RootmailHost) public enum RegionResolver {
  public static func resolve(
    flag: String?, environment: [String: String], profile: SharedConfigProfile?, configured: String?
  ) throws -> ResolvedRegion {
    if let region = try find(flag: flag, environment: environment, profile: profile, configured: configured) {
      return region
    }
    throw noRegion
  }

  /// The error of a command that needs a region when nothing sets one.
  public static var noRegion: CLIError {
    CLIError.configuration(
      "no AWS region is set",
      hint: "pass --region, set AWS_REGION, add `region = …` to the profile in ~/.aws/config, or set region in rootmail's config")
  }

  /// The region the first source that sets one gives (an invalid one is a configuration
  /// error), or nil when none does.
  public static func find(
    flag: String?, environment: [String: String], profile: SharedConfigProfile?, configured: String?
  ) throws -> ResolvedRegion? {
    var candidates: [(String?, String)] = [(flag, "--region")]
    candidates.append((environment["AWS_REGION"], "AWS_REGION"))
    candidates.append((environment["AWS_DEFAULT_REGION"], "AWS_DEFAULT_REGION"))
    candidates.append((profile?.region, "profile \(profile?.name ?? "")"))
    candidates.append((configured, "config"))
    for (value, source) in candidates {
      guard let value = value?.trimmingSpaces(), !value.isEmpty else { continue }
      guard isValid(value) else {
        throw CLIError.configuration(
          "invalid AWS region \"\(value)\" (from \(source))", hint: "a region looks like us-east-1 or eu-west-2")
      }
      return ResolvedRegion(name: value, source: source)
    }
    return nil
  }

  /// From rootmail's `region` setting (`AWSSettings.region`).
  public static func resolve(_ setting: AWSSetting, environment: [String: String], profile: SharedConfigProfile?) throws
    -> ResolvedRegion
  {
    try resolve(flag: setting.flag, environment: environment, profile: profile, configured: setting.configured)
  }

  /// A DNS label: letters, digits and inner hyphens, at most 63 characters (as botocore checks).
  static func isValid(_ region: String) -> Bool {
    let bytes = Array(region.utf8)
    guard (1...63).contains(bytes.count), bytes.first != 0x2D, bytes.last != 0x2D else { return false }
    return bytes.allSatisfy {
      (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || $0 == 0x2D
    }
  }
}
