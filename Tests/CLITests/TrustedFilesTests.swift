import Foundation
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// The files rootmail trusts — the config file, the plugin index and its folder — are used
/// only when owned by the user or root and not writable by group or others (exit 78 naming the
/// file and the fix otherwise); credentials others can read are warned about; sizes are bounded.
@Suite struct TrustedFilesTests {
  static let nobody: uid_t = 65534

  func configured(_ text: String, mode: Int = 0o644) throws -> (RootmailCLI, String) {
    let cli = try RootmailCLI()
    let path = try cli.home.write("config/rootmail/config.toml", text, mode: mode)
    return (cli, path)
  }

  @Test func configWritableByOthersIsRefused() throws {
    let (cli, path) = try configured("endpoint_url = \"http://127.0.0.1:9\"\n", mode: 0o666)
    let result = try cli.run(["config", "show"])
    #expect(result.status == 78)
    #expect(
      result.stderr
        == "rootmail: error: the config file \(path) is writable by group or others (chmod go-w \(path)); rootmail will not use it\n"
    )
    #expect(result.stdout.isEmpty)
  }

  @Test func configOwnedBySomeoneElseIsRefused() throws {
    let (cli, path) = try configured("domain = \"example.com\"\n")
    chown(path, Self.nobody, Self.nobody)
    let result = try cli.run(["config", "show"])
    #expect(result.status == 78)
    #expect(result.stderr.contains("the config file \(path) is owned by uid 65534, not by you (uid 0) or root"))
  }

  @Test func configInAFolderOthersCanWriteIsRefused() throws {
    let (cli, path) = try configured("domain = \"example.com\"\n")
    let folder = (path as NSString).deletingLastPathComponent
    chmod(folder, 0o777)
    let result = try cli.run(["config", "show"])
    #expect(result.status == 78)
    #expect(result.stderr.contains("its folder \(folder) is writable by group or others (chmod go-w \(folder))"))
  }

  @Test func oversizedConfigIsRefusedQuickly() throws {
    let (cli, _) = try configured("domain = \"" + String(repeating: "a", count: 2 << 20) + "\"\n")
    // Bounded by CPU time, which a busy machine does not stretch.
    let result = try cli.run(["config", "show"], cpuLimit: 10)
    #expect(!result.exceededCPULimit, "config show used over 10 s of CPU")
    #expect(result.status == 78)
    #expect(result.stderr.contains("is larger than 1024 KiB"))
  }

  @Test func foreignPluginIndexFolderIsRefused() throws {
    let cli = try RootmailCLI()
    let folder = try cli.home.makeFolder("cache/rootmail", mode: 0o755)
    chown(folder, Self.nobody, Self.nobody)
    let result = try cli.run(["hello"])
    #expect(result.status == 78)
    #expect(result.stderr.hasPrefix("rootmail: error: plugin index \(folder)/plugin-index.json: "))
    #expect(result.stderr.contains("its folder \(folder) is owned by uid 65534"))
  }

  @Test func pluginIndexWritableByOthersIsRefused() throws {
    let cli = try RootmailCLI()
    let index = try cli.home.write("cache/rootmail/plugin-index.json", "{}", mode: 0o666)
    let result = try cli.run(["hello"])
    #expect(result.status == 78)
    #expect(result.stderr.contains("plugin index \(index): the file \(index) is writable by group or others"))
  }

  /// An index with a lone surrogate (which crashed the old parser) and one far over the size
  /// limit are both just not used: the plugins load in full and the index is written again.
  @Test(arguments: ["{\"host\": \"\\ud800\\u0041\"}", String(repeating: " ", count: 5 << 20)])
  func unreadableIndexIsRebuilt(content: String) throws {
    let cli = try RootmailCLI()
    let index = try cli.home.write("cache/rootmail/plugin-index.json", content, mode: 0o600)
    let result = try cli.run(["plugins", "list"])
    #expect(result.status == 0, "\(result.stderr)")
    let rewritten = try String(contentsOfFile: index, encoding: .utf8)
    #expect(rewritten.hasPrefix("{\"host\":\"abi="))
    #expect(try cli.run(["hello", "x"]).status == 0)
  }

  @Test func credentialsReadableByOthersAreWarnedAbout() throws {
    let cli = try RootmailCLI()
    // RootmailCLI points AWS_SHARED_CREDENTIALS_FILE at <home>/aws/credentials.
    let credentials = try cli.home.write(
      "aws/credentials", "[default]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = secretsecretsecret\n",
      mode: 0o644)
    let result = try cli.run(
      ["whoami", "--endpoint-url", "http://127.0.0.1:9", "--region", "us-east-1"], timeout: 60)
    #expect(
      result.stderr.contains(
        "rootmail: warning: \(credentials) is readable by group or others, who can take the keys in it (chmod 600 \(credentials))"
      ),
      "\(result.stderr)")
    chmod(credentials, 0o600)
    let quiet = try cli.run(["whoami", "--endpoint-url", "http://127.0.0.1:9", "--region", "us-east-1"], timeout: 60)
    #expect(!quiet.stderr.contains("readable by group or others"))
  }
}
