@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// Route53 operations against moto_server; `run` is reused through the fault proxy.
enum Route53Scenario {
  static func run(_ client: AWSClient, zoneName: String) async throws {
    let r53 = client.route53
    let (zone, change) = try await r53.createHostedZone(zoneName, callerReference: "ref-\(zoneName)", comment: "rootmail test")
    #expect(!zone.id.isEmpty && !zone.id.contains("/"))
    #expect(zone.nameServers.count >= 2)
    #expect(!change.id.isEmpty)
    let got = try await r53.getHostedZone(zone.id)
    #expect(got.name == zoneName + ".")
    let byName = try await r53.listHostedZonesByName(dnsName: zoneName)
    #expect(byName.contains { $0.id == zone.id })

    var changes = [
      Route53.Change("CREATE", .init(name: zoneName, type: "MX", values: ["10 inbound-smtp.us-east-1.amazonaws.com"])),
      Route53.Change("CREATE", .init(name: "_amazonses.\(zoneName)", type: "TXT", values: ["\"token-value\""])),
    ]
    for i in 0..<12 {
      changes.append(
        Route53.Change(
          "CREATE", .init(name: "t\(i)._domainkey.\(zoneName)", type: "CNAME", values: ["t\(i).dkim.amazonses.com"])))
    }
    let info = try await r53.changeResourceRecordSets(zoneID: zone.id, changes: changes, comment: "records")
    #expect(["PENDING", "INSYNC"].contains(info.status))
    #expect(["PENDING", "INSYNC"].contains(try await r53.getChange(info.id).status))
    let records = try await r53.listAllResourceRecordSets(zoneID: zone.id, pageSize: 4)
    #expect(records.filter { $0.type == "CNAME" }.count == 12)
    #expect(records.contains { $0.type == "MX" && $0.values == ["10 inbound-smtp.us-east-1.amazonaws.com"] })
    #expect(records.contains { $0.type == "NS" })
    let page = try await r53.listResourceRecordSets(zoneID: zone.id, maxItems: 3)
    #expect(page.records.count == 3 && page.next != nil)

    _ = try await r53.changeResourceRecordSets(zoneID: zone.id, changes: changes.map { Route53.Change("DELETE", $0.recordSet) })
    _ = try await r53.deleteHostedZone(zone.id)
    await #expect(throws: AWSError.self) { _ = try await r53.getHostedZone(zone.id) }
  }
}

@Suite struct Route53Tests {
  @Test func operationsAgainstMoto() async throws {
    try await Route53Scenario.run(try MotoServer.shared().client(), zoneName: "aws.direct.example.com")
  }
}
