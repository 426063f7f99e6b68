import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// `accounts adopt` as a user runs it: the real binary against moto behind the model proxy,
/// which sends the code mail into the bucket; the binary reads it with `mail fetch`.
@Suite(.serialized) struct AdoptEndToEndTests {
  typealias H = AccountsHarness

  /// A code mail as the proxy writes it, to `address` about `accountID`, with `code`, whose
  /// authentication results say `trusted` or a forgery.
  static func codeMail(to address: String, accountID: String, code: String, trusted: Bool) throws -> String {
    var text = try String(contentsOfFile: RootmailCLI.fixturesFolder + "/mail/primary-email-otp.eml", encoding: .utf8)
      .replacingOccurrences(of: "root+5e6f7a8b9c0d@aws.example.com", with: address)
      .replacingOccurrences(of: "K7Q2ZB", with: code)
      .replacingOccurrences(of: "ending in 4321", with: "ending in \(accountID.suffix(4))")
    if !trusted {
      text = text.replacingOccurrences(
        of: "dkim=pass header.i=@verify.signin.aws; dkim=pass header.i=@amazonses.com; dmarc=pass",
        with: "dkim=fail header.i=@verify.signin.aws; dmarc=fail"
      ).replacingOccurrences(of: "spf=pass", with: "spf=fail").replacingOccurrences(
        of: "Received-SPF: pass", with: "Received-SPF: fail")
    }
    return text
  }

  @Test func oneAccountMovesOntoAVendedAddress() async throws {
    let h = try await H(server: H.adoptServer, members: 1)
    let member = h.members[0]
    // With --debug: every request and response is logged, and still the code is nowhere.
    let result = try h.cli.run(
      [
        "accounts", "adopt", "--account-id", member.id, "--owner", "team@corp.example.org", "--yes", "--code-timeout", "10m",
        "--debug",
      ], timeout: 900)
    #expect(result.status == 0, "\(result.stderr)")
    let mapping = try #require(try h.mappings(of: member.id).first)
    #expect(try h.mappings(of: member.id).count == 1)
    #expect(mapping.accountEmail.hasPrefix("root+") && mapping.accountEmail.hasSuffix("@aws.example.com"))
    #expect(mapping.status == "ACCOUNT-ADOPTED" && mapping.accountId == member.id)
    #expect(mapping.tags["PreviousRootEmail"] == member.email && mapping.tags["AdoptedAt"] != nil)
    #expect(mapping.tags["AdoptingAccountId"] == nil)
    #expect(try await h.moto.acceptedPrimaryEmails()[member.id] == mapping.accountEmail)
    // Progress per step, and the code nowhere.
    for step in ["vended", "waiting for the code mail", "accepting the update", "moved"] {
      #expect(result.stderr.contains(step), "no \(step) line: \(result.stderr)")
    }
    let codes = try await h.codes()
    #expect(!codes.isEmpty)
    for code in codes { #expect(!result.stdout.contains(code) && !result.stderr.contains(code)) }

    // Run again: nothing more happens, and nothing is vended twice.
    let again = try h.cli.run(["accounts", "adopt", "--account-id", member.id, "--owner", "team@corp.example.org", "--yes"])
    #expect(again.status == 0, "\(again.stderr)")
    #expect(again.stderr.contains("already"))
    #expect(try h.mappings().count == 1)
    #expect(try await h.successfulCalls("account:AcceptPrimaryEmailUpdate")[member.id] == 1)

    // list --primary-email now shows it vended, with its owner.
    let list = try h.cli.run(["accounts", "list", "--primary-email", "--output", "json"])
    #expect(list.status == 0, "\(list.stderr)")
    #expect(!list.stderr.contains("warning"), "\(list.stderr)")
    let row = try JSONValue.parse(list.stdout)["accounts"]?.arrayValue?.first { $0["id"]?.stringValue == member.id }
    #expect(row?["vended"]?.boolValue == true && row?["owner"]?.stringValue == "team@corp.example.org")
    // The code mail is the account's newest root mail.
    #expect(row?["newest_mail"]?["subject"]?.stringValue == "AWS email address verification")
  }

  @Test func dryRunChangesNothing() async throws {
    let h = try await H(server: H.adoptServer, members: 1)
    let member = h.members[0]
    let result = try h.cli.run(["accounts", "adopt", "--account-id", member.id, "--owner", "team@corp.example.org", "--dry-run"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("would move the root email from \(member.email) to root+"), "\(result.stderr)")
    #expect(result.stdout.contains("would move"))
    #expect(try h.mappings().isEmpty)
    #expect(try await h.successfulCalls("account:StartPrimaryEmailUpdate").isEmpty)
  }

  /// Account names are the organization's, and a member account's admin can change its own: a
  /// name starting with `-` reaches vend as the name (it was read as an option: `-sandbox` failed
  /// the vend, and `--config=<file>` made vend read that config file).
  @Test func anAccountNameReachesVendAsANameOnly() async throws {
    let h = try await H(server: H.adoptServer, members: 1)
    let orgs = h.moto.client().organizations
    for name in ["-sandbox", "--config=/nonexistent/evil.toml"] {
      _ = try await orgs.createAccount(email: "named\(name.count)@corp.example.org", name: name)
      let id = try #require(try await orgs.listAllAccounts().first { $0.name == name }?.id)
      let result = try h.cli.run(
        ["accounts", "adopt", "--account-id", id, "--owner", "team@corp.example.org", "--strategy", "name", "--dry-run"],
        extraEnvironment: ["ROOTMAIL_ACCOUNT_TYPE": "IT"])
      #expect(!result.stderr.contains("Missing value") && !result.stderr.contains("evil.toml does not exist"), "\(result.stderr)")
      guard name == "-sandbox" else { continue }
      #expect(result.status == 0, "\(result.stderr)")
      #expect(result.stderr.contains("to -sandbox@aws.example.com"), "\(result.stderr)")
      // And the whole way: vend, the code mail read (mail list --to=<address>), the update accepted.
      let adopted = try h.cli.run(
        [
          "accounts", "adopt", "--account-id", id, "--owner", "team@corp.example.org", "--strategy", "name", "--yes",
          "--code-timeout", "10m",
        ], extraEnvironment: ["ROOTMAIL_ACCOUNT_TYPE": "IT"], timeout: 900)
      #expect(adopted.status == 0, "\(adopted.stderr)")
      #expect(try await h.moto.acceptedPrimaryEmails()[id] == "-sandbox@aws.example.com")
    }
  }

  @Test func usageErrors() async throws {
    let h = try await H(server: H.adoptServer, members: 1)
    for (arguments, message) in [
      (["accounts", "adopt", "--yes"], "give --account-id or --from-file"),
      (["accounts", "adopt", "--from-file", "-", "--yes"], "needs --state-file"),
      (["accounts", "adopt", "--account-id", "1234\u{1b}[31m", "--yes"], "\\u{1b}"),
    ] {
      let result = try h.cli.run(arguments)
      #expect(result.status == 64 || result.status == 65, "\(arguments): \(result.status)")
      #expect(result.stderr.contains(message) && !result.stderr.contains("\u{1b}"), "\(result.stderr)")
    }
    // A mistyped time is named first, before the missing --account-id.
    let time = try h.cli.run(["accounts", "adopt", "--code-timeout", "1e3", "--yes"])
    #expect(time.status == 64 && time.stderr.contains("invalid --code-timeout \"1e3\": must be whole seconds"), "\(time.stderr)")
  }

  @Test func withoutABucketNothingStarts() async throws {
    let h = try await H(server: H.adoptServer, members: 1)
    let member = h.members[0]
    let result = try h.cli.run(
      ["accounts", "adopt", "--account-id", member.id, "--owner", "team@corp.example.org", "--yes"],
      extraEnvironment: ["ROOTMAIL_BUCKET": ""])
    #expect(result.status == 78, "\(result.stderr)")
    #expect(result.stderr.contains("bucket is not set"))
    #expect(try await h.successfulCalls("account:StartPrimaryEmailUpdate").isEmpty)
  }

  /// A forged code mail arrives while adopt waits, then AWS's: the forgery is named and
  /// ignored, the genuine code is used. (The proxy's own delivery is off, so the test decides
  /// what arrives, after the update started: the genuine mail carries the code the proxy sent.)
  @Test func aSpoofedCodeMailIsNamedAndIgnored() async throws {
    let h = try await H(server: H.adoptServer, members: 1, deliver: false)
    let member = h.members[0]
    let address = "root+spoofcheck01@aws.example.com"
    let running = try h.cli.start(
      [
        "accounts", "adopt", "--account-id", member.id, "--owner", "team@corp.example.org", "--email", address, "--yes",
        "--code-timeout", "10m",
      ], timeout: 900)
    var sent: SentPrimaryEmailCode?
    while sent == nil && running.process.isRunning {
      try await Task.sleep(for: .milliseconds(100))
      sent = try await h.moto.sentPrimaryEmailCodes().first { $0.accountID == member.id }
    }
    let code = try #require(sent?.code)
    let s3 = h.moto.client().s3
    let spoofed = try Self.codeMail(to: address, accountID: member.id, code: "AAAAAA", trusted: false)
    try await s3.putObject(h.bucket, key: "RootMail/spoofed-code-mail", body: Array(spoofed.utf8))
    try await Task.sleep(for: .seconds(1))  // S3 times are whole seconds: the genuine mail is newer
    let genuine = try Self.codeMail(to: address, accountID: member.id, code: code, trusted: true)
    try await s3.putObject(h.bucket, key: "RootMail/genuine-code-mail", body: Array(genuine.utf8))
    let result = running.wait()
    #expect(result.status == 0, "\(result.stderr)")
    let spoofedID = MailID.make(key: "RootMail/spoofed-code-mail")
    #expect(result.stderr.contains("mail \(spoofedID) to \(address) ignored: it claims an AWS sender"), "\(result.stderr)")
    for text in ["AAAAAA", code] { #expect(!result.stderr.contains(text) && !result.stdout.contains(text)) }
    #expect(try await h.moto.acceptedPrimaryEmails()[member.id] == address)
    // Only the genuine code was offered: one accept, and it succeeded.
    #expect(try await h.successfulCalls("account:AcceptPrimaryEmailUpdate")[member.id] == 1)
  }
}

/// Each error adopt names, with its fix and exit status.
@Suite(.serialized) struct AdoptErrorTests {
  typealias H = AccountsHarness

  func adopt(_ h: H, _ id: String, _ extra: [String] = []) throws -> RootmailCLI.Result {
    try h.cli.run(
      ["accounts", "adopt", "--account-id", id, "--owner", "team@corp.example.org", "--yes"] + extra, timeout: 900)
  }

  @Test func anAddressInUseIsAConflict() async throws {
    let h = try await H(server: H.errorServer, members: 1)
    _ = try await h.moto.client().organizations.createAccount(email: "root+takenalready@aws.example.com", name: "taken")
    let result = try adopt(h, h.members[0].id, ["--email", "root+takenalready@aws.example.com"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("ConflictException: root+takenalready@aws.example.com is already in use"), "\(result.stderr)")
    #expect(result.stderr.contains("hint: choose another address"))
  }

  @Test func anOrganizationWithoutAllFeaturesIsNamed() async throws {
    let h = try await H(server: H.errorServer, members: 1, featureSet: "CONSOLIDATED_BILLING")
    let result = try adopt(h, h.members[0].id)
    #expect(result.status == 78)
    #expect(result.stderr.contains("OrganizationNotInAllFeaturesMode"), "\(result.stderr)")
    #expect(result.stderr.contains("aws organizations enable-all-features"))
  }

  @Test func missingTrustedAccessIsNamedWithTheCommand() async throws {
    let h = try await H(server: H.errorServer, members: 1, trustedAccess: false)
    let result = try adopt(h, h.members[0].id)
    #expect(result.status == 78)
    #expect(result.stderr.contains("TrustedAccessNotEnabled"), "\(result.stderr)")
    #expect(
      result.stderr.contains("aws organizations enable-aws-service-access --service-principal account.amazonaws.com"))
  }

  @Test func theManagementAccountIsRefused() async throws {
    let h = try await H(server: H.errorServer, members: 1)
    let result = try adopt(h, h.management)
    #expect(result.status == 65)
    #expect(result.stderr.contains("ManagementAccount: \(h.management) is the management account"), "\(result.stderr)")
    #expect(try h.mappings().isEmpty)
  }

  @Test func noCodeWithinTheTimeoutStartsOnceMoreThenFails() async throws {
    let h = try await H(server: H.errorServer, members: 1, deliver: false)
    let id = h.members[0].id
    let result = try adopt(h, id, ["--code-timeout", "3s"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("starting once more"), "\(result.stderr)")
    #expect(result.stderr.contains("NoVerificationCode"), "\(result.stderr)")
    #expect(try await h.successfulCalls("account:StartPrimaryEmailUpdate")[id] == 2)
    #expect(try await h.successfulCalls("account:AcceptPrimaryEmailUpdate")[id] == nil)
    // The address stays recorded for the account: a rerun uses it, not a new one.
    #expect(try h.mappings(of: id).count == 1)
    _ = try adopt(h, id, ["--code-timeout", "1s"])
    #expect(try h.mappings().count == 1)
  }

  /// AWS refuses the code twice (a wrong code arrives after each start): adopt starts once
  /// more after the first refusal, then gives up.
  @Test func aRefusedCodeStartsAgainOnceThenFails() async throws {
    let h = try await H(server: H.errorServer, members: 1, deliver: false)
    let id = h.members[0].id
    let address = "root+refusedcode1@aws.example.com"
    let running = try h.cli.start(
      ["accounts", "adopt", "--account-id", id, "--owner", "team@corp.example.org", "--yes", "--email", address],
      timeout: 900)
    for (n, code) in ["ZZZZZZ", "YYYYYY"].enumerated() {
      // After start number n + 1, a trusted mail with a code AWS did not send.
      while try await h.moto.sentPrimaryEmailCodes().filter({ $0.accountID == id }).count <= n && running.process.isRunning {
        try await Task.sleep(for: .milliseconds(100))
      }
      let mail = try AdoptEndToEndTests.codeMail(to: address, accountID: id, code: code, trusted: true)
      try await h.moto.client().s3.putObject(h.bucket, key: "RootMail/wrong-code-\(n)", body: Array(mail.utf8))
    }
    let result = running.wait()
    #expect(result.status == 1)
    #expect(result.stderr.contains("AWS refused the code (ValidationException); starting again"), "\(result.stderr)")
    #expect(result.stderr.contains("VerificationCodeRefused"), "\(result.stderr)")
    #expect(try await h.successfulCalls("account:StartPrimaryEmailUpdate")[id] == 2)
  }
}
