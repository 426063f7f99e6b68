/// The links of the credential chain that need the network, built from the shared config files:
/// assume-role (`role_arn` with `source_profile` or `credential_source`, through STS
/// AssumeRole) and SSO (the `aws sso login` token cache) for the selected profile, then the
/// container and instance-metadata (IMDSv2) fallbacks. They go into
/// `AWSCredentialChain.standard` as its `profileLinks` and `fallbackLinks`.
@_spi(RootmailHost) public struct NetworkCredentialLinks: Sendable {
  /// Transport, environment, endpoints (STS and the SSO portal, overrides included), retries.
  public let context: CredentialContext
  public let files: SharedConfigFiles

  public init(context: CredentialContext, files: SharedConfigFiles) {
    self.context = context
    self.files = files
  }

  var environment: [String: String] { context.environment }

  /// Assume-role, then SSO, for `profile` (none when there is no profile).
  public func profileLinks(for profile: SharedConfigProfile?) throws -> [AWSCredentialChain.Link] {
    guard let profile else { return [] }
    var links: [AWSCredentialChain.Link] = []
    if profile.isAssumeRole { links.append(.init("assume-role", try assumeRole(profile, visited: [profile.name]))) }
    if let sso = profile.sso { links.append(.init("sso", try ssoProvider(sso, profile: profile.name))) }
    return links
  }

  /// Container credentials, then instance metadata.
  public var fallbackLinks: [AWSCredentialChain.Link] {
    [
      .init("container", ContainerCredentialProvider(context: context)),
      // Named as it is tried: a "no credentials (tried: …)" list should not claim it was.
      .init(
        environment["AWS_EC2_METADATA_DISABLED"]?.lowercased() == "true"
          ? "instance-metadata (off: AWS_EC2_METADATA_DISABLED)" : "instance-metadata",
        InstanceMetadataCredentialProvider(context: context)),
    ]
  }

  func assumeRole(_ profile: SharedConfigProfile, visited: [String]) throws -> AssumeRoleCredentialProvider {
    guard let roleArn = profile.roleARN else { throw bad(profile.name, "has no role_arn") }
    if profile.mfaSerial != nil {
      throw bad(profile.name, "sets mfa_serial; rootmail cannot ask for an MFA code (use a profile without MFA)")
    }
    let source: any AWSCredentialProvider
    if let name = profile.sourceProfile {
      source = try sourceCredentials(name, visited: visited)
    } else {
      switch profile.credentialSource {
      case "Environment": source = EnvironmentCredentialProvider(environment: environment)
      case "Ec2InstanceMetadata": source = InstanceMetadataCredentialProvider(context: context)
      case "EcsContainer": source = ContainerCredentialProvider(context: context)
      case let other:
        throw bad(profile.name, "has credential_source \(other ?? "")", "use Environment, Ec2InstanceMetadata or EcsContainer")
      }
    }
    let sts = AWSClient(
      endpoints: context.endpoints, credentialProvider: source, credentialSource: "source-profile",
      retryPolicy: context.retryPolicy, network: context.network, logger: context.logger, transport: context.transport)
    return AssumeRoleCredentialProvider(
      roleArn: roleArn, sessionName: profile.roleSessionName, externalID: profile.externalID,
      durationSeconds: profile.durationSeconds, stsClient: { sts })
  }

  /// The credentials of a `source_profile`: a role it assumes in turn, or its own SSO, static
  /// keys or `credential_process` (a profile naming itself uses its own keys, as in botocore).
  func sourceCredentials(_ name: String, visited: [String]) throws -> any AWSCredentialProvider {
    guard let source = files.profile(named: name) else {
      throw bad(
        visited.last ?? name, "names source_profile \(name), which is in neither \(files.configPath) nor \(files.credentialsPath)"
      )
    }
    if source.isAssumeRole && name != visited.last {
      guard !visited.contains(name) else {
        throw bad(name, "is in a source_profile loop: \((visited + [name]).joined(separator: " → "))")
      }
      return try assumeRole(source, visited: visited + [name])
    }
    var links: [AWSCredentialChain.Link] = []
    if let sso = source.sso { links.append(.init("sso", try ssoProvider(sso, profile: name))) }
    links.append(.init("source-profile", StaticProfileKeys(profile: source)))
    links.append(
      .init("credential-process", CredentialProcessProvider(profile: source, files: files, searchPath: environment["PATH"])))
    return AWSCredentialChain(links)
  }

  func ssoProvider(_ sso: SharedConfigProfile.SSO, profile: String) throws -> SSOCredentialProvider {
    guard let account = sso.accountID, let role = sso.roleName else {
      throw bad(profile, "is an SSO profile without sso_account_id and sso_role_name")
    }
    let endpoints = context.endpoints
    let portal = try EndpointResolver(
      region: ResolvedRegion(name: sso.region, source: "profile \(profile)"), flag: endpoints.flag,
      environment: endpoints.environment, profile: endpoints.profile, configured: endpoints.configured
    ).endpoint(for: .sso)
    return SSOCredentialProvider(
      cacheKey: sso.sessionName ?? sso.startURL, accountID: account, roleName: role, ssoRegion: sso.region,
      cacheFolder: (environment["HOME"] ?? "/") + "/.aws/sso/cache", portalURL: portal.isOverridden ? portal.url : nil,
      context: context)
  }

  func bad(_ profile: String, _ what: String, _ hint: String = "fix the profile in the AWS config file") -> CLIError {
    CLIError.configuration("AWS profile \(profile) \(what)", hint: hint)
  }
}

/// The merged static keys of a source profile.
struct StaticProfileKeys: AWSCredentialProvider {
  let profile: SharedConfigProfile
  func credentials() async throws -> AWSCredentials? { try profile.staticKeys(source: "source-profile") }
}
