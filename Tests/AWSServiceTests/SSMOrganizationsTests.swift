@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// SSM and Organizations against moto_server; `run` is reused through the fault proxy.
enum SSMScenario {
  static func run(_ client: AWSClient, name: String) async throws {
    let ssm = client.ssm
    let policies = #"[{"Type":"Expiration","Version":"1.0","Attributes":{"Timestamp":"2099-01-01T00:00:00.000Z"}}]"#
    let version = try await ssm.putParameter(name, value: "https://signin.aws.amazon.com/reset?token=abc", policies: policies)
    #expect(version == 1)
    #expect(try await ssm.putParameter(name, value: "second", overwrite: true) == 2)
    let p = try await ssm.getParameter(name)
    #expect(p?.value == "second" && p?.version == 2)
    #expect(p?.lastModified.map { abs($0 - MailTime.now()) < 600 } == true, "\(String(describing: p))")
    try await ssm.deleteParameter(name)
    #expect(try await ssm.getParameter(name) == nil)
  }
}

enum OrganizationsScenario {
  static func run(_ client: AWSClient, prefix: String) async throws {
    let orgs = client.organizations
    do { try await orgs.createOrganization() } catch let e as AWSError where e.code == "AlreadyInOrganizationException" {}
    var ids: [String] = []
    for i in 0..<3 {
      let status = try await orgs.createAccount(email: "root+\(prefix)\(i)@aws.example.com", name: "\(prefix)-\(i)")
      #expect(!status.id.isEmpty)
      ids.append(status.id)
    }
    for id in ids {
      let status = try await orgs.describeCreateAccountStatus(id)
      #expect(status.state == "SUCCEEDED" && status.accountID?.count == 12)
    }
    let accounts = try await orgs.listAllAccounts(pageSize: 2)
    #expect(accounts.filter { $0.name.hasPrefix("\(prefix)-") }.count == 3)
  }
}

@Suite struct SSMOrganizationsTests {
  @Test func ssmAgainstMoto() async throws {
    try await SSMScenario.run(try MotoServer.shared().client(), name: "/rootmail/pw_reset_link/direct")
  }

  @Test func organizationsAgainstMoto() async throws {
    try await OrganizationsScenario.run(try MotoServer.shared().client(), prefix: "direct")
  }
}
