import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// Each kind of bad plugin file is refused with one line on stderr naming the file and the
/// reason, shows up in `plugins list`, and never stops the other commands.
@Suite struct PluginRefusalTests {
  /// Runs `plugins list -o json` with `files` (copied from the fixtures) in a plugin folder.
  func listWith(_ files: [String: String], folderMode: Int = 0o755, fileMode: Int = 0o755) throws -> (
    RootmailCLI, RootmailCLI.Result, String
  ) {
    let cli = try RootmailCLI()
    let folder = try cli.home.makeFolder("plugins", mode: 0o755)
    for (source, name) in files {
      try FileManager.default.copyItem(atPath: source, toPath: folder + "/" + name)
      try FileManager.default.setAttributes([.posixPermissions: fileMode], ofItemAtPath: folder + "/" + name)
    }
    try FileManager.default.setAttributes([.posixPermissions: folderMode], ofItemAtPath: folder)
    var c = cli
    c.environment["ROOTMAIL_PLUGIN_PATH"] = folder
    return (c, try c.run(["plugins", "list", "-o", "json"]), folder)
  }

  func refusedReason(_ result: RootmailCLI.Result, file: String) throws -> String? {
    let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
    let refused = json["refused"] as! [[String: String]]
    return refused.first { $0["path"] == file }?["reason"]
  }

  func expectRefused(_ fixture: KeyPath<PluginFixtures.Built, String>, as name: String, reasonContains: String) throws {
    let built = try PluginFixtures.built.get()
    let (cli, result, folder) = try listWith([built[keyPath: fixture]: name])
    let path = folder + "/" + name
    #expect(result.status == 0)
    let reason = try refusedReason(result, file: path)
    #expect(reason?.contains(reasonContains) == true, "reason: \(reason ?? "none")")
    let warnings = result.stderr.split(separator: "\n").filter { $0.contains(path) }
    #expect(warnings.count == 1)
    #expect(warnings.first?.contains(reasonContains) == true)
    // The other plugins' commands keep working.
    let hello = try cli.run(["hello", "you"])
    #expect(hello.status == 0)
    #expect(hello.stdout.hasPrefix("hello, you"))
  }

  @Test func kitABIMismatchIsRefused() throws {
    try expectRefused(
      \.abiMismatch, as: "libRootmailPluginMismatch.so",
      reasonContains: "built against kit ABI \(PluginABI.kitVersion + 1); this rootmail needs kit ABI \(PluginABI.kitVersion)")
  }

  @Test func otherToolchainIsRefusedBeforeLoading() throws {
    try expectRefused(\.otherToolchain, as: "libRootmailPluginOld.so", reasonContains: "built by toolchain clang version 20.0.0")
  }

  @Test func missingEntrySymbolIsRefused() throws {
    try expectRefused(\.noEntry, as: "libRootmailPluginNoEntry.so", reasonContains: "missing entry symbol rootmail_plugin_abi")
  }

  @Test func unresolvedSymbolIsRefused() throws {
    try expectRefused(
      \.unresolved, as: "libRootmailPluginUnresolved.so", reasonContains: "undefined symbol: rootmail_no_such_symbol")
  }

  @Test func notELFIsRefused() throws {
    let cli = try RootmailCLI()
    let junk = try cli.home.write("junk.so", "this is not a library\n", mode: 0o755)
    let (_, result, folder) = try listWith([junk: "libRootmailPluginJunk.so"])
    #expect(result.status == 0)
    #expect(try refusedReason(result, file: folder + "/libRootmailPluginJunk.so") == "not an ELF shared library")
  }

  @Test func fileWritableByGroupIsRefused() throws {
    let hello = RootmailCLI.buildFolder + "/libRootmailPluginHello.so"
    let (_, result, folder) = try listWith([hello: "libRootmailPluginHello.so"], fileMode: 0o775)
    let reason = try refusedReason(result, file: folder + "/libRootmailPluginHello.so")
    #expect(reason?.contains("writable by group or others") == true)
    #expect(result.status == 0)
  }

  @Test func folderWritableByOthersIsRefused() throws {
    let hello = RootmailCLI.buildFolder + "/libRootmailPluginHello.so"
    let (_, result, folder) = try listWith([hello: "libRootmailPluginHello.so"], folderMode: 0o777)
    let reason = try refusedReason(result, file: folder + "/libRootmailPluginHello.so")
    #expect(reason?.contains("its folder \(folder) is writable by group or others") == true)
  }

  @Test func twoPluginsClaimingOneCommand() throws {
    let built = try PluginFixtures.built.get()
    let (cli, result, folder) = try listWith([built.duplicateCommand: "libRootmailPluginDupe.so"])
    // The plugin folder comes first on the search path, so Dupe wins and Hello is refused.
    let helloPath = RootmailCLI.buildFolder + "/libRootmailPluginHello.so"
    let reason = try refusedReason(result, file: helloPath)
    #expect(reason == "command 'hello' is already provided by plugin Dupe (\(folder)/libRootmailPluginDupe.so)")
    #expect(result.status == 0)
    let run = try cli.run(["hello"])
    #expect(run.stdout == "Dupe ran\n")
  }
}
