import Foundation
@_spi(RootmailHost) import RootmailTestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `config show` and `config init`, and how every command treats a bad config file.
@Suite struct ConfigCLITests {
  func sources(_ r: RootmailCLI.Result) throws -> [String: (value: Any, source: String)] {
    let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: [String: Any]]
    return json.mapValues { ($0["value"] ?? NSNull(), $0["source"] as! String) }
  }

  @Test func precedenceIsFlagThenEnvironmentThenFileThenDefault() throws {
    let cli = try RootmailCLI()
    let file = try cli.home.write(
      "config/rootmail/config.toml", "domain = \"file.example\"\nregion = \"eu-west-1\"\nbucket = \"bkt\"\n")
    let r = try cli.run(
      ["config", "show", "-o", "json", "--region", "us-east-2"],
      extraEnvironment: ["ROOTMAIL_REGION": "ap-south-1", "ROOTMAIL_DOMAIN": "env.example"])
    #expect(r.status == 0)
    let s = try sources(r)
    #expect(s["region"]?.value as? String == "us-east-2")
    #expect(s["region"]?.source == "flag --region")
    #expect(s["domain"]?.value as? String == "env.example")
    #expect(s["domain"]?.source == "env ROOTMAIL_DOMAIN")
    #expect(s["bucket"]?.source == "\(file):3")
    #expect(s["subdomain"]?.source == "default")
    #expect(s["counter_length"]?.value as? Int == 3)
  }

  /// At a terminal, config show pages like the other listings and fits the terminal's width.
  @Test func showIsPagedAndFittedAtATerminal() throws {
    let cli = try RootmailCLI()
    let paged = cli.home.path + "/paged.txt"
    let pager = try cli.home.write("bin/pager", "#!/bin/sh\ncat > '\(paged)'\n", mode: 0o755)
    let long = "team/" + String(repeating: "deep/", count: 20) + "mail/"
    _ = try cli.home.write("config/rootmail/config.toml", "\n\ndomain = \"x.example\"\n", mode: 0o600)
    let run = try cli.runOnTerminal(
      ["config", "show", "--color", "never"],
      extra: ["ROOTMAIL_PAGER": pager, "COLUMNS": "90", "ROOTMAIL_BUCKET_PREFIX": long])
    #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    let lines = try String(contentsOfFile: paged, encoding: .utf8).split(separator: "\n")
    #expect(lines.first?.hasPrefix("KEY") == true && lines.count > 20, "\(lines)")
    for line in lines { #expect(line.count <= 90, "\(line.count): \(line)") }
    // The long value keeps both ends.
    let prefix = lines.first { $0.hasPrefix("bucket_prefix") } ?? ""
    #expect(prefix.contains("team/deep/") && prefix.contains("…") && prefix.contains("/mail/"), "\(lines)")
    // A source keeps its file name and line, what config show is for.
    let domain = lines.first { $0.hasPrefix("domain") } ?? ""
    #expect(domain.hasSuffix("config.toml:3"), "\(lines)")
  }

  /// A key no one reads is refused with its line: a dotted key outside receiver.<name>.<key>
  /// (`bucket.evil`, a `[receivers.x]` typo) and a table defined twice, which TOML forbids.
  @Test(arguments: [
    ("bucket = \"okk\"\nbucket.evil = \"a\"\n", ":2: unknown key 'bucket.evil'"),
    ("[receivers.forward]\nnote = \"a\"\n", ":2: unknown key 'receivers.forward.note'"),
    ("[receiver.x]\na = 1\n[receiver.x]\nb = 2\n", ":3: table [receiver.x] is defined twice"),
  ])
  func keysNoOneReadsAreRefused(text: String, error: String) throws {
    let cli = try RootmailCLI()
    let file = try cli.home.write("config/rootmail/config.toml", text, mode: 0o600)
    let r = try cli.run(["config", "get", "bucket"])
    #expect(r.status == 78 && r.stderr.hasPrefix("rootmail: error: \(file)\(error)"), "\(r.stderr)")
  }

  @Test func badFileIsReportedWithLineAndKeyAndExit78() throws {
    let cli = try RootmailCLI()
    let file = try cli.home.write("config/rootmail/config.toml", "domain = \"x.example\"\n\ncounter_length = \"three\"\n")
    let r = try cli.run(["config", "show"])
    #expect(r.status == 78)
    #expect(r.stderr == "rootmail: error: \(file):3: key 'counter_length' = \"three\": expected an integer, found a string\n")
    #expect(r.stdout.isEmpty)
    let hello = try cli.run(["hello"])
    #expect(hello.status == 78)
  }

  /// A `store`, `region` or `endpoint_url` no command could use is refused when the file (or
  /// `ROOTMAIL_<KEY>`) is read, naming the line and the rule, not later by the one command that
  /// uses it (`mappings list` said only "no redis store engine").
  @Test(arguments: [
    (
      "store = \"redis:foo\"",
      "key 'store' = \"redis:foo\": must be sqlite, sqlite:<path> or dynamodb:<table> (this build has no redis store engine)"
    ),
    (
      "endpoint_url = \"ftp://x\"",
      "key 'endpoint_url' = \"ftp://x\": must be http(s)://host[:port][/path]: the scheme must be http or https"
    ),
    (
      "region = \"not_a_region!\"",
      "key 'region' = \"not_a_region!\": must be an AWS region: letters, digits and inner hyphens, at most 63 characters (e.g. us-east-1)"
    ),
  ])
  func unusableAWSOrStoreValueInTheFileIsRefusedWithItsLine(line: String, message: String) throws {
    let cli = try RootmailCLI()
    let file = try cli.home.write("config/rootmail/config.toml", "domain = \"x.example\"\n\(line)\n", mode: 0o600)
    for command in [["config", "show"], ["mappings", "list"]] {
      let r = try cli.run(command)
      #expect(r.status == 78, "\(command): \(r.stderr)")
      #expect(r.stderr == "rootmail: error: \(file):2: \(message)\n", "\(command)")
      #expect(r.stdout.isEmpty)
    }
    _ = try cli.home.write("config/rootmail/config.toml", "domain = \"x.example\"\n", mode: 0o600)
    let env = try cli.run(["config", "show"], extraEnvironment: ["ROOTMAIL_STORE": "redis:foo"])
    #expect(env.status == 78)
    #expect(env.stderr.hasPrefix("rootmail: error: ROOTMAIL_STORE=redis:foo: must be sqlite, "), "\(env.stderr)")
  }

  @Test func syntaxErrorAndUnknownKeyNameTheLine() throws {
    let cli = try RootmailCLI()
    let file = try cli.home.write("config/rootmail/config.toml", "# comment\ndomian = \"typo.example\"\n")
    let r = try cli.run(["config", "show"])
    #expect(r.status == 78)
    #expect(r.stderr.hasPrefix("rootmail: error: \(file):2: unknown key 'domian'"))
    _ = try cli.home.write("config/rootmail/config.toml", "domain = example.com\n")
    let r2 = try cli.run(["config", "show"])
    #expect(r2.status == 78)
    #expect(r2.stderr.contains("\(file):1: key 'domain': 'example.com' is not a value (strings need quotes)"))
  }

  /// A config nested 40,000 deep crashed every command (SIGSEGV, recursion); now it is exit 78
  /// naming the file, the line and the bound.
  @Test func deeplyNestedArrayIsAConfigurationErrorNotACrash() throws {
    let cli = try RootmailCLI()
    let depth = 40_000
    let file = try cli.home.write(
      "config/rootmail/config.toml",
      "domain = \"x.example\"\nreceivers = " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n")
    let r = try cli.run(["config", "show"])
    #expect(r.status == 78)
    #expect(r.stderr == "rootmail: error: \(file):2: key 'receivers': arrays nest more than 64 deep\n")
  }

  @Test func badEnvironmentValueIsAConfigurationError() throws {
    let r = try RootmailCLI().run(["config", "show"], extraEnvironment: ["ROOTMAIL_COUNTER_LENGTH": "0"])
    #expect(r.status == 78)
    #expect(r.stderr == "rootmail: error: ROOTMAIL_COUNTER_LENGTH=0: must be from 1 to 10\n")
  }

  @Test func explicitMissingConfigFileIsAnError() throws {
    let r = try RootmailCLI().run(["config", "show", "--config", "/nonexistent/rootmail.toml"])
    #expect(r.status == 78)
    #expect(r.stderr.contains("/nonexistent/rootmail.toml does not exist"))
  }

  @Test func initWritesACommentedFileThatLoadsAndNeverOverwrites() throws {
    let cli = try RootmailCLI()
    let r = try cli.run(["config", "init", "--domain", "example.com"])
    #expect(r.status == 0)
    let path = cli.home.path + "/config/rootmail/config.toml"
    #expect(r.stdout == path + "\n")
    let text = try String(contentsOfFile: path, encoding: .utf8)
    for key in [
      "subdomain", "region", "store", "bucket", "prefix", "address_from", "address_admin", "header_value", "counter_length",
      "catch_all", "filtered_subjects", "receivers", "plugin_path",
    ] {
      #expect(text.contains("# \(key) = "), "missing \(key)")
    }
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    #expect((attributes[.posixPermissions] as? Int) == 0o600)
    let show = try cli.run(["config", "show", "-o", "json"])
    #expect(try sources(show)["domain"]?.source == "\(path):5")
    let again = try cli.run(["config", "init"])
    #expect(again.status == 1)
    #expect(again.stderr.contains("already exists"))
    #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
  }

  /// The file named by --config or ROOTMAIL_CONFIG (the systemd unit's /etc/rootmail path) is
  /// the one init writes, though every other command requires it to be there; a broken one is
  /// replaced only with --force.
  @Test func initWritesTheFileNamedByConfigOrTheEnvironment() throws {
    let cli = try RootmailCLI()
    let named = cli.home.path + "/etc/alt.toml"
    let r = try cli.run(["config", "init", "--domain", "alt.example", "--config", named])
    #expect(r.status == 0 && r.stdout == named + "\n", "\(r.stderr)")
    #expect(try cli.run(["config", "get", "domain", "--config", named]).stdout == "alt.example\n")
    let fromEnvironment = cli.home.path + "/etc/env.toml"
    let e = try cli.run(["config", "init", "--domain", "env.example"], extraEnvironment: ["ROOTMAIL_CONFIG": fromEnvironment])
    #expect(e.status == 0 && e.stdout == fromEnvironment + "\n", "\(e.stderr)")
    #expect(try String(contentsOfFile: fromEnvironment, encoding: .utf8).contains("domain = \"env.example\""))
    try "counter_length = 99\n".write(toFile: named, atomically: true, encoding: .utf8)
    #expect(try cli.run(["config", "init", "--config", named]).status == 1)
    #expect(try cli.run(["config", "init", "--force", "--config", named]).status == 0)
    #expect(try cli.run(["config", "show", "--config", named]).status == 0)
  }
}

/// `config show` prints what a command would use, from the resolver `whoami` uses: AWS's own
/// variables and profile win over rootmail's settings and are named as the origin.
@Suite struct ConfigShowAWSOriginTests {
  func sources(_ r: RootmailCLI.Result) throws -> [String: (value: Any, source: String)] {
    let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: [String: Any]]
    return json.mapValues { ($0["value"] ?? NSNull(), $0["source"] as! String) }
  }

  @Test func awsEnvironmentIsShownWhereItWins() throws {
    let cli = try RootmailCLI()
    _ = try cli.home.write(
      "config/rootmail/config.toml", "region = \"eu-west-1\"\nendpoint_url = \"http://127.0.0.1:1\"\n", mode: 0o600)
    let r = try cli.run(
      ["config", "show", "-o", "json"],
      extraEnvironment: ["AWS_REGION": "us-west-2", "AWS_ENDPOINT_URL": "http://127.0.0.1:4566"])
    #expect(r.status == 0, "\(r.stderr)")
    let s = try sources(r)
    #expect(s["region"]?.value as? String == "us-west-2")
    #expect(s["region"]?.source == "env AWS_REGION")
    #expect(s["endpoint_url"]?.value as? String == "http://127.0.0.1:4566")
    #expect(s["endpoint_url"]?.source == "env AWS_ENDPOINT_URL")
    let table = try cli.run(
      ["config", "show", "-o", "text"],
      extraEnvironment: ["AWS_REGION": "us-west-2", "AWS_ENDPOINT_URL": "http://127.0.0.1:4566"])
    #expect(table.lines.contains("region\tus-west-2\tenv AWS_REGION"))
  }

  @Test func profileRegionIsShownWithItsFile() throws {
    let cli = try RootmailCLI()
    let awsConfig = try cli.write(
      "[profile dev]\nregion = ap-southeast-2\nendpoint_url = http://127.0.0.1:4567\ncli_read_timeout = 30\n",
      to: "aws/config")
    let r = try cli.run(["config", "show", "-o", "json"], extraEnvironment: ["AWS_PROFILE": "dev"])
    #expect(r.status == 0, "\(r.stderr)")
    let s = try sources(r)
    #expect(s["profile"]?.value as? String == "dev")
    #expect(s["profile"]?.source == "env AWS_PROFILE")
    #expect(s["region"]?.value as? String == "ap-southeast-2")
    #expect(s["region"]?.source == "profile dev (\(awsConfig))")
    #expect(s["endpoint_url"]?.source == "profile dev (\(awsConfig))")
    #expect(s["read_timeout"]?.value as? Int == 30)
    #expect(s["read_timeout"]?.source == "profile dev (\(awsConfig))")
    // With nothing setting a region, show says so rather than guessing.
    let none = try sources(try cli.run(["config", "show", "-o", "json"]))
    #expect(none["region"]?.value is NSNull)
    #expect(none["region"]?.source.hasPrefix("unset") == true)
    #expect(none["endpoint_url"]?.source == "default (AWS's endpoint of each service)")
  }

  /// AWS settings that would stop a command (a profile neither file has) are said, not hidden;
  /// the rest is still shown.
  @Test func awsProblemIsAWarning() throws {
    let cli = try RootmailCLI()
    let r = try cli.run(["config", "show"], extraEnvironment: ["AWS_PROFILE": "nope"])
    #expect(r.status == 0)
    #expect(
      r.stderr.hasPrefix(
        "rootmail: warning: the AWS settings do not resolve, so commands that call AWS stop: AWS profile nope (from AWS_PROFILE) is in neither"
      ))
    #expect(r.stdout.contains("subdomain"))
  }

  /// The credentials row names the chain's link that would answer; instance metadata is named,
  /// never asked (a listener at AWS_EC2_METADATA_SERVICE_ENDPOINT sees no connection).
  @Test func credentialsRowNamesTheLinkWithoutAskingInstanceMetadata() throws {
    let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(listener) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var size = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, size) } }
    #expect(listen(listener, 8) == 0)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &size) }
    }
    let port = Int(UInt16(bigEndian: address.sin_port))
    let cli = try RootmailCLI()
    let metadata = [
      "AWS_EC2_METADATA_DISABLED": "false", "AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:\(port)",
      "AWS_REGION": "us-east-1",
    ]
    let r = try cli.run(["config", "show", "-o", "json"], extraEnvironment: metadata)
    #expect(r.status == 0, "\(r.stderr)")
    let s = try sources(r)
    #expect(s["credentials"]?.value as? String == "instance-metadata")
    #expect(s["credentials"]?.source == "(instance metadata, not asked)")
    _ = fcntl(listener, F_SETFL, O_NONBLOCK)
    #expect(accept(listener, nil, nil) < 0, "config show connected to the instance metadata service")
    let env = try sources(
      try cli.run(
        ["config", "show", "-o", "json"],
        extraEnvironment: metadata.merging(["AWS_ACCESS_KEY_ID": "AKIDSHOW", "AWS_SECRET_ACCESS_KEY": "x"]) { $1 }))
    #expect(env["credentials"]?.value as? String == "environment")
    #expect(env["credentials"]?.source == "env AWS_ACCESS_KEY_ID")
    let none = try sources(try cli.run(["config", "show", "-o", "json"]))
    #expect(none["credentials"]?.value is NSNull)
  }
}
