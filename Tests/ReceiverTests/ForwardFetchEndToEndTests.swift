import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// The three receivers as a user runs them: `rootmail mail fetch` (the real binary, the
/// Receivers plugin found through the plugin index) with `receivers = reset-link, forward,
/// opsitem` on a bucket of mail in moto; CreateOpsItem is answered by the model proxy's stand-in
/// in front of moto (Tests/Support/model_proxy.py), every other SSM call by moto.
@Suite struct ForwardFetchEndToEndTests {
  typealias H = BuiltinReceiverHarness

  @Test func fetchRunsResetLinkForwardAndOpsItemOnEveryNewMail() async throws {
    let moto = try H.moto()
    let domain = H.unique("e2e") + ".example"
    let alias = H.unique("e").replacingOccurrences(of: "-", with: "")
    let spoofedAlias = H.unique("s").replacingOccurrences(of: "-", with: "")
    let bucket = H.unique("mail")
    let s3 = moto.client().s3
    try await s3.createBucket(bucket)
    func upload(_ file: String, _ key: String, alias: String? = nil) async throws {
      var text = String(decoding: try H.bytes(file), as: UTF8.self)
      if let alias { text = text.replacingOccurrences(of: "root+0a1b2c3d4e5f@", with: "root+\(alias)@") }
      try await s3.putObject(bucket, key: "RootMail/" + key, body: Array(text.utf8))
    }
    try await upload(H.testMails + "/09-reset-genuine.eml", "reset", alias: alias)
    try await upload(H.testMails + "/10-reset-spoofed.eml", "spoofed", alias: spoofedAlias)
    try await upload(H.fixtures + "/custom-mail.eml", "custom")
    try await upload(H.fixtures + "/ops-item-mail.eml", "ops")

    let cli = try H.cli(settings: [
      "receivers": "reset-link,forward,opsitem", "bucket": bucket, "address_from": "rootmail@\(domain)",
      "address_admin": "admin@\(domain)",
    ])
    let owner = "owner@\(domain)"
    try await H.verify(["rootmail@\(domain)", "admin@\(domain)"])
    try await H.context(cli).store().insert(
      MappingRecord(accountEmail: "root+test@aws.mavogel.xyz", ownerAddress: owner, accountName: "e2e", accountType: "IT"))

    let fetch = try cli.run(["mail", "fetch"])
    #expect(fetch.status == 0, "\(fetch.stderr)")
    #expect(!fetch.stderr.contains("GENUINE-TOKEN"))

    // reset-link: the genuine link in SSM, nothing for the spoofed mail.
    let link = try cli.run(["mail", "reset-link", "--from-ssm", "--account", "root+\(alias)@aws.example.com"])
    #expect(link.stdout == ResetLinkReceiverTests.genuineLink + "\n", "\(link.stderr)")
    #expect(try cli.run(["mail", "reset-link", "--from-ssm", "--account", "root+\(spoofedAlias)@aws.example.com"]).status == 1)

    // forward: the known account's mail to its owner, the rest (reset mails, the fixture's
    // user@example.com) to the admin.
    let toOwner = try await H.sent(to: owner)
    #expect(toOwner.count == 1)
    let forwarded = String(decoding: toOwner.first?.raw ?? [], as: UTF8.self)
    #expect(forwarded.contains("Subject: This is Test 2"))
    #expect(try await H.sent(to: "admin@\(domain)").count == 3)

    // opsitem: the two ordinary mails, valid per botocore's model; none for the reset mails.
    let body = try await moto.server.request("GET", "/model-proxy/ssm/opsitems").body
    let all = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [[String: Any]])
    // This test's items (the server is shared): those naming its bucket.
    let items = all.filter {
      let data = ($0["body"] as? [String: Any])?["OperationalData"] as? [String: [String: String]]
      return data?["/aws/resources"]?["Value"]?.contains("arn:aws:s3:::\(bucket)/") == true
    }
    let titles = items.compactMap { ($0["body"] as? [String: Any])?["Title"] as? String }.sorted()
    #expect(titles == ["A random mail to create an ops item", "This is Test 2"])
    #expect(items.allSatisfy { ($0["errors"] as? [String])?.isEmpty == true })

    // A second fetch finds nothing new and runs nothing again.
    let again = try cli.run(["mail", "fetch"])
    #expect(again.status == 0, "\(again.stderr)")
    #expect(try await H.sent(to: owner).count == 1)
  }
}
