import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// A user plugin's own `rootmail doctor` checks run through the host: a failing one is a ✗ line
/// with its fix, one that never answers is given up after --timeout, and the in-tree plugins
/// that are not installed are ! lines, not failures of doctor.
@Suite struct DoctorPluginTests {
  static let source = """
    @_spi(RootmailHost) import RootmailKit
    struct Nothing: RootmailCommand {
      static let configuration = CommandConfiguration(commandName: "doctor-fixture")
      @OptionGroup var global: GlobalOptions
      func run(in context: CommandContext) async throws {}
    }
    let checks = [
      DoctorCheck("fixture ok") { _ in .ok("all fine here") },
      DoctorCheck("fixture") { _ in .failed("the widget is unplugged", fix: "plug the widget in") },
      DoctorCheck("fixture throws") { _ in throw CLIError("widget error", hint: "see the widget manual") },
      DoctorCheck("fixture hostile") { _ in .warning("two\\nlines \\u{1b}[2Jand a clear", fix: "a\\nb") },
      // A check stuck where cancellation does not reach.
      DoctorCheck("stuck") { _ in
        while true { try? await Task.sleep(for: .seconds(3600)) }
      },
    ]
    @_cdecl("rootmail_plugin_abi") public func abi() -> Int32 { PluginABI.kitVersion }
    @_cdecl("rootmail_plugin_descriptor") public func descriptor() -> UnsafeMutableRawPointer {
      PluginDescriptor(name: "DoctorFixture", version: "0.0.1", commands: [Nothing.self], doctorChecks: checks)
        .retainedPointer()
    }
    """

  /// rootmail, the kit and its companions, and the fixture plugin alone in a folder: no Mail,
  /// DNS or Deploy plugin. AWS calls go to a loopback port nothing listens on.
  static func install() throws -> (TemporaryFolder, RootmailCLI) {
    let folder = try TemporaryFolder(prefix: "rootmail-doctor")
    chmod(folder.path, 0o755)
    for name in ["rootmail", "libRootmailKit.so", "libRootmailHTTP.so", "libRootmailSQLite.so"] {
      try FileManager.default.copyItem(atPath: RootmailCLI.buildFolder + "/" + name, toPath: folder.path + "/" + name)
    }
    let plugin = folder.path + "/libRootmailPluginDoctorFixture.so"
    try PluginFixtures.compilePlugin(source, module: "DoctorFixture", output: plugin)
    try FileManager.default.removeItem(atPath: plugin + ".swift")
    chmod(plugin, 0o755)
    let cli = try RootmailCLI(extra: [
      "AWS_ACCESS_KEY_ID": "AKIDDOCTOR", "AWS_SECRET_ACCESS_KEY": "doctor-secret-never-shown", "AWS_REGION": "us-east-1",
      "AWS_ENDPOINT_URL": "http://127.0.0.1:9",
    ])
    return (folder, cli)
  }

  @Test func pluginChecksFailWithTheirFixAndMissingPluginsAreWarnings() throws {
    let (folder, cli) = try Self.install()
    // The stuck check never ends: only --timeout ends doctor (a few minutes of margin for a busy
    // machine before the run is killed).
    let started = Date()
    let result = try cli.run(["doctor", "--timeout", "3", "--output", "text"], binary: folder.path + "/rootmail", timeout: 600)
    let took = Date().timeIntervalSince(started)
    #expect(!result.timedOut && took < 3 + 120, "took \(took) s")
    #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
    let lines = result.lines
    #expect(lines.contains("✓ fixture ok: all fine here"), "\(result.stdout)")
    let failing = try #require(lines.firstIndex(of: "✗ fixture: the widget is unplugged"), "\(result.stdout)")
    #expect(lines[failing + 1] == "    fix: plug the widget in")
    let thrown = try #require(lines.firstIndex(of: "✗ fixture throws: widget error"), "\(result.stdout)")
    #expect(lines[thrown + 1] == "    fix: see the widget manual")
    #expect(lines.contains("✗ stuck: no answer within 3 s"), "\(result.stdout)")
    // A plugin's line is one line on the terminal, its control characters escaped.
    let hostile = try #require(lines.firstIndex { $0.hasPrefix("! fixture hostile: two") }, "\(result.stdout)")
    #expect(lines[hostile] == "! fixture hostile: two\\nlines \\u{1b}[2Jand a clear", "\(result.stdout)")
    #expect(lines[hostile + 1] == "    fix: a\\nb")
    #expect(!result.stdout.contains("\u{1b}"))
    for name in ["Mail", "DNS", "Deploy"] {
      #expect(
        lines.contains { $0.hasPrefix("! \(name.lowercased()): plugin \(name) is not installed") }, "\(result.stdout)")
    }
    #expect(lines.contains { $0.hasPrefix("✗ credentials: ") && $0.contains("127.0.0.1:9") }, "\(result.stdout)")
    #expect(!(result.stdout + result.stderr).contains("doctor-secret-never-shown"))

    let json = try cli.run(["doctor", "--timeout", "3", "--output", "json"], binary: folder.path + "/rootmail", timeout: 600)
    #expect(json.status == 1)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    #expect(object["ok"] as? Bool == false)
    let checks = try #require(object["checks"] as? [[String: String]])
    #expect(
      checks.contains {
        $0["name"] == "fixture" && $0["status"] == "failed" && $0["line"] == "the widget is unplugged"
          && $0["fix"] == "plug the widget in"
      }, "\(checks)")
    #expect(checks.contains { $0["name"] == "mail" && $0["status"] == "warning" })

    // With colour: the symbols alone are coloured, the text is as it was.
    let colored = try cli.run(
      ["doctor", "--timeout", "3", "--color", "always"], binary: folder.path + "/rootmail", timeout: 600)
    #expect(colored.lines.contains("\u{1b}[31m✗\u{1b}[0m fixture: the widget is unplugged"), "\(colored.stdout)")
    #expect(colored.lines.contains("\u{1b}[32m✓\u{1b}[0m fixture ok: all fine here"), "\(colored.stdout)")
    #expect(colored.lines.contains { $0.hasPrefix("\u{1b}[33m!\u{1b}[0m mail: ") }, "\(colored.stdout)")
  }

  @Test func timeoutOutOfRangeIsRefused() throws {
    let cli = try RootmailCLI()
    for value in ["0", "601"] {
      let result = try cli.run(["doctor", "--timeout", value])
      #expect(result.status == 65)
      #expect(result.stderr == "rootmail: error: invalid --timeout \"\(value)\": must be 1-600 seconds\n", "\(result.stderr)")
      #expect(result.stdout.isEmpty)
    }
  }

  @Test func bareInstallWarnsAndFailsOnlyOnCredentials() throws {
    // Without the failing fixture and with no AWS to ask: a bare install with nothing configured.
    let folder = try TemporaryFolder(prefix: "rootmail-doctor-bare")
    chmod(folder.path, 0o755)
    for name in ["rootmail", "libRootmailKit.so", "libRootmailHTTP.so", "libRootmailSQLite.so"] {
      try FileManager.default.copyItem(atPath: RootmailCLI.buildFolder + "/" + name, toPath: folder.path + "/" + name)
    }
    let cli = try RootmailCLI(extra: ["AWS_ENDPOINT_URL": "http://127.0.0.1:9", "AWS_REGION": "us-east-1"])
    let result = try cli.run(["doctor", "--timeout", "3"], binary: folder.path + "/rootmail", timeout: 600)
    // No credentials is a failure; the missing config file and plugins are only warnings.
    #expect(result.status == 1)
    #expect(result.lines.contains { $0.hasPrefix("! config: no config file at ") }, "\(result.stdout)")
    #expect(result.lines.contains { $0.hasPrefix("! plugins: no plugin found") }, "\(result.stdout)")
    #expect(result.lines.filter { $0.hasPrefix("✗ ") }.map { String($0.prefix(14)) } == ["✗ credentials:"], "\(result.stdout)")
  }
}
