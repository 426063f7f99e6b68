import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailMIME
@_spi(RootmailHost) import RootmailTestSupport
import Testing

@testable import RootmailPluginAccounts

/// The pure parts of the accounts plugin: the code-mail rule, the accounts file, the state
/// file, the inventory join, sync's plan and the audit's findings.
struct VerificationCodeRuleTests {
  static let recipient = "root+5e6f7a8b9c0d@aws.example.com"
  static let trusted = ["amazon.com", "amazonaws.com", "aws"]

  static func fixture() throws -> String {
    try String(contentsOfFile: RootmailCLI.fixturesFolder + "/mail/primary-email-otp.eml", encoding: .utf8)
  }

  static func evaluate(_ text: String, recipient: String = recipient, account: String = "123456784321")
    -> VerificationCodeRule.Verdict
  {
    VerificationCodeRule.evaluate(
      MimeParser.parse(Array(text.utf8)), recipient: recipient, accountID: account, trustedDomains: trusted)
  }

  @Test func theCodeComesFromTheLineAfterTheMarker() throws {
    guard case .code(let code) = Self.evaluate(try Self.fixture()) else {
      Issue.record("the fixture's code was not taken")
      return
    }
    #expect(code.reveal() == "K7Q2ZB")
    // Interpolated anywhere, it hides itself.
    #expect("\(code)" == "[verification code]" && String(describing: code) == "[verification code]")
    #expect(!"\([code])".contains("K7Q2ZB"))
  }

  @Test func aSpoofedMailIsRefused() throws {
    let spoofed = try Self.fixture().replacingOccurrences(
      of: "dkim=pass header.i=@verify.signin.aws; dkim=pass header.i=@amazonses.com; dmarc=pass",
      with: "dkim=fail header.i=@verify.signin.aws; dmarc=fail"
    ).replacingOccurrences(of: "spf=pass (spfCheck", with: "spf=fail (spfCheck")
    guard case .refused(let why) = Self.evaluate(spoofed) else {
      Issue.record("a spoofed mail gave a code")
      return
    }
    #expect(why.contains("AWS sender") && !why.contains("K7Q2ZB"))
  }

  @Test func anotherRecipientOrAccountIsRefused() throws {
    guard case .refused(let to) = Self.evaluate(try Self.fixture(), recipient: "root+000000000000@aws.example.com") else {
      Issue.record("mail to another address gave a code")
      return
    }
    #expect(to.contains("not addressed to"))
    guard case .refused(let account) = Self.evaluate(try Self.fixture(), account: "123456789999") else {
      Issue.record("mail about another account gave a code")
      return
    }
    #expect(account.contains("ending in 4321"))
  }

  @Test func aCodeAnywhereElseIsNotTaken() throws {
    let moved = try Self.fixture().replacingOccurrences(of: "Your verification code is:", with: "Your code:")
    #expect(Self.evaluate(moved) == .refused("it has no \"Your verification code is:\" line"))
    let long = try Self.fixture().replacingOccurrences(of: "K7Q2ZB", with: "K7Q2ZBX")
    guard case .refused = Self.evaluate(long) else {
      Issue.record("seven characters were taken as a code")
      return
    }
    let two = try Self.fixture().replacingOccurrences(
      of: "<p style=\"font-size:24px;font-weight:bold\">K7Q2ZB</p>", with: "<p>AAAAAA</p>")
    // The text part wins; the HTML is read only without one.
    #expect(Self.evaluate(two) != .refused("it states more than one verification code"))
  }

  @Test func htmlOnlyMailIsReadToo() throws {
    let fixture = try Self.fixture()
    // Drop the text part.
    let start = fixture.range(of: "--otp-b1\nContent-Type: text/plain")!.lowerBound
    let end = fixture.range(of: "--otp-b1\nContent-Type: text/html")!.lowerBound
    var html = fixture
    html.removeSubrange(start..<end)
    guard case .code(let code) = Self.evaluate(html) else {
      Issue.record("the HTML part's code was not taken: \(Self.evaluate(html))")
      return
    }
    #expect(code.reveal() == "K7Q2ZB")
  }
}

struct AdoptInputTests {
  @Test func csvLinesBecomeTargets() throws {
    let text = """
      account_id,owner,strategy,email
      # a comment
      111111111111,a@example.com,uuid,

      222222222222
      333333333333,,name
      """
    let targets = try AdoptInput.parse(text, source: "accounts.csv")
    #expect(targets.map(\.accountID) == ["111111111111", "222222222222", "333333333333"])
    #expect(targets[0].owner == "a@example.com" && targets[0].strategy == .uuid && targets[0].email == nil)
    #expect(targets[2].owner == nil && targets[2].strategy == .name)
  }

  @Test(arguments: [
    ("12345,a@example.com", "line 1", "12 digits"),
    ("111111111111,a@example.com,guess", "strategy (accounts.csv line 1)", "uuid or name"),
    ("111111111111\n111111111111", "line 2", "listed twice"),
    ("111111111111,a,b,c,d", "line 1", "at most 4 fields"),
    ("111111111111,not an address", "owner (accounts.csv line 1)", "whitespace"),
  ])
  func badLinesAreNamed(text: String, field: String, rule: String) throws {
    do {
      _ = try AdoptInput.parse(text, source: "accounts.csv")
      Issue.record("accepted \(text)")
    } catch let error as CLIError {
      #expect(error.exitStatus == .dataError)
      #expect(error.message.contains(field) && error.message.contains(rule), "\(error.message)")
    }
  }
}

struct AdoptStateTests {
  @Test func theLastLineOfAnAccountWinsAndACutLineIsSkipped() {
    let text = """
      {"account":"111111111111","step":"vended","email":"root+a@aws.example.com","previous":"old@example.com"}
      {"account":"111111111111","step":"started"}
      {"account":"222222222222","step":"moved","email":"root+b@aws.example.com"}
      {"account":"111111111111","step":"mo
      """
    let entries = AdoptState.parse(text)
    #expect(entries["111111111111"] == .init(step: .started, email: "root+a@aws.example.com", previous: "old@example.com"))
    #expect(entries["222222222222"]?.step == .moved)
  }

  @Test func aStateFileAnotherUserCanWriteIsRefused() async throws {
    let path = NSTemporaryDirectory() + "/adopt-\(UUID().uuidString).state"
    FileManager.default.createFile(atPath: path, contents: Data())
    defer { try? FileManager.default.removeItem(atPath: path) }
    chmod(path, 0o666)
    await #expect(throws: CLIError.self) { try await AdoptState(path: path).open() }
    chmod(path, 0o600)
    chown(path, 65534, 65534)
    await #expect(throws: CLIError.self) { try await AdoptState(path: path).open() }
    // A link planted where the state file goes is not followed.
    let link = path + ".link"
    chown(path, 0, 0)
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: path)
    defer { try? FileManager.default.removeItem(atPath: link) }
    await #expect(throws: CLIError.self) { try await AdoptState(path: link).open() }
  }

  /// What `open` says when it refuses `path` (nil when it opened it).
  static func refusal(_ path: String) async -> String? {
    let state = AdoptState(path: path)
    do {
      try await state.open()
      await state.close()
      return nil
    } catch let error as CLIError {
      return error.message
    } catch {
      return "\(error)"
    }
  }

  /// A local user (nobody) against the state file root appends to, in a sticky shared folder
  /// like /tmp: a link planted on the way to it (root would create the file wherever it
  /// points, /etc/cron.d say), a hard link to a file of root's (possible where
  /// fs.protected_hardlinks is 0: root would append to that file), a FIFO, a file far too
  /// large. Each is refused before anything is written; root's own state file in such a
  /// folder, or in /tmp itself, still opens.
  @Test func aStateFileSomeoneElseCouldPlantIsRefused() async throws {
    let base = try TemporaryFolder()
    chmod(base.path, 0o755)
    let target = try base.makeFolder("target", mode: 0o755)
    let shared = try base.makeFolder("w", mode: 0o777)
    chmod(shared, 0o1777)

    let planted = shared + "/run"
    #expect(symlink(target, planted) == 0)
    lchown(planted, 65534, 65534)
    let throughLink = await Self.refusal(planted + "/accounts.csv.state")
    #expect(throughLink?.contains("the link \(planted) is owned by uid 65534") == true, "\(throughLink ?? "opened")")
    #expect(!FileManager.default.fileExists(atPath: target + "/accounts.csv.state"))

    let victim = try base.write("target/victim", "root:x:0:0\n", mode: 0o644)
    #expect(link(victim, shared + "/hard.state") == 0)
    let hard = await Self.refusal(shared + "/hard.state")
    #expect(hard?.contains("has 2 names") == true, "\(hard ?? "opened")")
    #expect(try String(contentsOfFile: victim, encoding: .utf8) == "root:x:0:0\n")

    #expect(mkfifo(shared + "/fifo.state", 0o666) == 0)
    chown(shared + "/fifo.state", 65534, 65534)
    let fifo = await Self.refusal(shared + "/fifo.state")
    #expect(fifo?.contains("not a regular file") == true, "\(fifo ?? "opened")")

    let big = try base.write("target/big.state", "", mode: 0o600)
    #expect(truncate(big, off_t(AdoptState.maximumSize + 1)) == 0)  // sparse: no disk used
    let huge = await Self.refusal(big)
    #expect(huge?.contains("more than the \(AdoptState.maximumSize)") == true, "\(huge ?? "opened")")

    for own in [shared + "/own.state", "/tmp//adopt-\(UUID().uuidString).state", target + "/own.state"] {
      let state = AdoptState(path: own)
      try await state.open()
      try await state.record("111111111111", .vended, email: "root+a@aws.example.com")
      await state.close()
      #expect(AdoptState.parse(try String(contentsOfFile: own, encoding: .utf8))["111111111111"]?.step == .vended)
      try FileManager.default.removeItem(atPath: own)
    }
  }

  /// A corrupted state file is read line by line: what does not parse as a step is skipped.
  @Test func aCorruptedStateFileKeepsOnlyItsWholeLines() {
    let lines = [
      #"{"account":"111111111111","step":"moved","email":"root+a@aws.example.com"}"#,
      String(decoding: [0x7b, 0xff, 0xfe, 0x22, 0x7d], as: UTF8.self),
      String(repeating: "[", count: 50_000),
      #"{"account":"222222222222","step":"moved","step":"teleported"}"#,
      #"{"account":"333333333333","step":"vended","at":1"# + String(repeating: "0", count: 10_000) + "}",
      #"{"account":"444444444444\u0000\u001b[2J","step":"moved"}"#,
      "\u{0}\u{1b}]0;owned\u{07}",
    ]
    let entries = AdoptState.parse(lines.joined(separator: "\n"))
    #expect(entries["111111111111"]?.step == .moved)
    #expect(entries["222222222222"] == nil)
    #expect(entries["333333333333"]?.step == .vended)
    #expect(entries.count == 3)  // the NUL and ESC account id is kept as a string no target can match
  }
}

struct InventoryTests {
  static func account(_ id: String, _ email: String) -> Organizations.Account {
    Organizations.Account(id: id, name: "acct-\(id.suffix(2))", email: email, status: "ACTIVE")
  }

  @Test func accountsMissingOnEitherSideAreNamed() {
    let accounts = [
      Self.account("111111111111", "root+aaaaaaaaaaaa@aws.example.com"),  // vended, mapped
      Self.account("222222222222", "someone@example.com"),  // not vended
      Self.account("333333333333", "root+cccccccccccc@aws.example.com"),  // ours, no mapping
    ]
    let mappings = [
      MappingRecord(
        accountEmail: "root+aaaaaaaaaaaa@aws.example.com", ownerAddress: "o@example.com", accountName: "", accountType: ""),
      MappingRecord(
        accountEmail: "root+dddddddddddd@aws.example.com", ownerAddress: "o@example.com", accountName: "", accountType: "",
        accountId: "444444444444"),
    ]
    var mail = AccountInventory.MailFacts()
    mail.add(.init(id: "aaaa00000001", receivedAt: 900, subject: "older"), recipients: ["root+aaaaaaaaaaaa@aws.example.com"])
    mail.add(.init(id: "aaaa00000002", receivedAt: 1000, subject: "newer"), recipients: ["root+aaaaaaaaaaaa@aws.example.com"])
    mail.add(.init(id: "aaaa00000003", receivedAt: 950, subject: "between"), recipients: ["root+aaaaaaaaaaaa@aws.example.com"])
    mail.resetPending.insert("root+aaaaaaaaaaaa@aws.example.com")
    let inventory = AccountInventory.build(
      accounts: accounts, primaryEmails: ["222222222222": "other@example.com"], mappings: mappings,
      receivingDomain: "aws.example.com", mail: mail)
    #expect(inventory.rows.map(\.vended) == [true, false, false])
    #expect(
      inventory.rows[0].owner == "o@example.com" && inventory.rows[0].resetLinkPending
        && inventory.rows[0].newestMail?.subject == "newer")
    #expect(inventory.table(now: 1060).rows[0][6] == "60 s ago: newer")
    #expect(inventory.rows[1].rootEmail == "other@example.com")
    #expect(inventory.storeOnly == [.init(email: "root+dddddddddddd@aws.example.com", accountID: "444444444444")])
    #expect(inventory.organizationOnly.map(\.id) == ["333333333333"])
    let plan = AccountsSyncCommand.plan(inventory, createMissing: true)
    #expect(plan.map(\.action) == [AccountsSyncCommand.recorded, AccountsSyncCommand.created])
    #expect(AccountsSyncCommand.plan(inventory, createMissing: false).map(\.accountID) == ["111111111111"])
  }
}

struct RootAuditTests {
  @Test func findingsAndTheirSeverity() {
    func audit(_ password: Bool, _ mfa: Int, _ keys: Int) -> RootAudit {
      RootAudit(
        accountID: "111111111111", name: "a",
        credentials: .init(
          password: password, mfaDevices: mfa, accessKeys: Array(repeating: "AKIA", count: keys), signingCertificates: 0))
    }
    #expect(audit(false, 0, 0).findings.isEmpty)
    #expect(audit(true, 1, 0).findings.map(\.kind) == ["password-with-central-management"])
    #expect(audit(true, 0, 0).findings.map(\.severity) == [.high, .info])
    #expect(audit(false, 0, 2).findings.map(\.kind) == ["root-access-keys"])
    #expect(audit(false, 0, 2).fails(at: .critical) && !audit(true, 0, 0).fails(at: .critical))
    #expect(audit(true, 0, 0).fails(at: .high) && !audit(true, 1, 0).fails(at: .high))
  }
}
