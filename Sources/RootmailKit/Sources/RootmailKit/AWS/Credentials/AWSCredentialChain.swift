#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The credential chain: asks its providers in order and uses the first that has credentials,
/// remembers which one answered (asked first again when they need refreshing), and keeps the
/// credentials until `refreshMargin` (5 minutes) before they expire. A provider that throws
/// stops the chain (its credentials exist but cannot be used, as in botocore); when no provider
/// has any, `credentials()` throws a `CredentialError` naming every link it tried.
@_spi(RootmailHost) public actor AWSCredentialChain: AWSCredentialProvider {
  /// One link: a name for messages and `whoami`, and the provider.
  public struct Link: Sendable {
    public let name: String
    public let provider: any AWSCredentialProvider
    public init(_ name: String, _ provider: any AWSCredentialProvider) {
      self.name = name
      self.provider = provider
    }
  }

  public nonisolated let links: [Link]
  /// Seconds before expiration at which cached credentials are fetched again.
  public static let refreshMargin: TimeInterval = 300
  private let now: @Sendable () -> Date
  private var cached: AWSCredentials?
  private var answering: Int?
  private var inFlight: Task<AWSCredentials, any Error>?

  public init(_ links: [Link], now: @escaping @Sendable () -> Date = { Date() }) {
    self.links = links
    self.now = now
  }

  /// The name of the link that gave the current credentials, if any has.
  public var answeredBy: String? { answering.map { links[$0].name } }

  /// Forgets the cached credentials (after an `ExpiredToken` error, say); the next call asks again.
  public func invalidate() { cached = nil }

  public func credentials() async throws -> AWSCredentials? { try await required() }

  /// The credentials of the first link that has any; a `CredentialError` when none has.
  public func required() async throws -> AWSCredentials {
    if let cached, isFresh(cached) { return cached }
    if let inFlight { return try await inFlight.value }
    let task = Task { try await self.resolve() }
    inFlight = task
    defer { inFlight = nil }
    let credentials = try await task.value
    cached = credentials
    // The chain registers what it hands out, so that logs never show it (`Redactor`).
    Redactor.shared.register(credentials)
    return credentials
  }

  private func isFresh(_ c: AWSCredentials) -> Bool {
    guard let expiration = c.expiration else { return true }
    return now() < expiration.addingTimeInterval(-Self.refreshMargin)
  }

  private func resolve() async throws -> AWSCredentials {
    var order = Array(links.indices)
    if let answering { order.insert(answering, at: 0) }
    var tried = Set<Int>()
    for index in order where tried.insert(index).inserted {
      if let credentials = try await links[index].provider.credentials() {
        answering = index
        return credentials
      }
    }
    answering = nil
    throw CredentialError(
      source: "chain", "no AWS credentials found (tried: \(links.map(\.name).joined(separator: ", ")))",
      hint: "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, run `aws configure`, or choose a profile with --profile")
  }
}

@_spi(RootmailHost) extension AWSCredentialChain {
  /// The standard chain in AWS's order: environment (skipped when the profile was named with
  /// `--profile`, as the AWS CLI does), then `profileLinks` (assume-role, web identity, SSO,
  /// given by the caller in that order), the shared credentials file, `credential_process`,
  /// the config file, then `fallbackLinks` (container, instance metadata).
  /// A profile named by the user that neither file has is a configuration error.
  public static func standard(
    environment: [String: String], files: SharedConfigFiles, profile selection: ProfileSelection,
    profileLinks: [Link] = [], fallbackLinks: [Link] = [], now: @escaping @Sendable () -> Date = { Date() }
  ) throws -> AWSCredentialChain {
    let profile = try files.profile(selected: selection)
    var links: [Link] = []
    if !selection.isExplicit { links.append(Link("environment", EnvironmentCredentialProvider(environment: environment))) }
    links += profileLinks
    links.append(Link("shared-credentials-file", SharedCredentialsFileProvider(profile: profile)))
    links.append(
      Link("credential-process", CredentialProcessProvider(profile: profile, files: files, searchPath: environment["PATH"])))
    links.append(Link("config-file", ConfigFileCredentialProvider(profile: profile)))
    links += fallbackLinks
    return AWSCredentialChain(links, now: now)
  }
}
