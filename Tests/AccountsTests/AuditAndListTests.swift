import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// `accounts audit` over an organization of 10 member accounts with every finding kind.
@Suite(.serialized) struct AuditTests {
  typealias H = AccountsHarness

  @Test func everyFindingKindOverTenAccounts() async throws {
    let h = try await H(server: H.auditServer, members: 10)
    try await h.moto.setExtraTrustedAccess(["iam.amazonaws.com"])
    try await h.moto.setOrganizationsFeatures(["RootCredentialsManagement"])
    let ids = h.members.map(\.id)
    try await h.moto.setRootUser(accountID: ids[0], password: false, accessKeys: 2)
    try await h.moto.setRootUser(accountID: ids[1], password: true, mfaDevices: 0)
    try await h.moto.setRootUser(accountID: ids[2], password: true, mfaDevices: 1)
    try await h.moto.setRootUser(accountID: ids[3], password: false, signingCertificates: 1)

    let json = try h.cli.run(["accounts", "audit", "--output", "json", "--debug"])
    #expect(json.status == 0, "\(json.stderr)")
    let audits = try #require(try JSONValue.parse(json.stdout).arrayValue)
    #expect(audits.count == 10)
    func kinds(_ id: String) -> [String] {
      audits.first { $0["account_id"]?.stringValue == id }?["findings"]?.arrayValue?.compactMap { $0["kind"]?.stringValue }
        ?? ["missing"]
    }
    #expect(kinds(ids[0]) == ["root-access-keys"])
    #expect(kinds(ids[1]) == ["password-without-mfa", "password-with-central-management"])
    #expect(kinds(ids[2]) == ["password-with-central-management"])
    #expect(kinds(ids[3]).isEmpty)
    #expect(audits.first { $0["account_id"]?.stringValue == ids[3] }?["signing_certificates"]?.intValue == 1)
    for id in ids[4...] { #expect(kinds(id).isEmpty) }
    #expect(!audits.contains { $0["account_id"]?.stringValue == h.management })
    // One root session per account, each used for its own account only; no secret in the log.
    let sessions = try await h.moto.admin("GET", "/model-proxy/sts/sessions").arrayValue ?? []
    #expect(Set(sessions.compactMap { $0["AccountId"]?.stringValue }) == Set(ids))
    #expect(!json.stderr.contains("SecretAccessKey>") && !json.stderr.contains("SessionToken>"))
    // Nor any session's secret key or token, though --debug logs every request (signed with them).
    for session in sessions {
      for name in ["SecretAccessKey", "SessionToken"] {
        let secret = try #require(session[name]?.stringValue)
        #expect(!json.stderr.contains(secret) && !json.stdout.contains(secret), "\(name) in the output")
      }
    }

    let critical = try h.cli.run(["accounts", "audit", "--fail-on", "critical"])
    #expect(critical.status == 1 && critical.stderr.contains(ids[0]), "\(critical.stderr)")
    #expect(critical.stdout.contains("critical: root-access-keys"))
    try await h.moto.setRootUser(accountID: ids[0], password: false)
    #expect(try h.cli.run(["accounts", "audit", "--fail-on", "critical"]).status == 0)
    #expect(try h.cli.run(["accounts", "audit", "--fail-on", "high"]).status == 1)
  }

  @Test func throttlingIsRetried() async throws {
    let h = try await H(server: H.auditServer, members: 4)
    try await h.moto.setExtraTrustedAccess(["iam.amazonaws.com"])
    try await h.moto.setOrganizationsFeatures(["RootCredentialsManagement"])
    try await h.moto.setRootUser(accountID: h.members[0].id, password: true, accessKeys: 1)
    let faults = try FaultProxy(upstream: h.moto.url, rate: 0.3, seed: 7)
    let result = try h.cli.run(
      ["accounts", "audit", "--output", "json", "--concurrency", "2"],
      extraEnvironment: ["AWS_ENDPOINT_URL": faults.url, "AWS_MAX_ATTEMPTS": "12"])
    #expect(result.status == 0, "\(result.stderr)")
    let audits = try JSONValue.parse(result.stdout).arrayValue ?? []
    #expect(audits.count == 4 && audits.allSatisfy { $0["error"] == .null })
    let first = audits.first { $0["account_id"]?.stringValue == h.members[0].id }
    #expect(first?["findings"]?.arrayValue?.count == 3)
    let stats = try await faults.stats()
    #expect((stats["throttle"] ?? 0) + (stats["unavailable"] ?? 0) > 0, "no fault was injected: \(stats)")
  }

  @Test func whenTheFeatureIsOffItSaysSoAndHowToEnableIt() async throws {
    let h = try await H(server: H.auditServer, members: 2)
    try await h.moto.setExtraTrustedAccess(["iam.amazonaws.com"])
    let result = try h.cli.run(["accounts", "audit"])
    #expect(result.status == 78)
    #expect(result.stderr.contains("centralized root credentials management is off"), "\(result.stderr)")
    #expect(result.stderr.contains("aws iam enable-organizations-root-credentials-management"))
    let sessions = try await h.moto.admin("GET", "/model-proxy/sts/sessions").arrayValue ?? []
    #expect(sessions.isEmpty)
  }
}

/// `accounts list` and `sync` with accounts missing on either side.
@Suite(.serialized) struct ListAndSyncTests {
  typealias H = AccountsHarness

  /// Credentials of an account in no organization: a setup problem (exit 78) that says whose
  /// credentials to use, not "access denied" (77), whichever call finds it first.
  @Test func anAccountInNoOrganizationIsASetupError() async throws {
    let moto = try H.listServer.get()
    try await moto.reset()
    let cli = try RootmailCLI(extra: moto.environment().merging(["ROOTMAIL_DOMAIN": "example.com"]) { $1 })
    for arguments in [["accounts", "list"], ["accounts", "list", "--primary-email"], ["accounts", "audit"]] {
      let result = try cli.run(arguments)
      #expect(result.status == 78, "\(arguments): \(result.status) \(result.stderr)")
      #expect(
        result.stderr.contains(arguments[1] == "audit" ? "IAM ListOrganizationsFeatures" : "AWSOrganizationsNotInUseException"),
        "\(arguments): \(result.stderr)")
      #expect(
        result.stderr.contains("in no organization; use the organization's management account"), "\(arguments): \(result.stderr)")
    }
  }

  @Test func accountsMissingOnEitherSideAreNamed() async throws {
    let h = try await H(server: H.listServer, members: 2)
    let orgs = h.moto.client().organizations
    // An account already on a vended address, whose mapping does not record it yet.
    let vend = try h.cli.run(["vend", "--owner", "team@corp.example.org"])
    let vended = vend.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    _ = try await orgs.createAccount(email: vended, name: "on-vended")
    // An account on our domain the store has no mapping for.
    _ = try await orgs.createAccount(email: "root+unknown00001@aws.example.com", name: "unmapped")
    // A mapping recording an account the organization does not have.
    let gone = MappingRecord(
      accountEmail: "root+gone00000001@aws.example.com", ownerAddress: "team@corp.example.org", accountName: "",
      accountType: "IT", accountId: "999999999999")
    let file = try h.cli.write(gone.json.compact + "\n", to: "gone.jsonl")
    #expect(try h.cli.run(["mappings", "import", file]).status == 0)

    // A trusted reset mail for the vended address, fetched into the cache.
    let reset = try String(
      contentsOfFile: RootmailCLI.repositoryRoot + "/Tests/MailTests/Mails/09-reset-genuine.eml", encoding: .utf8)
    try await h.moto.client().s3.putObject(
      h.bucket, key: "RootMail/reset-mail",
      body: Array(reset.replacingOccurrences(of: "root+0a1b2c3d4e5f@aws.example.com", with: vended).utf8))
    #expect(try h.cli.run(["mail", "fetch"]).status == 0)

    let json = try h.cli.run(["accounts", "list", "--output", "json"])
    #expect(json.status == 0, "\(json.stderr)")
    let out = try JSONValue.parse(json.stdout)
    #expect(out["accounts"]?.arrayValue?.count == 5)
    #expect(out["store_only"]?.arrayValue?.compactMap { $0["account_id"]?.stringValue } == ["999999999999"])
    #expect(
      out["organization_only"]?.arrayValue?.compactMap { $0["email"]?.stringValue } == ["root+unknown00001@aws.example.com"])
    let onVended = out["accounts"]?.arrayValue?.first { $0["root_email"]?.stringValue == vended }
    #expect(onVended?["vended"]?.boolValue == true && onVended?["reset_link_pending"]?.boolValue == true)
    #expect(onVended?["newest_mail"]?["id"]?.stringValue == MailID.make(key: "RootMail/reset-mail"))

    let table = try h.cli.run(["accounts", "list", "--not-vended"])
    #expect(table.status == 0)
    #expect(table.stderr.contains("root+gone00000001@aws.example.com is mapped to account 999999999999"))
    #expect(table.stderr.contains("root+unknown00001@aws.example.com on aws.example.com, which the store has no mapping"))
    #expect(!table.stdout.contains(vended) && table.stdout.contains("owner0@corp.example.org"))
    // No row: a note on stderr naming the filters, as mappings list does (was silence, exit 0).
    let none = try h.cli.run(["accounts", "list", "--owner", "nobody@example.org"])
    #expect(none.status == 0 && none.stdout.isEmpty, "\(none.stdout)")
    #expect(none.stderr.contains("no accounts match --owner nobody@example.org"), "\(none.stderr)")

    // sync records the account id in the vended address's mapping, creates nothing without --create-missing.
    let sync = try h.cli.run(["accounts", "sync"])
    #expect(sync.status == 0, "\(sync.stderr)")
    let mapping = try h.mappings().first { $0.accountEmail == vended }
    let accountID = try await orgs.listAllAccounts().first { $0.email == vended }?.id
    #expect(mapping?.accountId == accountID && accountID != nil)
    #expect(try h.mappings().count == 2)
    #expect(try h.cli.run(["accounts", "sync", "--create-missing", "--owner", "team@corp.example.org"]).status == 0)
    #expect(try h.mappings().contains { $0.accountEmail == "root+unknown00001@aws.example.com" })
  }
}
