import Foundation
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
    let cli = try CLI()
    let out = cli.home.path + "/docs"
    let r = try cli.run(["generate-docs", "--skip-plugin", "Hello", "--completions", out + "/completions", "--man", out + "/man"])
    #expect(r.status == 0, "\(r.stderr)")
    for folder in ["completions", "man"] {
      let generated = try files(under: out + "/" + folder)
      let checkedIn = try files(under: CLI.repositoryRoot + "/" + folder)
      #expect(generated.keys.sorted() == checkedIn.keys.sorted(), "run `make docs`")
      for (name, text) in generated {
        #expect(checkedIn[name] == text, "\(folder)/\(name) is stale: run `make docs`")
      }
    }
    let manPages = try files(under: out + "/man")
    #expect(manPages["rootmail.1"]?.contains(".SH EXIT STATUS") == true)
    #expect(manPages["rootmail-config-show.1"] != nil)
  }

  @Test func installedBinaryFindsItsKitAndPlugins() throws {
    let cli = try CLI()
    let prefix = cli.home.path + "/prefix"
    let install = try CLI.runProcess(
      "/bin/bash", ["-c", "cd \"$0\" && scripts/install.sh \"$1\" \"$2\"", CLI.repositoryRoot, prefix, CLI.buildFolder])
    #expect(install.status == 0, "\(install.stderr)")
    let binary = prefix + "/bin/rootmail"
    let ldd = try CLI.runProcess("/usr/bin/ldd", [binary])
    let kitLine = ldd.stdout.split(separator: "\n").first { $0.contains("libRootmailKit.so =>") } ?? ""
    #expect(kitLine.contains(prefix + "/bin/../lib/rootmail/libRootmailKit.so"), "\(kitLine)")
    let list = try cli.run(["plugins", "list", "-o", "json"], binary: binary)
    #expect(list.status == 0)
    let json = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as! [String: Any]
    let plugins = json["plugins"] as! [[String: Any]]
    #expect(plugins.allSatisfy { ($0["path"] as! String).hasPrefix(prefix + "/lib/rootmail/plugins/") })
    #expect(!plugins.contains { $0["name"] as? String == "Hello" }, "the example plugin is not installed")
    #expect(FileManager.default.fileExists(atPath: prefix + "/share/man/man1/rootmail.1"))
    #expect(FileManager.default.fileExists(atPath: prefix + "/share/bash-completion/completions/rootmail"))
  }
}
