@_spi(RootmailHost) import RootmailKit

/// Turns what the servers and AWS said into the checklist. Pure: tests can judge facts that
/// moto cannot produce (an SES identity still pending) without any server.
public struct DNSChecklist: Sendable {
  public let settings: CheckSettings
  public let dns: DNSFacts
  public let aws: AWSFacts

  public init(settings: CheckSettings, dns: DNSFacts, aws: AWSFacts) {
    self.settings = settings
    self.dns = dns
    self.aws = aws
  }

  public func all() -> [CheckResult] {
    let before = delegation() + child() + mailExchanger() + sesIdentity() + receiving()
    return before + timing(after: before)
  }

  /// The mail domain as the report shows it.
  var mail: String { settings.mailDomain }
  var parent: String { settings.parentZone }

  /// The hosted zone's name servers (normalized), if Route53 answered.
  var zoneNameServers: [String]? {
    guard case .success(let zone) = aws.hostedZone else { return nil }
    return zone.nameServers.map(DNSName.normalize).sorted()
  }

  /// What the hosted zone's set is, for fixes.
  var zoneNameServerText: String {
    zoneNameServers.map(Self.list) ?? "the NS records of the hosted zone \(mail) in Route53"
  }

  /// Each parent server's referral set (sorted), for servers that gave one.
  var referralSets: [(server: DNSServer, names: [String], ttl: UInt32)] {
    dns.parents.compactMap { p in
      guard case .success(let r) = p.result else { return nil }
      let ns = r.referral(for: mail)
      guard !ns.isEmpty else { return nil }
      return (p.server, Set(ns.compactMap(\.target)).sorted(), ns.map(\.ttl).max() ?? 0)
    }
  }

  /// `a, b, c` without trailing dots.
  static func list(_ names: [String]) -> String {
    names.isEmpty ? "none" : names.map(DNSName.display).joined(separator: ", ")
  }

  /// The difference of `found` against `expected` in words: `x not expected; y missing`.
  static func difference(_ found: [String], from expected: [String]) -> String {
    let extra = found.filter { !expected.contains($0) }
    let missing = expected.filter { !found.contains($0) }
    var parts: [String] = []
    if !extra.isEmpty { parts.append("\(list(extra)) not expected") }
    if !missing.isEmpty { parts.append("\(list(missing)) missing") }
    return parts.joined(separator: "; ")
  }

  static func describe(_ failure: DNSFailure) -> String { failure.reason }
}
