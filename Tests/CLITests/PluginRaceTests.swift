import Foundation
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// A hostile local user against the plugin loader: a plugin folder reached through a symlink
/// that user controls, a plugin file that is a symlink, relative search-path entries, and the
/// race of swapping the symlink between the check and the load (run as `nobody`, since the
/// tests run as root). The hostile library's constructor must never run.
@Suite(.serialized) struct PluginRaceTests {
  static let nobody: uid_t = 65534

  /// A root-owned 0755 base with: `trusted/` (a copy of Hello, root-owned), `evil/` (owned by
  /// nobody, holding a library named like Hello whose constructor creates `marker`), and `w/`,
  /// a sticky world-writable folder like /tmp where nobody keeps a symlink `plugins`.
  struct Scene {
    let base: TemporaryFolder
    var trusted: String { base.path + "/trusted" }
    var evil: String { base.path + "/evil" }
    var shared: String { base.path + "/w" }
    var link: String { shared + "/plugins" }
    var marker: String { base.path + "/constructor-ran" }

    init() throws {
      base = try TemporaryFolder()
      chmod(base.path, 0o755)
      let hello = RootmailCLI.buildFolder + "/libRootmailPluginHello.so"
      _ = try base.makeFolder("trusted")
      try FileManager.default.copyItem(atPath: hello, toPath: trusted + "/libRootmailPluginHello.so")
      _ = try base.makeFolder("evil")
      _ = try base.makeFolder("w", mode: 0o777)
      chmod(shared, 0o1777)
      // The hostile library carries the same toolchain stamp as Hello, so only the ownership
      // checks stand between it and dlopen.
      let source = try base.write(
        "evil.c",
        """
        #include <fcntl.h>
        #include <unistd.h>
        __attribute__((constructor)) static void run_as_whoever_loads_me(void) {
          int fd = open("\(marker)", O_CREAT | O_WRONLY, 0644);
          if (fd >= 0) close(fd);
        }
        """)
      let plain = base.path + "/evil-plain.so"
      let stamp = base.path + "/stamp"
      let evilLibrary = evil + "/libRootmailPluginHello.so"
      try Self.check(RootmailCLI.run(PluginFixtures.toolchainBin + "/clang", ["-shared", "-fPIC", source, "-o", plain]))
      try Self.check(RootmailCLI.run("/usr/bin/objcopy", ["--dump-section", ".comment=\(stamp)", hello, base.path + "/ignored"]))
      try Self.check(
        RootmailCLI.run(
          "/usr/bin/objcopy", ["--remove-section", ".comment", "--add-section", ".comment=\(stamp)", plain, evilLibrary]))
      chmod(evilLibrary, 0o755)
      for path in [evil, evilLibrary] { chown(path, PluginRaceTests.nobody, PluginRaceTests.nobody) }
    }

    static func check(_ result: RootmailCLI.Result) throws {
      guard result.status == 0 else { throw PluginFixtures.BuildFailure(description: result.stderr) }
    }

    func pointLink(at target: String) throws {
      try? FileManager.default.removeItem(atPath: link)
      try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
      lchown(link, PluginRaceTests.nobody, PluginRaceTests.nobody)
    }

    func list(_ cli: RootmailCLI) throws -> RootmailCLI.Result {
      try cli.run(["plugins", "list", "-o", "json"], extraEnvironment: ["ROOTMAIL_PLUGIN_PATH": link])
    }

    var constructorRan: Bool { FileManager.default.fileExists(atPath: marker) }

    /// Whether `plugins list -o json` loaded the Hello plugin through the link.
    func loadedThroughLink(_ result: RootmailCLI.Result) -> Bool {
      guard let json = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
        let plugins = json["plugins"] as? [[String: Any]]
      else { return false }
      return plugins.contains { $0["path"] as? String == link + "/libRootmailPluginHello.so" }
    }
  }

  @Test func folderThroughALinkIsCheckedWhereItLeads() throws {
    let scene = try Scene()
    let cli = try RootmailCLI()
    try scene.pointLink(at: scene.trusted)
    let good = try scene.list(cli)
    #expect(good.status == 0)
    #expect(scene.loadedThroughLink(good))
    try scene.pointLink(at: scene.evil)
    let bad = try scene.list(cli)
    #expect(bad.stderr.contains("is owned by uid 65534"), "\(bad.stderr)")
    #expect(!scene.constructorRan)
  }

  @Test func pluginFileThatIsALinkIsRefused() throws {
    let scene = try Scene()
    let cli = try RootmailCLI()
    let folder = try cli.home.makeFolder("plugins")
    try FileManager.default.createSymbolicLink(
      atPath: folder + "/libRootmailPluginHello.so", withDestinationPath: scene.trusted + "/libRootmailPluginHello.so")
    let result = try cli.run(["plugins", "list"], extraEnvironment: ["ROOTMAIL_PLUGIN_PATH": folder])
    #expect(result.stderr.contains("\(folder)/libRootmailPluginHello.so refused: the file is a symbolic link"))
  }

  @Test func relativeSearchPathEntriesAreRefused() throws {
    let scene = try Scene()
    let cli = try RootmailCLI()
    // The hostile library sits in the current folder, named as a plugin.
    let here = try cli.home.makeFolder("here")
    try FileManager.default.copyItem(atPath: scene.evil + "/libRootmailPluginHello.so", toPath: here + "/libRootmailPluginX.so")
    let result = try RootmailCLI.run(
      "/bin/sh", ["-c", "cd '\(here)' && exec '\(RootmailCLI.binary)' plugins list"],
      environment: cli.environment.merging(["ROOTMAIL_PLUGIN_PATH": ".:plugins"]) { $1 })
    #expect(result.stderr.contains("plugin folder \".\" ignored: not an absolute path"), "\(result.stderr)")
    #expect(result.stderr.contains("plugin folder \"plugins\" ignored"))
    #expect(!result.stdout.contains("libRootmailPluginX.so"))
    #expect(!scene.constructorRan)
  }

  /// nobody swaps the link between the trusted folder and their own as fast as it can while
  /// root lists the plugins 300 times: the hostile constructor never runs, and the trusted
  /// plugin still loads whenever the link pointed at it.
  @Test func swappingTheFolderLinkDuringLoadsNeverRunsTheHostileLibrary() throws {
    let scene = try Scene()
    let cli = try RootmailCLI()
    try scene.pointLink(at: scene.trusted)
    let swapper = Process()
    swapper.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
    let swap = """
      cd '\(scene.shared)' && end=$(($(date +%s) + 240)); while [ $(date +%s) -lt $end ]; do \
      ln -sfn '\(scene.evil)' next && mv -T next plugins; ln -sfn '\(scene.trusted)' next && mv -T next plugins; done
      """
    swapper.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", "/bin/sh", "-c", swap]
    swapper.standardOutput = FileHandle.nullDevice
    swapper.standardError = FileHandle.nullDevice
    try swapper.run()
    defer {
      swapper.terminate()
      swapper.waitUntilExit()
    }
    var loaded = 0
    var refused = 0
    for _ in 0..<300 {
      let result = try scene.list(cli)
      if scene.loadedThroughLink(result) { loaded += 1 }
      if result.stderr.contains("owned by uid 65534") { refused += 1 }
      if scene.constructorRan { break }
    }
    #expect(swapper.isRunning, "the swapper stopped early")
    #expect(!scene.constructorRan, "the hostile constructor ran as root")
    // Both sides of the race were seen, so the swap really happened under the loads.
    #expect(refused > 0)
    print(
      "plugin race: 300 runs, trusted loaded \(loaded), hostile refused \(refused), hostile constructor ran: \(scene.constructorRan)"
    )
  }
}
