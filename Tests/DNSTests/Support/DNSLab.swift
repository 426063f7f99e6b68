import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailPluginDNS
@_spi(RootmailHost) import RootmailTestSupport
import Synchronization
import Testing

/// The production layout on loopback, one lab per test on its own 127.53.<n>.0/24:
/// - `.1` a stand-in for the user's resolver: it serves the parent zone's NS set and the
///   addresses of the hosted zone's name servers (moto's `ns-2048.awsdns-64.com` and the rest);
/// - `.2`, `.3` the parent zone's servers (`lab<n>.test`), which delegate `aws.lab<n>.test`;
/// - `.11`–`.14` the hosted zone's four servers, serving `aws.lab<n>.test`;
/// and moto holding the hosted zone, the SES identity (its own region per lab), the rule set and
/// the bucket. Tests change the zones (`parentNS`, `records`, `serials`, `lame`) before `start`.
final class DNSLab: @unchecked Sendable {
  // @unchecked: a lab belongs to one test, which configures it and then runs checks; the zone
  // fields are not touched concurrently.

  /// Moto for the DNS suite alone: SES's active rule set is one per region, so labs use a
  /// region each and never reset the server.
  static let moto = Result { try MotoServer() }
  static let counter = Mutex(0)
  static let regions = [
    "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "eu-central-1", "eu-west-1", "eu-west-2",
    "eu-west-3", "eu-north-1", "eu-south-1", "ap-south-1", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3",
    "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "sa-east-1", "il-central-1", "me-south-1", "me-central-1",
    // (ap-east-1, eu-south-2 and ap-southeast-4 are left out: moto's SES answers them with HTTP 500.)
    "af-south-1", "eu-central-2", "ap-south-2",
  ]
  /// moto's fixed delegation set.
  static let zoneNS = ["ns-2048.awsdns-64.com", "ns-2049.awsdns-65.net", "ns-2050.awsdns-66.org", "ns-2051.awsdns-67.co.uk"]

  let n: Int
  let domain: String
  let mail: String
  let region: String
  let bucket: String
  let moto: MotoServer
  let client: AWSClient
  var servers: [NSDServer] = []

  var resolver: String { "127.53.\(n).1" }
  var parentAddresses: [String] { ["127.53.\(n).2", "127.53.\(n).3"] }
  var childAddresses: [String] { (11...14).map { "127.53.\(n).\($0)" } }

  // What the zones hold; tests change these before `start()`.
  /// Parent address → the NS names it delegates the mail domain to (empty: no delegation).
  var parentNS: [String: [String]] = [:]
  var delegationTTL = 172_800
  /// The child zone's records below the SOA and NS (relative or absolute names).
  var records: [String] = []
  /// The child zone's NS records (default: moto's set).
  var childNS: [String] = DNSLab.zoneNS
  /// Child address → SOA serial (default 1).
  var serials: [String: Int] = [:]
  /// Child addresses that serve another zone only (lame).
  var lame: Set<String> = []
  /// Child addresses with no server at all.
  var down: Set<String> = []

  /// SES's verification token and DKIM tokens (after `setUpAWS`).
  var token = ""
  var dkimTokens: [String] = []

  init() throws {
    n = DNSLab.counter.withLock {
      $0 += 1
      return $0
    }
    precondition(n < 250)
    domain = "lab\(n).test"
    mail = "aws.lab\(n).test"
    region = DNSLab.regions[(n - 1) % DNSLab.regions.count]
    bucket = "rootmail-lab\(n)"
    moto = try DNSLab.moto.get()
    client = moto.client(region: region)
    for a in parentAddresses { parentNS[a] = DNSLab.zoneNS }
  }

  /// The hosted zone, the SES identity with DKIM, a bucket and an active rule set storing mail
  /// for the subdomain into `s3://<bucket>/RootMail/`; the records that go with them.
  func setUpAWS(identity: Bool = true, activeRuleSet: Bool = true, ruleBucket: String? = nil) async throws {
    _ = try await client.route53.createHostedZone(mail, callerReference: UUID().uuidString)
    if identity {
      _ = try await client.ses.verifyDomainIdentity(mail)
      _ = try await client.ses.verifyDomainDkim(mail)
      // What SES reports later is what counts (moto's VerifyDomainIdentity answers another token).
      token = try await client.ses.getIdentityVerificationAttributes([mail])[mail]?.token ?? ""
      dkimTokens = try await client.ses.getIdentityDkimAttributes([mail])[mail]?.tokens ?? []
    }
    try await client.s3.createBucket(ruleBucket ?? bucket)
    let ruleSet = "rootmail-lab\(n)"
    try await client.ses.createReceiptRuleSet(ruleSet)
    try await client.ses.createReceiptRule(
      ruleSet: ruleSet,
      rule: SES.ReceiptRule(name: "store", recipients: [mail], bucket: ruleBucket ?? bucket, objectKeyPrefix: "RootMail/"))
    // Regions repeat after as many labs as there are regions: clear what an earlier lab left active.
    try await client.ses.setActiveReceiptRuleSet(activeRuleSet ? ruleSet : nil)
    records = ["@ MX 10 inbound-smtp.\(region).amazonaws.com.", "_amazonses TXT \"\(token)\""]
    records += dkimTokens.map { "\($0)._domainkey CNAME \($0).dkim.amazonses.com." }
  }

  func parentZone(_ address: String) -> String {
    var lines = [
      "$ORIGIN \(domain).", "$TTL 3600", "@ SOA ns1 hostmaster 1 7200 900 1209600 300", "@ NS ns1", "@ NS ns2",
      "ns1 A \(parentAddresses[0])", "ns2 A \(parentAddresses[1])",
    ]
    lines += (parentNS[address] ?? []).map { "aws \(delegationTTL) NS \($0)." }
    return lines.joined(separator: "\n") + "\n"
  }

  func childZone(_ address: String) -> String {
    var lines = [
      "$ORIGIN \(mail).", "$TTL 300",
      "@ 900 SOA ns-2048.awsdns-64.com. awsdns-hostmaster.amazon.com. \(serials[address] ?? 1) 7200 900 1209600 86400",
    ]
    lines += childNS.map { "@ 172800 NS \($0)." }
    return (lines + records).joined(separator: "\n") + "\n"
  }

  /// The resolver stand-in: the parent's NS set and the name servers' addresses.
  var resolverZones: [(name: String, text: String)] {
    var zones = [(domain, parentZone("resolver"))]
    for (i, ns) in DNSLab.zoneNS.enumerated() {
      let zone = ns.split(separator: ".").dropFirst().joined(separator: ".")
      zones.append(
        (
          zone,
          "$ORIGIN \(zone).\n$TTL 3600\n@ SOA ns hostmaster 1 7200 900 1209600 300\n@ NS ns\nns A \(resolver)\n"
            + "\(ns.split(separator: ".")[0]) A \(childAddresses[i])\n"
        ))
    }
    return zones
  }

  /// Starts one nsd per distinct zone content (addresses with the same zones share one).
  func start() async throws {
    servers.append(try await NSDServer(addresses: [resolver], zones: resolverZones))
    try await startGroup(parentAddresses) { [(self.domain, self.parentZone($0))] }
    try await startGroup(childAddresses.filter { !down.contains($0) }) { a in
      self.lame.contains(a)
        ? [
          (
            "other\(self.n).test",
            "@ 300 SOA ns h 1 1 1 1 1\n@ NS ns\nns A 127.0.0.1\n".replacingOccurrences(of: "@", with: "other\(self.n).test.")
          )
        ] : [(self.mail, self.childZone(a))]
    }
  }

  func startGroup(_ addresses: [String], _ zones: (String) -> [(String, String)]) async throws {
    var groups: [String: (addresses: [String], zones: [(String, String)])] = [:]
    for a in addresses {
      let z = zones(a)
      let key = z.map { $0.0 + $0.1 }.joined()
      groups[key, default: ([], z)].addresses.append(a)
    }
    for g in groups.values.sorted(by: { $0.addresses[0] < $1.addresses[0] }) {
      let zones = g.zones.map { (name: $0.0, text: $0.1) }
      // Under heavy load an nsd start has been seen to stay silent; one fresh start is allowed.
      let server: NSDServer
      do { server = try await NSDServer(addresses: g.addresses, zones: zones) } catch {
        server = try await NSDServer(addresses: g.addresses, zones: zones)
      }
      servers.append(server)
    }
  }

  /// Stops the child servers and starts them again with the current records (for `--wait`).
  func restartChildren() async throws {
    let childSet = Set(childAddresses)
    for s in servers where s.addresses.allSatisfy(childSet.contains) { s.stop() }
    servers.removeAll { $0.addresses.allSatisfy(childSet.contains) }
    try await startGroup(childAddresses.filter { !down.contains($0) }) { [(self.mail, self.childZone($0))] }
  }

  func stopAll() { for s in servers { s.stop() } }

  deinit { stopAll() }

  /// The settings `dns check` builds from the flags the CLI tests pass. The whole check gets
  /// ten minutes unless a test says otherwise: the lab's servers answer at once and a stopped one
  /// is bounded by the query timeout, while the tests beside this one can hold this process's
  /// few threads for minutes, past any short deadline.
  func settings(timeout: Duration = .seconds(600)) -> CheckSettings {
    CheckSettings(
      domain: domain, subdomain: "aws", region: region, bucket: bucket, bucketPrefix: "RootMail/",
      resolvers: [DNSServer(address: resolver)], queryTimeout: .milliseconds(500), attempts: 2, timeout: timeout)
  }

  /// Runs the checks in this process (ten minutes at most unless a test says otherwise).
  func check(timeout: Duration = .seconds(600)) async -> CheckReport {
    await DNSCheck(settings: settings(timeout: timeout), aws: client).run()
  }

  /// A runner of the real binary aimed at this lab (moto through the endpoint variables), with
  /// one private home for every run made with it.
  func runner() throws -> RootmailCLI {
    try RootmailCLI(
      extra: moto.environment().merging(
        ["AWS_REGION": region, "ROOTMAIL_BUCKET": bucket, "ROOTMAIL_BUCKET_PREFIX": "RootMail/"]) { $1 })
  }

  /// `rootmail dns check` for this lab, with `runner` (a fresh one, a fresh home, by default).
  func cli(_ extra: [String] = [], timeout: TimeInterval = 300, runner: RootmailCLI? = nil) throws -> RootmailCLI.Result {
    let cli = try runner ?? self.runner()
    return try cli.run(
      ["dns", "check", "--domain", domain, "--subdomain", "aws", "--resolver", resolver, "--query-timeout", "500ms"] + extra,
      timeout: timeout)
  }
}

extension CheckReport {
  func result(_ id: String) -> CheckResult? { results.first { $0.id == id } }
  func status(_ id: String) -> CheckResult.Status? { result(id)?.status }
  /// Ids of the failed checks.
  var failedIDs: [String] { failures.map(\.id) }
}
