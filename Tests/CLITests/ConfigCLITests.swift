import Foundation
import RootmailTestSupport
import Testing

/// `config show` and `config init`, and how every command treats a bad config file.
@Suite struct ConfigCLITests {
  func sources(_ r: RootmailCLI.Result) throws -> [String: (value: Any, source: String)] {
    let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: [String: Any]]
    return json.mapValues { ($0["value"] ?? NSNull(), $0["source"] as! String) }
  }

  @Test func precedenceIsFlagThenEnvironmentThenFileThenDefault() throws {
    let cli = try RootmailCLI()
    let file = try cli.home.write(
      "config/rootmail/config.toml", "domain = \"file.example\"\nregion = \"eu-west-1\"\nbucket = \"b\"\n")
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

  @Test func badFileIsReportedWithLineAndKeyAndExit78() throws {
    let cli = try RootmailCLI()
    let file = try cli.home.write("config/rootmail/config.toml", "domain = \"x.example\"\n\ncounter_length = \"three\"\n")
    let r = try cli.run(["config", "show"])
    #expect(r.status == 78)
    #expect(r.stderr == "rootmail: error: \(file):3: key 'counter_length': expected an integer, found a string\n")
    #expect(r.stdout.isEmpty)
    let hello = try cli.run(["hello"])
    #expect(hello.status == 78)
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
}
