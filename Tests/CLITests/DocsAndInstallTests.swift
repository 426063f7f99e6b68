import Foundation
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// The checked-in completions and man pages match the command tree, and an installed rootmail
/// finds its kit and plugins under its prefix.
@Suite struct DocsAndInstallTests {
  func files(under folder: String) throws -> [String: String] {
    var result: [String: String] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
      result[name] = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
    }
    return result
  }

  @Test func checkedInDocsMatchTheCommandTree() throws {
    let cli = try RootmailCLI()
    let out = cli.home.path + "/docs"
    let r = try cli.run(["generate-docs", "--skip-plugin", "Hello", "--completions", out + "/completions", "--man", out + "/man"])
    #expect(r.status == 0, "\(r.stderr)")
    for folder in ["completions", "man"] {
      let generated = try files(under: out + "/" + folder)
      let checkedIn = try files(under: RootmailCLI.repositoryRoot + "/" + folder)
      #expect(generated.keys.sorted() == checkedIn.keys.sorted(), "run `make docs`")
      for (name, text) in generated {
        #expect(checkedIn[name] == text, "\(folder)/\(name) is stale: run `make docs`")
      }
    }
    let manPages = try files(under: out + "/man")
    #expect(manPages["rootmail.1"]?.contains(".SH EXIT STATUS") == true)
    #expect(manPages["rootmail-config-show.1"] != nil)
    // No help text holds a stray backslash (`\e` in a man page) at a line end or before `(`:
    // a Swift string's `\\` line end or `\\(…)` written where `\` and `\(…)` were meant,
    // shown to the user as is. Escapes shown on purpose (`\u{1b}`, `\r`) stay allowed.
    for (name, text) in manPages {
      let stray = text.split(separator: "\n").filter { line in
        line.hasSuffix("\\e") || line.contains("\\e(") || line.contains("\\e ")
      }
      #expect(stray.isEmpty, "\(name) shows a stray backslash: \(stray)")
    }
  }

  /// The quick start's demo vends into a throw-away store whatever the user's config file and
  /// environment name: a `store` of theirs (here SQLite files standing in for a DynamoDB table)
  /// is never opened, let alone written.
  @Test func theDemoNeverTouchesTheUsersStore() throws {
    let cli = try RootmailCLI()
    let home = cli.home.path
    try cli.write("store = \"sqlite:\(home)/from-config.sqlite\"\n", to: "config/rootmail/config.toml")
    var environment = cli.environment
    environment["ROOTMAIL_STORE"] = "sqlite:\(home)/from-environment.sqlite"
    environment["ROOTMAIL_STRATEGY"] = "name"
    let demo = try RootmailCLI.run(
      "/bin/bash", [RootmailCLI.repositoryRoot + "/scripts/demo.sh", RootmailCLI.binary], environment: environment)
    #expect(demo.status == 0, "\(demo.stderr)")
    #expect(demo.stdout.contains("@aws.example.com"), "\(demo.stdout)")
    #expect(demo.stderr.contains("a throw-away store"), "\(demo.stderr)")
    for file in ["from-config.sqlite", "from-environment.sqlite"] {
      #expect(!FileManager.default.fileExists(atPath: home + "/" + file), "the demo opened the user's store \(file)")
    }
  }

  @Test func installedBinaryFindsItsKitAndPlugins() throws {
    let cli = try RootmailCLI()
    let prefix = cli.home.path + "/prefix"
    let install = try RootmailCLI.run(
      "/bin/bash",
      ["-c", "cd \"$0\" && scripts/install.sh \"$1\" \"$2\"", RootmailCLI.repositoryRoot, prefix, RootmailCLI.buildFolder])
    #expect(install.status == 0, "\(install.stderr)")
    let binary = prefix + "/bin/rootmail"
    let ldd = try RootmailCLI.run("/usr/bin/ldd", [binary])
    let kitLine = ldd.stdout.split(separator: "\n").first { $0.contains("libRootmailKit.so =>") } ?? ""
    #expect(kitLine.contains(prefix + "/bin/../lib/rootmail/libRootmailKit.so"), "\(kitLine)")
    // Stripped (no symbol table), and the plugins still load: their toolchain stamp stayed.
    for file in [binary, prefix + "/lib/rootmail/libRootmailKit.so", prefix + "/lib/rootmail/plugins/libRootmailPluginVend.so"] {
      let sections = try RootmailCLI.run("/usr/bin/readelf", ["-S", "-W", file])
      #expect(sections.status == 0 && !sections.stdout.contains(".symtab") && sections.stdout.contains(".comment"), "\(file)")
    }
    let list = try cli.run(["plugins", "list", "-o", "json"], binary: binary)
    #expect(list.status == 0)
    let json = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as! [String: Any]
    let plugins = json["plugins"] as! [[String: Any]]
    // Exactly the plugins built here but the in-tree examples, each from the installed folder.
    let examples: Set = ["libRootmailPluginHello.so", "libRootmailPluginCustomReceiver.so"]
    let built = try FileManager.default.contentsOfDirectory(atPath: RootmailCLI.buildFolder)
      .filter { $0.hasPrefix("libRootmailPlugin") && $0.hasSuffix(".so") && !examples.contains($0) }
    #expect(built.contains("libRootmailPluginVend.so") && built.contains("libRootmailPluginMappings.so"))
    #expect(
      Set(plugins.map { $0["path"] as? String }) == Set(built.map { prefix + "/lib/rootmail/plugins/" + $0 }),
      "\(plugins)")
    #expect(FileManager.default.fileExists(atPath: prefix + "/share/man/man1/rootmail.1"))
    #expect(FileManager.default.fileExists(atPath: prefix + "/share/bash-completion/completions/rootmail"))

    // The example receiver, built as its comment tells a user to (one swiftc line against the
    // installed modules, the public plugin API only), loads from a plugin folder of its own.
    let pluginFolder = cli.home.path + "/my-plugins"
    try FileManager.default.createDirectory(atPath: pluginFolder, withIntermediateDirectories: true)
    let swiftc = try RootmailCLI.run("/usr/bin/env", ["which", "swiftc"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    let build = try RootmailCLI.run(
      swiftc,
      [
        "-emit-library", "-module-name", "RootmailPluginCustomReceiver",
        prefix + "/share/rootmail/examples/MailLogReceiver.swift", "-I", prefix + "/lib/rootmail/swift", "-L",
        prefix + "/lib/rootmail", "-lRootmailKit", "-Xlinker", "-rpath=" + prefix + "/lib/rootmail",
        "-o", pluginFolder + "/libRootmailPluginCustomReceiver.so",
      ])
    #expect(build.status == 0, "\(build.stderr)")
    let withExample = try cli.run(
      ["plugins", "list", "-o", "json"], extraEnvironment: ["ROOTMAIL_PLUGIN_PATH": pluginFolder], binary: binary)
    #expect(withExample.status == 0 && withExample.stdout.contains("mail-log"), "\(withExample.stdout)\(withExample.stderr)")
  }
}
