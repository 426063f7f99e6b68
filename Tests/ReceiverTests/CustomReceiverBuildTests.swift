import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// A user's receiver plugin built outside the repository: rootmail installed under a prefix
/// (scripts/install.sh from this build, as `make install` does from a release build), then
/// exactly the commands of docs/receivers.md's "Write your own receiver", run by bash in an empty
/// folder against moto: the installed `rootmail` loads the plugin, lists its receiver and runs
/// it on the mail `mail fetch` brings in.
@Suite struct CustomReceiverBuildTests {
  /// The shell block of the docs/receivers.md section "Write your own receiver" (the one in "In
  /// Swift: a plugin": the block that starts with `cp "$PREFIX/share/rootmail/examples`).
  static func documentedCommands() throws -> String {
    let page = try String(contentsOfFile: RootmailCLI.repositoryRoot + "/docs/receivers.md", encoding: .utf8)
    let section = try #require(page.range(of: "## Write your own receiver"), "docs/receivers.md has no such section")
    var rest = page[section.upperBound...]
    while let start = rest.range(of: "```sh\n") {
      let body = rest[start.upperBound...]
      let end = try #require(body.range(of: "```"), "unclosed code block")
      let block = String(body[..<end.lowerBound])
      if block.hasPrefix("cp \"$PREFIX/share/rootmail/examples") { return block }
      rest = body[end.upperBound...]
    }
    throw CLIError("the docs/receivers.md section has no block of build commands")
  }

  @Test func documentedCommandsBuildAndInstallAReceiverTheInstalledHostLoads() async throws {
    let commands = try Self.documentedCommands()
    let lines = commands.split(separator: "\n").filter { !$0.isEmpty && !$0.hasPrefix("#") }
    #expect(lines.count <= 5, "docs/receivers.md promises at most 5 commands")

    let moto = try MotoServer.shared()
    let bucket = "rootmail-custom-\(UInt32.random(in: 0...UInt32.max))"
    try await moto.client().s3.createBucket(bucket)
    // An ordinary mail, AWS's genuine reset mail (SES authenticated it) to a named account, and
    // an unauthenticated look-alike reset mail to a uuid address whose mapping has no name.
    let mails = [
      ("custom-mail", RootmailCLI.fixturesFolder + "/mail/custom-mail.eml"),
      ("password-reset-mail", RootmailCLI.fixturesFolder + "/mail/password-reset-mail.eml"),
      ("reset-genuine", RootmailCLI.repositoryRoot + "/Tests/MailTests/Mails/09-reset-genuine.eml"),
    ]
    for (name, path) in mails {
      try await moto.client().s3.putObject(
        bucket, key: "RootMail/" + name, body: Array(try Data(contentsOf: URL(fileURLWithPath: path))))
    }
    let genuine = try String(
      contentsOfFile: RootmailCLI.repositoryRoot + "/Tests/MailTests/Mails/09-reset-genuine.eml", encoding: .utf8)
    try await moto.client().s3.putObject(
      bucket, key: "RootMail/reset-uuid",
      body: Array(genuine.replacingOccurrences(of: "root+0a1b2c3d4e5f@", with: "root+ffffffffffff@").utf8))
    var cli = try RootmailCLI(extra: moto.environment().merging(["ROOTMAIL_BUCKET": bucket]) { $1 })
    let mappings = [
      #"{"AccountEmail": "root+0a1b2c3d4e5f@aws.example.com", "OwnerAddress": "team@example.com", "AccountName": "fin-ledger-prod", "Enum": "001", "AccountType": "IT"}"#,
      #"{"AccountEmail": "user@example.com", "OwnerAddress": "team@example.com", "AccountName": "", "Enum": "", "AccountType": "IT"}"#,
      #"{"AccountEmail": "root+ffffffffffff@aws.example.com", "OwnerAddress": "ops@example.com", "AccountName": "", "Enum": "", "AccountType": "IT"}"#,
    ]
    let imported = try cli.run(["mappings", "import", "-", "--format", "jsonl"], input: mappings.joined(separator: "\n") + "\n")
    try #require(imported.status == 0, "\(imported.stderr)")
    // The mail is cached before the receiver exists, as it is for a user adding one later.
    let fetched = try cli.run(["mail", "fetch"])
    try #require(fetched.status == 0, "\(fetched.stderr)")

    // rootmail installed under a prefix, from this build.
    let prefix = cli.home.path + "/prefix"
    let install = try RootmailCLI.run(
      "/bin/bash",
      ["-c", "cd \"$0\" && scripts/install.sh \"$1\" \"$2\"", RootmailCLI.repositoryRoot, prefix, RootmailCLI.buildFolder])
    try #require(install.status == 0, "\(install.stderr)")
    // A configured rootmail (here through the environment: bucket, region, endpoint).
    try cli.write("# rootmail, configured\n", to: "config/rootmail/config.toml")
    cli.environment["PREFIX"] = prefix
    cli.environment["PATH"] = prefix + "/bin:" + (cli.environment["PATH"] ?? "/usr/bin:/bin")

    // The documented commands, in an empty folder.
    let work = try cli.home.makeFolder("work")
    let run = try RootmailCLI.run(
      "/bin/bash", ["-c", "set -euo pipefail\ncd \"$0\"\n" + commands, work], environment: cli.environment,
      timeout: 600)
    #expect(run.status == 0, "stdout: \(run.stdout)\nstderr: \(run.stderr)")
    let plugin = cli.home.path + "/data/rootmail/plugins/libRootmailPluginCustomReceiver.so"
    #expect(FileManager.default.fileExists(atPath: plugin))

    // `mail receive` ran the receiver on the cached mails: a line each in the log, and the
    // account of the genuine password-reset mail on stderr — not the look-alike's.
    let log = try String(contentsOfFile: work + "/mail.log", encoding: .utf8)
    let rows = log.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    #expect(rows.count == 4, "\(log)")
    let byID = Dictionary(rows.map { ($0.count > 1 ? $0[1] : "", $0) }) { a, _ in a }
    let reset = try #require(byID[MailID.make(key: "RootMail/reset-genuine")], "\(log)")
    #expect(
      Array(reset.dropFirst(2)) == [
        "password-reset", "root+0a1b2c3d4e5f@aws.example.com", "fin-ledger-prod-001",
        "Amazon Web Services Password Assistance",
      ])
    let other = try #require(byID[MailID.make(key: "RootMail/custom-mail")], "\(log)")
    #expect(other.count == 6 && other[2] == "other" && other[4] == "")
    #expect(run.stderr.contains("mail-log: password reset mail for fin-ledger-prod-001"), "\(run.stderr)")
    #expect(!run.stderr.contains("user@example.com"), "an unauthenticated reset mail was announced: \(run.stderr)")
    #expect(!run.stderr.contains("unknown"), "\(run.stderr)")
    // A uuid address's mapping has no account name: named by its address and owner.
    #expect(
      run.stderr.contains("mail-log: password reset mail for root+ffffffffffff@aws.example.com, owner ops@example.com"),
      "\(run.stderr)")

    // A receiver that succeeded never runs again on the same mail.
    let again = try cli.run(
      ["mail", "receive", "--all"], extraEnvironment: ["ROOTMAIL_RECEIVERS": "mail-log"], binary: prefix + "/bin/rootmail")
    #expect(again.status == 0, "\(again.stderr)")
    #expect(try String(contentsOfFile: work + "/mail.log", encoding: .utf8) == log)

    // The installed host lists it, with its receiver, from the user's plugin folder.
    let list = try cli.run(["plugins", "list", "-o", "json"], binary: prefix + "/bin/rootmail")
    #expect(list.status == 0, "\(list.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any])
    let plugins = try #require(json["plugins"] as? [[String: Any]])
    let custom = try #require(plugins.first { $0["name"] as? String == "CustomReceiver" }, "\(list.stdout)")
    #expect(custom["path"] as? String == plugin)
    #expect(custom["receivers"] as? [String] == ["mail-log"])
    #expect((json["refused"] as? [Any])?.isEmpty == true, "\(list.stdout)")
  }
}
