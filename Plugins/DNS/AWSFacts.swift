@_spi(RootmailHost) import RootmailKit

/// What AWS says about the mail domain: the hosted zone's delegation set (Route53), the SES
/// identity's verification and DKIM state, and the active receipt rule set. Each part is kept
/// with its own error, so one denied call fails only the checks that need it.
public struct AWSFacts: Sendable {
  @_spi(RootmailHost) public var hostedZone: Result<Route53.HostedZone, DNSFailure>
  /// nil: SES has no identity for the mail domain.
  @_spi(RootmailHost) public var verification: Result<SES.VerificationAttributes?, DNSFailure>
  @_spi(RootmailHost) public var dkim: Result<SES.DkimAttributes?, DNSFailure>
  /// nil: no rule set is active.
  @_spi(RootmailHost) public var activeRuleSet: Result<SES.RuleSet?, DNSFailure>

  @_spi(RootmailHost) public init(
    hostedZone: Result<Route53.HostedZone, DNSFailure>, verification: Result<SES.VerificationAttributes?, DNSFailure>,
    dkim: Result<SES.DkimAttributes?, DNSFailure>, activeRuleSet: Result<SES.RuleSet?, DNSFailure>
  ) {
    self.hostedZone = hostedZone
    self.verification = verification
    self.dkim = dkim
    self.activeRuleSet = activeRuleSet
  }

  /// Every part failed for the same reason (no time left, no client).
  public static func unavailable(_ reason: String) -> AWSFacts {
    let f = DNSFailure(reason)
    return AWSFacts(hostedZone: .failure(f), verification: .failure(f), dkim: .failure(f), activeRuleSet: .failure(f))
  }

  /// Asks Route53 and SES (in `settings.region`) in parallel.
  public static func gather(client: AWSClient, settings: CheckSettings) async -> AWSFacts {
    await Questions.start(client: client, settings: settings).facts()
  }

  /// The four questions, started at once, each to be awaited on its own: the DNS questions
  /// for the DKIM records need SES's DKIM tokens, not Route53's two calls in a row.
  struct Questions: Sendable {
    let hostedZone: Task<Result<Route53.HostedZone, DNSFailure>, Never>
    let verification: Task<Result<SES.VerificationAttributes?, DNSFailure>, Never>
    let dkim: Task<Result<SES.DkimAttributes?, DNSFailure>, Never>
    let activeRuleSet: Task<Result<SES.RuleSet?, DNSFailure>, Never>

    static func start(client: AWSClient, settings: CheckSettings) -> Questions {
      let identity = settings.mailDomain
      return Questions(
        hostedZone: Task { await capture { try await findZone(client, settings) } },
        verification: Task { await capture { try await client.ses.getIdentityVerificationAttributes([identity])[identity] } },
        dkim: Task { await capture { try await client.ses.getIdentityDkimAttributes([identity])[identity] } },
        activeRuleSet: Task { await capture { try await client.ses.describeActiveReceiptRuleSet() } })
    }

    /// Every answer, once all four are in.
    func facts() async -> AWSFacts {
      await AWSFacts(
        hostedZone: hostedZone.value, verification: verification.value, dkim: dkim.value,
        activeRuleSet: activeRuleSet.value)
    }
  }

  /// `--hosted-zone-id`'s zone; else the zone remembered for the mail domain while Route53 still
  /// has it under that name; else the first zone of that name, which is then remembered.
  static func findZone(_ client: AWSClient, _ settings: CheckSettings) async throws -> Route53.HostedZone {
    let route53 = client.route53
    if let id = settings.hostedZoneID { return try await route53.getHostedZone(id) }
    let name = DNSName.normalize(settings.mailDomain)
    let memory = settings.zoneMemoryPath.flatMap { path in
      (try? client.endpoint(for: .route53)).map { HostedZoneMemory(path: path, endpoint: $0.url) }
    }
    if let id = memory?.zoneID(for: name), let zone = try? await route53.getHostedZone(id),
      DNSName.normalize(zone.name) == name
    {
      return zone
    }
    let zones = try await route53.listHostedZonesByName(dnsName: name, maxItems: 10)
    guard let zone = zones.first(where: { DNSName.normalize($0.name) == name }) else {
      memory?.remember(nil, for: name)
      throw DNSFailure("Route53 has no hosted zone named \(DNSName.display(name))")
    }
    let found = try await route53.getHostedZone(zone.id)
    memory?.remember(found.id, for: name)
    return found
  }

  static func capture<T: Sendable>(_ body: () async throws -> T) async -> Result<T, DNSFailure> {
    do {
      return .success(try await body())
    } catch let e as DNSFailure {
      return .failure(e)
    } catch {
      return .failure(DNSFailure(String(describing: error)))
    }
  }
}
