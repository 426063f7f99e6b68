import Foundation
import RootmailKit
import RootmailTestSupport
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
    for name in ["custom-mail", "password-reset-mail"] {
      let raw = Array(try Data(contentsOf: URL(fileURLWithPath: RootmailCLI.fixturesFolder + "/mail/\(name).eml")))
      try await moto.client().s3.putObject(bucket, key: "RootMail/" + name, body: raw)
    }
    var cli = try RootmailCLI(extra: moto.environment().merging(["ROOTMAIL_BUCKET": bucket]) { $1 })
    let mapping =
      #"{"AccountEmail": "user@example.com", "OwnerAddress": "team@example.com", "AccountName": "fin-ledger-prod", "Enum": "001", "AccountType": "IT"}"#
    let imported = try cli.run(["mappings", "import", "-", "--format", "jsonl"], input: mapping + "\n")
    try #require(imported.status == 0, "\(imported.stderr)")

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

    // `mail fetch` ran the receiver on both mails: a line each in the log, and the account of
    // the password-reset mail on stderr.
    let log = try String(contentsOfFile: work + "/mail.log", encoding: .utf8)
    let rows = log.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    #expect(rows.count == 2, "\(log)")
    let byID = Dictionary(rows.map { ($0.count > 1 ? $0[1] : "", $0) }) { a, _ in a }
    let reset = try #require(byID[MailID.make(key: "RootMail/password-reset-mail")], "\(log)")
    #expect(
      Array(reset.dropFirst(2)) == [
        "password-reset", "user@example.com", "fin-ledger-prod-001", "Amazon Web Services Password Assistance",
      ])
    let other = try #require(byID[MailID.make(key: "RootMail/custom-mail")], "\(log)")
    #expect(other.count == 6 && other[2] == "other" && other[4] == "")
    #expect(run.stderr.contains("mail-log: password reset mail for fin-ledger-prod-001"), "\(run.stderr)")

    // A receiver that succeeded never runs again on the same mail.
    let again = try cli.run(
      ["mail", "fetch"], extraEnvironment: ["ROOTMAIL_RECEIVERS": "reset-link,mail-log"], binary: prefix + "/bin/rootmail")
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
