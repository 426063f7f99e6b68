/// The AWS settings a command uses, each with where it came from, resolved in one place: the
/// profile (`ProfileSelection` over AWS's shared files), the region (`RegionResolver`), the
/// endpoints (`EndpointResolver`) and the CA bundle, proxies and timeouts (`NetworkSettings`).
/// `AWSClient.resolve` builds every command's client from it, and `config show`, `config get`
/// and `whoami` report it: what they print is what a command uses. Nothing is fetched (the
/// instance metadata service is never asked).
@_spi(RootmailHost) public struct AWSResolution: Sendable {
  public let settings: AWSSettings
  public let environment: [String: String]
  public let files: SharedConfigFiles
  public let selection: ProfileSelection
  public let profile: SharedConfigProfile?
  /// nil when nothing sets a region (a command that calls AWS then fails, `requireRegion`).
  public let region: ResolvedRegion?
  public let network: NetworkSettings

  /// Resolves everything for rootmail's AWS settings, its config (CA bundle and timeout keys)
  /// and the environment; a bad setting (an unknown profile, an invalid region, an untrusted
  /// CA bundle) is a configuration error naming where it was set.
  public init(settings: AWSSettings, config: Config, environment: [String: String]) throws {
    self.settings = settings
    self.environment = environment
    files = try SharedConfigFiles.load(environment: environment)
    selection = ProfileSelection.resolve(settings.profile, environment: environment)
    profile = try files.profile(selected: selection)
    region = try RegionResolver.find(
      flag: settings.region.flag, environment: environment, profile: profile, configured: settings.region.configured)
    network = try NetworkSettings.resolve(config: config, environment: environment, profile: profile)
  }

  /// The region, or the configuration error saying every way to set one.
  public func requireRegion() throws -> ResolvedRegion {
    guard let region else { throw RegionResolver.noRegion }
    return region
  }

  /// Each service's endpoint in the region.
  public func endpoints() throws -> EndpointResolver {
    EndpointResolver(
      region: try requireRegion(), endpointURL: settings.endpointURL, environment: environment, profile: profile)
  }

  /// The endpoint URL every service shares and where it was set (`--endpoint-url`,
  /// `AWS_ENDPOINT_URL`, the profile's `endpoint_url`, rootmail's `endpoint_url`), or nil:
  /// AWS's own endpoint for each service (`AWS_ENDPOINT_URL_<SERVICE>` and a profile's
  /// `[services]` may still move one service).
  public var sharedEndpointURL: (url: String, source: String)? {
    EndpointResolver.configuredURL(
      for: nil, flag: settings.endpointURL.flag, environment: environment, profile: profile,
      configured: settings.endpointURL.configured)
  }

  /// Where a source named by the resolvers is, as `config show` prints origins: `flag
  /// --region`, `env AWS_REGION`, `profile dev (/root/.aws/config)`, rootmail's own source for
  /// `config` (`env ROOTMAIL_REGION`, `path:line`).
  public func origin(of source: String, key: ConfigKey, profileKey: String, config: Config) -> String {
    if source.hasPrefix("--") { return "flag " + source }
    if source.hasPrefix("AWS_") { return "env " + source }
    if source == "config" { return config.source(of: key)?.description ?? "config" }
    if source.hasPrefix("profile "), let profile {
      let inCredentials = profile.credentialsSettings[profileKey] != nil
      return "\(source) (\(inCredentials ? files.credentialsPath : files.configPath))"
    }
    return source
  }
}

@_spi(RootmailHost) extension AWSResolution {
  /// Which link of the credential chain would give the credentials and where they are, as
  /// `config show` reports it: the chain of `AWSCredentialChain.standard`, in its order, but
  /// only the links that read what is already in memory (the environment, the shared files'
  /// keys) are asked; a `credential_process` is not run, and STS, SSO, the container endpoint
  /// and the instance metadata service are named, not asked. nil when no link has anything.
  public func credentialSource() async -> (link: String, origin: String)? {
    let profileOrigin = profile.map { "profile \($0.name) (\(files.configPath))" } ?? "profile"
    var profileLinks: [AWSCredentialChain.Link] = []
    if profile?.isAssumeRole == true { profileLinks.append(.init("assume-role", NotAsked("\(profileOrigin), not asked"))) }
    if profile?.sso != nil { profileLinks.append(.init("sso", NotAsked("\(profileOrigin), not asked"))) }
    let container = ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI"].first {
      !(environment[$0] ?? "").isEmpty
    }
    let metadataOff = environment["AWS_EC2_METADATA_DISABLED"]?.lowercased() == "true"
    let fallback: [AWSCredentialChain.Link] = [
      .init("container", NotAsked(container.map { "env \($0), not asked" })),
      .init("instance-metadata", NotAsked(metadataOff ? nil : "(instance metadata, not asked)")),
    ]
    guard
      let chain = try? AWSCredentialChain.standard(
        environment: environment, files: files, profile: selection, profileLinks: profileLinks, fallbackLinks: fallback)
    else { return nil }
    for link in chain.links {
      if let notAsked = link.provider as? NotAsked {
        if let origin = notAsked.origin { return (link.name, origin) }
        continue
      }
      if let process = link.provider as? CredentialProcessProvider {
        if process.command != nil {
          return (link.name, "\(process.origin.map { "profile \(selection.name) (\($0))" } ?? profileOrigin), not run")
        }
        continue
      }
      do {
        guard try await link.provider.credentials() != nil else { continue }
      } catch {
        return (link.name, "error: \(error)")
      }
      switch link.name {
      case "environment": return (link.name, "env AWS_ACCESS_KEY_ID")
      case "shared-credentials-file": return (link.name, "profile \(selection.name) (\(files.credentialsPath))")
      case "config-file": return (link.name, "profile \(selection.name) (\(files.configPath))")
      default: return (link.name, link.name)
      }
    }
    return nil
  }
}

/// A link `credentialSource` names without asking: `origin` when it is set up, else nil.
private struct NotAsked: AWSCredentialProvider {
  let origin: String?
  init(_ origin: String?) { self.origin = origin }
  func credentials() async throws -> AWSCredentials? { nil }
}
