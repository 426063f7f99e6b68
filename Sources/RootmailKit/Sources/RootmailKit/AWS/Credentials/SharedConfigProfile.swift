#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// One profile of the shared config and credentials files, merged (credentials file winning),
/// with typed access to what the credential providers, region and endpoint resolution need:
/// static keys, `credential_process`, assume-role (`role_arn`, `source_profile`,
/// `credential_source`, …), SSO (from an `[sso-session x]` section or the legacy keys),
/// `region`, `endpoint_url` and the `[services x]` section it points to.
@_spi(RootmailHost) public struct SharedConfigProfile: Sendable, Equatable {
  public let name: String
  /// Every `key = value` of the profile, keys lower-cased.
  public let settings: [String: String]
  /// Nested blocks (`s3 =` / `  addressing_style = path`).
  public let nested: [String: [String: String]]
  /// The settings as each file gave them, for providers that read only one file.
  public let configSettings: [String: String]
  public let credentialsSettings: [String: String]
  /// The `[sso-session x]` section named by `sso_session`, if there is one.
  public let ssoSessionSettings: [String: String]?
  /// The `[services x]` section named by `services`: per service key (`s3`, `dynamodb`), its settings.
  public let services: [String: [String: String]]

  public init(
    name: String, settings: [String: String], nested: [String: [String: String]] = [:],
    configSettings: [String: String] = [:], credentialsSettings: [String: String] = [:],
    ssoSessionSettings: [String: String]? = nil, services: [String: [String: String]] = [:]
  ) {
    self.name = name
    self.settings = settings
    self.nested = nested
    self.configSettings = configSettings
    self.credentialsSettings = credentialsSettings
    self.ssoSessionSettings = ssoSessionSettings
    self.services = services
  }

  public subscript(key: String) -> String? {
    guard let v = settings[key.lowercased()], !v.isEmpty else { return nil }
    return v
  }

  public var region: String? { self["region"] }
  public var endpointURL: String? { self["endpoint_url"] }
  public var credentialProcess: String? { self["credential_process"] }

  // MARK: Assume role

  public var roleARN: String? { self["role_arn"] }
  public var sourceProfile: String? { self["source_profile"] }
  /// `Environment`, `Ec2InstanceMetadata` or `EcsContainer`.
  public var credentialSource: String? { self["credential_source"] }
  public var externalID: String? { self["external_id"] }
  public var roleSessionName: String? { self["role_session_name"] }
  public var mfaSerial: String? { self["mfa_serial"] }
  public var webIdentityTokenFile: String? { self["web_identity_token_file"] }
  /// `duration_seconds` as a number; nil when absent or not a number.
  public var durationSeconds: Int? { self["duration_seconds"].flatMap { Int($0) } }

  /// The profile assumes a role (through `source_profile` or `credential_source`).
  public var isAssumeRole: Bool { roleARN != nil && (sourceProfile != nil || credentialSource != nil) }

  // MARK: SSO

  /// SSO settings, from the `[sso-session x]` section (`sso_session`) or the legacy keys.
  public struct SSO: Sendable, Equatable {
    /// The `sso-session` name; nil for a legacy profile (then the token cache key is the start URL).
    public let sessionName: String?
    public let startURL: String
    public let region: String
    public let accountID: String?
    public let roleName: String?
    public let registrationScopes: String?
  }

  /// Nil when the profile is not an SSO profile or lacks the start URL or region.
  public var sso: SSO? {
    if let session = self["sso_session"] {
      let s = ssoSessionSettings ?? [:]
      guard let url = s["sso_start_url"], !url.isEmpty, let region = s["sso_region"], !region.isEmpty else { return nil }
      return SSO(
        sessionName: session, startURL: url, region: region, accountID: self["sso_account_id"], roleName: self["sso_role_name"],
        registrationScopes: s["sso_registration_scopes"])
    }
    guard let url = self["sso_start_url"], let region = self["sso_region"] else { return nil }
    return SSO(
      sessionName: nil, startURL: url, region: region, accountID: self["sso_account_id"], roleName: self["sso_role_name"],
      registrationScopes: nil)
  }

  // MARK: Static keys

  /// Static keys from the credentials file only (botocore's `SharedCredentialProvider`).
  public func credentialsFileKeys() throws -> AWSCredentials? {
    try Self.staticKeys(credentialsSettings, profile: name, source: "shared-credentials-file")
  }

  /// Static keys from the config file only (botocore's `ConfigProvider`).
  public func configFileKeys() throws -> AWSCredentials? {
    try Self.staticKeys(configSettings, profile: name, source: "config-file")
  }

  /// Static keys from the merged profile (for a `source_profile`).
  public func staticKeys(source: String = "shared-profile") throws -> AWSCredentials? {
    try Self.staticKeys(settings, profile: name, source: source)
  }

  /// `aws_access_key_id`, `aws_secret_access_key`, `aws_session_token` (or the older
  /// `aws_security_token`); only one of the two keys is an error, as in botocore.
  static func staticKeys(_ s: [String: String], profile: String, source: String) throws -> AWSCredentials? {
    let id = s["aws_access_key_id"].flatMap { $0.isEmpty ? nil : $0 }
    let secret = s["aws_secret_access_key"].flatMap { $0.isEmpty ? nil : $0 }
    switch (id, secret) {
    case (nil, nil): return nil
    case (let id?, let secret?):
      let token = (s["aws_session_token"] ?? s["aws_security_token"]).flatMap { $0.isEmpty ? nil : $0 }
      return AWSCredentials(accessKeyID: id, secretAccessKey: secret, sessionToken: token, source: source)
    default:
      throw CLIError.configuration(
        "profile \(profile) has only one of aws_access_key_id and aws_secret_access_key",
        hint: "set both in the profile, or neither")
    }
  }

  // MARK: Endpoints

  /// The `endpoint_url` for one service from the `[services x]` section (key: the service id
  /// lower-cased, spaces as underscores, e.g. `dynamodb`, `s3`).
  public func serviceEndpointURL(serviceKey: String) -> String? {
    services[serviceKey]?["endpoint_url"].flatMap { $0.isEmpty ? nil : $0 }
  }

  /// `s3 = \n addressing_style = path|virtual|auto`.
  public var s3AddressingStyle: String? { nested["s3"]?["addressing_style"] }
}
