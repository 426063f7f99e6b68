import Foundation
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// The dispatcher as a user meets it: version, the example plugin, unknown commands, global
/// options before the command, and loading only the plugin a command needs.
@Suite struct DispatcherTests {
  @Test func versionPrintsAndExitsZero() throws {
    let r = try RootmailCLI().run(["--version"])
    #expect(r.status == 0)
    #expect(r.stdout == "0.1.0\n")
  }

  @Test func examplePluginRunsThroughTheDispatcher() throws {
    let r = try RootmailCLI().run(["hello", "ops"], extraEnvironment: ["ROOTMAIL_DOMAIN": "example.com"])
    #expect(r.status == 0)
    #expect(r.stdout == "hello, ops from example.com\n")
    #expect(r.stderr.isEmpty)
  }

  @Test func globalOptionsMayComeBeforeTheCommand() throws {
    let r = try RootmailCLI().run(["--output", "json", "hello", "ops"])
    #expect(r.status == 0)
    let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: String]
    #expect(json?["greeting"] == "hello, ops")
  }

  @Test func unknownCommandIsAUsageError() throws {
    let r = try RootmailCLI().run(["no-such-command"])
    #expect(r.status == 64)
    #expect(r.stderr.contains("no-such-command"))
    #expect(r.stdout.isEmpty)
  }

  @Test func outputIsTextWhenPiped() throws {
    let r = try RootmailCLI().run(["plugins", "list"])
    #expect(r.status == 0)
    let helloLine = r.stdout.split(separator: "\n").first { $0.hasPrefix("Hello\t") }
    #expect(helloLine?.split(separator: "\t", omittingEmptySubsequences: false).count == 6)
  }

  /// At an 80-column terminal the plugin table fits: the path keeps its start and its file
  /// name (a new user's trial saw 161 columns, the path never cut); `-o wide` keeps it whole.
  @Test func thePluginTableFitsATerminal() throws {
    let cli = try RootmailCLI()
    let shown = try cli.runOnTerminal(["plugins", "list", "--no-pager", "--no-color"], extra: ["COLUMNS": "80"])
    let lines = shown.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
    #expect(lines.count > 2 && lines.allSatisfy { $0.count <= 80 }, "\(shown.stdout)")
    #expect(lines.contains { $0.hasPrefix("Vend ") && $0.hasSuffix("PluginVend.so") && $0.contains("…") }, "\(shown.stdout)")
    let wide = try cli.runOnTerminal(["plugins", "list", "--no-pager", "--no-color", "-o", "wide"], extra: ["COLUMNS": "80"])
    #expect(wide.stdout.contains(RootmailCLI.buildFolder + "/libRootmailPluginVend.so"), "\(wide.stdout)")
  }

  /// After one full scan the index lets `hello` load only its own plugin, so a broken plugin
  /// elsewhere on the path is not even looked at (no warning); a new file invalidates the index.
  @Test func commandLoadsOnlyItsPluginOnceIndexed() throws {
    var cli = try RootmailCLI()
    let folder = try cli.home.makeFolder("plugins")
    cli.environment["ROOTMAIL_PLUGIN_PATH"] = folder
    _ = try cli.home.write("plugins/libRootmailPluginJunk.so", "junk\n", mode: 0o755)
    let first = try cli.run(["hello"])
    #expect(first.status == 0)
    #expect(first.stderr.contains("libRootmailPluginJunk.so refused: not an ELF shared library"))
    #expect(FileManager.default.fileExists(atPath: cli.home.path + "/cache/rootmail/plugin-index.json"))
    let second = try cli.run(["hello"])
    #expect(second.status == 0)
    #expect(second.stderr.isEmpty)
    _ = try cli.home.write("plugins/libRootmailPluginMore.so", "more junk\n", mode: 0o755)
    let third = try cli.run(["hello"])
    #expect(third.stderr.contains("libRootmailPluginMore.so refused"))
  }

  @Test func helpListsPluginCommands() throws {
    let r = try RootmailCLI().run(["--help"])
    #expect(r.status == 0)
    #expect(r.stdout.contains("hello"))
    #expect(r.stdout.contains("plugins"))
    #expect(r.stdout.contains("config"))
  }
}
