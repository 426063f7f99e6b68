import Foundation
import RootmailKit
import RootmailTestSupport

/// One moto_server for the deploy tests (SES's active rule set is one per region, so these
/// tests run one at a time on a server of their own, reset before each), the real binary with
/// a private home and a config naming the domain, and a client to read resources back.
struct DeployHarness: Sendable {
  static let server = Result { try MotoServer() }
  let moto: MotoServer
  let cli: RootmailCLI
  let account = "123456789012"
  let zoneName = "aws.example.com"

  init(store: String? = nil, endpoint: String? = nil) async throws {
    moto = try Self.server.get()
    try await moto.reset()
    var extra = moto.environment()
    if let endpoint { extra["AWS_ENDPOINT_URL"] = endpoint }
    extra["ROOTMAIL_DOMAIN"] = "example.com"
    if let store { extra["ROOTMAIL_STORE"] = store }
    cli = try RootmailCLI(extra: extra)
  }

  var client: AWSClient { moto.client() }
  var bucket: String { "rootmail-mail-\(account)-us-east-1" }

  /// `rootmail deploy <arguments> --no-dns-check` (the DNS check would ask real name servers).
  func deploy(_ arguments: [String] = [], yes: Bool = true, timeout: TimeInterval = 300) throws -> RootmailCLI.Result {
    try cli.run(["deploy"] + arguments + (yes ? ["--yes"] : []) + ["--no-dns-check"], timeout: timeout)
  }

  /// The zone made for the subdomain (nil when there is none).
  func zone() async throws -> Route53.HostedZone? {
    let zones = try await client.route53.listHostedZonesByName(dnsName: zoneName)
    guard let z = zones.first(where: { $0.name.hasPrefix(zoneName) }) else { return nil }
    return try await client.route53.getHostedZone(z.id)
  }

  func records(_ zoneID: String) async throws -> [Route53.RecordSet] {
    try await client.route53.listAllResourceRecordSets(zoneID: zoneID)
  }
}
