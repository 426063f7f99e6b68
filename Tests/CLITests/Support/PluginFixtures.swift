import Foundation
@_spi(RootmailHost) import RootmailTestSupport

/// Real plugin files for the refusal tests, built once per test run with the toolchain that
/// built rootmail: a Swift plugin compiled against another kit ABI number, one whose command
/// clashes with the Hello example, a C library without the entry symbol, one with an
/// unresolved symbol, and a copy of Hello stamped with another toolchain.
enum PluginFixtures {
  struct Built {
    let folder: String
    var abiMismatch: String { folder + "/libRootmailPluginMismatch.so" }
    var duplicateCommand: String { folder + "/libRootmailPluginDupe.so" }
    var noEntry: String { folder + "/libRootmailPluginNoEntry.so" }
    var unresolved: String { folder + "/libRootmailPluginUnresolved.so" }
    var otherToolchain: String { folder + "/libRootmailPluginOldToolchain.so" }
  }

  static let built: Result<Built, Error> = Result { try build() }

  static var toolchainBin: String {
    let swiftc =
      (try? RootmailCLI.run("/usr/bin/which", ["swiftc"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? "swiftc"
    let real = (try? FileManager.default.destinationOfSymbolicLink(atPath: swiftc)) ?? swiftc
    return ((real.hasPrefix("/") ? real : swiftc) as NSString).deletingLastPathComponent
  }

  static func swiftPlugin(module: String, command: String, abiOffset: Int) -> String {
    """
    @_spi(RootmailHost) import RootmailKit
    struct FixtureCommand: RootmailCommand {
      static let configuration = CommandConfiguration(commandName: "\(command)")
      @OptionGroup var global: GlobalOptions
      func run(in context: CommandContext) async throws { context.print("\(module) ran") }
    }
    @_cdecl("rootmail_plugin_abi") public func abi() -> Int32 { PluginABI.kitVersion + \(abiOffset) }
    @_cdecl("rootmail_plugin_descriptor") public func descriptor() -> UnsafeMutableRawPointer {
      PluginDescriptor(name: "\(module)", version: "0.0.1", commands: [FixtureCommand.self]).retainedPointer()
    }
    """
  }

  private static func build() throws -> Built {
    let folder = NSTemporaryDirectory() + "rootmail-fixtures-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let built = Built(folder: folder)
    let bin = toolchainBin
    func compileSwift(_ module: String, command: String, abiOffset: Int, output: String) throws {
      try compilePlugin(swiftPlugin(module: module, command: command, abiOffset: abiOffset), module: module, output: output)
    }
    func compileC(_ source: String, output: String) throws {
      let file = output + ".c"
      try source.write(toFile: file, atomically: true, encoding: .utf8)
      try check(RootmailCLI.run(bin + "/clang", ["-shared", "-fPIC", file, "-o", output]), "clang")
    }
    try compileSwift("Mismatch", command: "mismatch", abiOffset: 1, output: built.abiMismatch)
    try compileSwift("Dupe", command: "hello", abiOffset: 0, output: built.duplicateCommand)
    try compileC("int not_a_plugin(void) { return 1; }\n", output: built.noEntry)
    try compileC(
      "extern int rootmail_no_such_symbol(void);\nint rootmail_plugin_abi(void) { return rootmail_no_such_symbol(); }\n",
      output: built.unresolved)
    // The Hello example, re-stamped as if another toolchain had built it.
    let stamp = folder + "/stamp.txt"
    try "clang version 20.0.0 (https://github.com/swiftlang/llvm-project.git 0000000000000000000000000000000000000000)\0"
      .write(toFile: stamp, atomically: true, encoding: .utf8)
    try check(
      RootmailCLI.run(
        "/usr/bin/objcopy",
        [
          "--remove-section", ".comment", "--add-section", ".comment=\(stamp)",
          RootmailCLI.buildFolder + "/libRootmailPluginHello.so",
          built.otherToolchain,
        ]),
      "objcopy")
    for file in [built.abiMismatch, built.duplicateCommand, built.noEntry, built.unresolved, built.otherToolchain] {
      try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file)
    }
    return built
  }

  /// Compiles the Swift plugin `source` against the built kit into `output` (the module is
  /// `RootmailPlugin<module>`; the source is kept beside the output).
  static func compilePlugin(_ source: String, module: String, output: String) throws {
    let file = output + ".swift"
    try source.write(toFile: file, atomically: true, encoding: .utf8)
    try check(
      RootmailCLI.run(
        toolchainBin + "/swiftc",
        [
          "-emit-library", "-module-name", "RootmailPlugin\(module)", "-I", RootmailCLI.buildFolder + "/Modules", "-L",
          RootmailCLI.buildFolder, "-lRootmailKit", file, "-o", output,
        ]), "swiftc \(module)")
  }

  struct BuildFailure: Error, CustomStringConvertible {
    let description: String
  }

  private static func check(_ result: RootmailCLI.Result, _ what: String) throws {
    guard result.status == 0 else { throw BuildFailure(description: "\(what) failed: \(result.stderr)") }
  }
}
