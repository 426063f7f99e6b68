import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// `rootmail doctor` against a healthy set-up on loopback (a DNS lab: moto with the hosted
/// zone, SES identity, bucket and rule set, nsd serving the zones; plus the stack `rootmail`,
/// deploy's state record, a config file and a mail index), then with one fault at a time: the
/// failing line names it.
@Suite(.serialized) struct DoctorTests {
  /// The healthy set-up and the binary aimed at it.
  final class Setup: Sendable {
    let lab: DNSLab
    let cli: RootmailCLI
    var configPath: String { cli.home.path + "/config/rootmail/config.toml" }
    var indexPath: String { cli.home.path + "/data/rootmail/mail-index.sqlite" }

    init() async throws {
      lab = try DNSLab()
      try await lab.setUpAWS()
      try await lab.start()
      let cfn = lab.client.cloudFormation
      let template = """
        {"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"Mail": {"Type": "AWS::S3::Bucket",
         "Properties": {"BucketName": "\(lab.bucket)-stack"}}}}
        """
      _ = try await cfn.createChangeSet(stack: "rootmail", name: "create", templateBody: template)
      try await cfn.executeChangeSet(stack: "rootmail", name: "create")
      cli = try RootmailCLI(
        extra: lab.moto.environment().merging(["AWS_REGION": lab.region, "ROOTMAIL_BUCKET": lab.bucket]) { $1 })
      try cli.write("domain = \"\(lab.domain)\"\nsubdomain = \"aws\"\n", to: "config/rootmail/config.toml")
      try await putState(done: true)
      // `mail fetch` of the (empty) bucket makes the mail index.
      let fetch = try cli.run(["mail", "fetch"])
      #expect(fetch.status == 0, "\(fetch.stderr)")
    }

    func putState(done: Bool) async throws {
      _ = try await lab.client.ssm.putParameter(
        "/rootmail/deploy/rootmail/state",
        value: #"{"entries":[{"key":"ses-identity","done":\#(done),"created":true}]}"#, overwrite: true)
    }

    func doctor(_ extra: [String] = [], environment: [String: String] = [:]) throws -> RootmailCLI.Result {
      try cli.run(
        ["doctor", "--resolver", lab.resolver, "--timeout", "30", "--output", "text"] + extra, extraEnvironment: environment,
        timeout: 300)
    }
  }

  /// The names of the ✗ lines.
  static func failing(_ result: RootmailCLI.Result) -> [String] {
    result.lines.filter { $0.hasPrefix("✗ ") }.compactMap { $0.dropFirst(2).split(separator: ":").first.map(String.init) }
  }

  static func line(_ result: RootmailCLI.Result, _ name: String) -> String {
    result.lines.first { $0.dropFirst(2).hasPrefix(name + ":") } ?? ""
  }

  @Test func healthySetUpIsAllGreenAndKeepsSecretsOut() async throws {
    let s = try await Setup()
    let result = try s.doctor()
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    let checks = result.lines.dropLast()
    #expect(checks.allSatisfy { $0.hasPrefix("✓ ") }, "\(result.stdout)")
    for name in ["config", "plugins", "credentials", "store", "bucket", "mail index", "receivers", "dns", "deploy"] {
      #expect(Self.line(result, name).hasPrefix("✓ "), "\(name): \(result.stdout)")
    }
    #expect(result.lines.last == "all \(checks.count) checks passed")
    #expect(!(result.stdout + result.stderr).contains("test-secret-key-for-moto"))

    let json = try s.cli.run(["doctor", "--resolver", s.lab.resolver, "--output", "json"], timeout: 150)
    #expect(json.status == 0, "\(json.stderr)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    #expect(object["ok"] as? Bool == true)
    let list = try #require(object["checks"] as? [[String: String]])
    #expect(list.count == checks.count)
    #expect(list.allSatisfy { $0["status"] == "ok" && $0["line"] != nil && $0["name"] != nil }, "\(list)")
  }

  @Test func eachFaultFailsTheLineThatNamesIt() async throws {
    let s = try await Setup()

    // A config file others may write: doctor still runs (without it) and names it.
    chmod(s.configPath, 0o666)
    var result = try s.doctor()
    #expect(result.status == 1)
    #expect(Self.failing(result) == ["config"], "\(result.stdout)")
    #expect(Self.line(result, "config").contains("writable by group or others"), "\(result.stdout)")
    chmod(s.configPath, 0o600)

    // A refused plugin: a plugin folder holding a file that is no library.
    let plugins = try TemporaryFolder(prefix: "rootmail-doctor-plugins")
    chmod(plugins.path, 0o755)
    try plugins.write("libRootmailPluginBroken.so", "not an ELF file\n", mode: 0o755)
    result = try s.doctor(environment: ["ROOTMAIL_PLUGIN_PATH": plugins.path])
    #expect(result.status == 1)
    #expect(Self.failing(result) == ["plugins"], "\(result.stdout)")
    #expect(Self.line(result, "plugins").contains("libRootmailPluginBroken.so"), "\(result.stdout)")

    // No credentials at all.
    var noKeys = s.cli
    noKeys.environment["AWS_ACCESS_KEY_ID"] = nil
    noKeys.environment["AWS_SECRET_ACCESS_KEY"] = nil
    result = try noKeys.run(["doctor", "--resolver", s.lab.resolver, "--output", "text"], timeout: 150)
    #expect(result.status == 1)
    #expect(Self.failing(result).contains("credentials"), "\(result.stdout)")
    #expect(Self.line(result, "credentials").contains("no AWS credentials"), "\(result.stdout)")

    // A dead endpoint: every AWS check fails, within the time doctor allows (two minutes of
    // margin for a busy machine), naming it.
    let started = Date()
    result = try s.doctor(["--timeout", "20"], environment: ["AWS_ENDPOINT_URL": "http://127.0.0.1:9"])
    let took = Date().timeIntervalSince(started)
    #expect(took < 20 + 120, "took \(took) s")
    #expect(result.status == 1)
    #expect(Self.line(result, "credentials").hasPrefix("✗ ") && Self.line(result, "credentials").contains("127.0.0.1:9"))
    #expect(Self.line(result, "bucket").hasPrefix("✗ ") && Self.line(result, "deploy").hasPrefix("✗ "), "\(result.stdout)")

    // A store whose folder is a file.
    try s.cli.write("", to: "blocker")
    result = try s.doctor(environment: ["ROOTMAIL_STORE": "sqlite:" + s.cli.home.path + "/blocker/rootmail.sqlite"])
    #expect(result.status == 1)
    #expect(Self.failing(result) == ["store"], "\(result.stdout)")
    #expect(Self.line(result, "store").contains("blocker is not a folder"), "\(result.stdout)")

    // A bucket that does not exist.
    result = try s.doctor(environment: ["ROOTMAIL_BUCKET": s.lab.bucket + "-missing"])
    #expect(result.status == 1)
    #expect(Self.failing(result).contains("bucket"), "\(result.stdout)")
    #expect(Self.line(result, "bucket").contains("\(s.lab.bucket)-missing does not exist"), "\(result.stdout)")

    // A receiver no plugin declares.
    result = try s.doctor(environment: ["ROOTMAIL_RECEIVERS": "reset-link,no-such-receiver"])
    #expect(result.status == 1)
    #expect(Self.failing(result) == ["receivers"], "\(result.stdout)")
    #expect(Self.line(result, "receivers").contains("unknown receiver \"no-such-receiver\""), "\(result.stdout)")

    // A receiver its settings cannot make (forward without address_from): the fix says how.
    result = try s.doctor(environment: ["ROOTMAIL_RECEIVERS": "reset-link,forward", "ROOTMAIL_ADDRESS_ADMIN": "a@x.example"])
    #expect(Self.failing(result) == ["receivers"], "\(result.stdout)")
    #expect(Self.line(result, "receivers").contains("receiver forward: address_from is not set"), "\(result.stdout)")
    let fix = result.lines.drop { !$0.dropFirst(2).hasPrefix("receivers:") }.dropFirst().first ?? ""
    #expect(fix == "    fix: rootmail config set address_from <value>, or set ROOTMAIL_ADDRESS_FROM", "\(result.stdout)")
    // With neither address set, both are named at once.
    result = try s.doctor(environment: ["ROOTMAIL_RECEIVERS": "reset-link,forward"])
    #expect(
      Self.line(result, "receivers").contains("receiver forward: address_from and address_admin are not set"),
      "\(result.stdout)")

    // Deploy's state record with a change begun and not finished.
    try await s.putState(done: false)
    result = try s.doctor()
    #expect(result.status == 1)
    #expect(Self.failing(result) == ["deploy"], "\(result.stdout)")
    #expect(Self.line(result, "deploy").contains("begun, not finished: ses-identity"), "\(result.stdout)")
    try await s.putState(done: true)

    // A corrupt mail index: every page after the first overwritten.
    let original = try Data(contentsOf: URL(fileURLWithPath: s.indexPath))
    var damaged = original
    for i in 4096..<damaged.count { damaged[i] = 0xA5 }
    try damaged.write(to: URL(fileURLWithPath: s.indexPath))
    result = try s.doctor()
    #expect(result.status == 1)
    #expect(Self.failing(result) == ["mail index"], "\(result.stdout)")
    #expect(Self.line(result, "mail index").contains("is damaged"), "\(result.stdout)")
    #expect(result.stdout.contains("fix: move it aside"))
    try original.write(to: URL(fileURLWithPath: s.indexPath))

    // A damaged page only SQLite's quick check reads: the root of one index of the mail table.
    let damage = try TestPython.sqlite(["damage-index", s.indexPath, "mail_receive_due"])
    #expect(damage.status == 0, "\(damage.stderr)")
    result = try s.doctor()
    #expect(result.status == 1)
    #expect(Self.failing(result) == ["mail index"], "\(result.stdout)")
    #expect(Self.line(result, "mail index").contains("is damaged: quick_check: Page "), "\(result.stdout)")
    try original.write(to: URL(fileURLWithPath: s.indexPath))

    // All faults undone: green again.
    result = try s.doctor()
    #expect(result.status == 0, "\(result.stdout)")
  }
}
