import Foundation
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// A local attacker (`nobody`) against the folders root writes into: the embedded store, the
/// mail cache and the plugin index, each reached through a link in a folder the attacker owns.
/// The old checks followed the link and checked where it led (a root-owned folder), then opened
/// by path, so swapping the link put root's mappings into the attacker's database. Each folder is
/// now walked as written (no folder or link on the way owned by someone else) and used as
/// checked.
@Suite(.serialized) struct LocalFolderRaceTests {
  static let nobody: uid_t = 65534

  /// A root-owned 0755 base with `trusted/` (root's) and `att/` (nobody's), where `att/lnk`
  /// is a link of nobody's to `trusted/`, and `att/evil/` a folder of nobody's.
  struct Scene {
    let cli: RootmailCLI
    let base: String
    var trusted: String { base + "/trusted" }
    var attacker: String { base + "/att" }
    var link: String { attacker + "/lnk" }

    init() throws {
      cli = try RootmailCLI()
      base = try cli.home.makeFolder("scene", mode: 0o755)
      chmod(cli.home.path, 0o755)
      _ = try cli.home.makeFolder("scene/trusted", mode: 0o700)
      _ = try cli.home.makeFolder("scene/att", mode: 0o755)
      _ = try cli.home.makeFolder("scene/att/evil", mode: 0o777)
      for path in [attacker, attacker + "/evil"] { chown(path, LocalFolderRaceTests.nobody, LocalFolderRaceTests.nobody) }
      try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: trusted)
      lchown(link, LocalFolderRaceTests.nobody, LocalFolderRaceTests.nobody)
    }

    /// Starts `nobody` swapping the link between `trusted/` and `evil/` `rounds` times.
    func startSwapping(rounds: Int) throws -> RootmailCLI.Running {
      try RootmailCLI.start(
        "/usr/bin/setpriv",
        [
          "--reuid=65534", "--regid=65534", "--clear-groups", "/bin/sh", "-c",
          "for i in $(seq 1 \(rounds)); do ln -sfn \(attacker)/evil \(link); ln -sfn \(trusted) \(link); done",
        ], environment: nil)
    }
  }

  @Test func aStoreThroughAnotherUsersFolderIsRefusedAndNothingIsWritten() throws {
    let scene = try Scene()
    let store = ["ROOTMAIL_STORE": "sqlite:\(scene.link)/store.sqlite", "ROOTMAIL_DOMAIN": "example.com"]
    let result = try scene.cli.run(["vend", "--owner", "a@example.com"], extraEnvironment: store)
    #expect(result.status == 78, "\(result.stderr)")
    #expect(result.stderr.contains("is owned by uid 65534"), "\(result.stderr)")
    #expect(result.stdout.isEmpty)
    #expect(!FileManager.default.fileExists(atPath: scene.trusted + "/store.sqlite"))

    // With nobody swapping the link all along: no vend lands anywhere, least of all in evil/.
    let swapper = try scene.startSwapping(rounds: 3000)
    for _ in 0..<20 {
      #expect(try scene.cli.run(["vend", "--owner", "a@example.com"], extraEnvironment: store).status == 78)
    }
    _ = swapper.wait()
    let planted = (try? FileManager.default.contentsOfDirectory(atPath: scene.attacker + "/evil")) ?? []
    #expect(planted.isEmpty, "root wrote \(planted) into the attacker's folder")
  }

  @Test func aMailCacheThroughAnotherUsersFolderIsRefused() throws {
    let scene = try Scene()
    let result = try scene.cli.run(["mail", "list"], extraEnvironment: ["XDG_DATA_HOME": scene.link])
    #expect(result.status == 78, "\(result.stderr)")
    #expect(result.stderr.contains("mail cache:") && result.stderr.contains("owned by uid 65534"), "\(result.stderr)")
    #expect((try FileManager.default.contentsOfDirectory(atPath: scene.trusted)).isEmpty)
  }

  @Test func aPluginIndexThroughAnotherUsersFolderIsNeitherReadNorWritten() throws {
    let scene = try Scene()
    let result = try scene.cli.run(["hello"], extraEnvironment: ["XDG_CACHE_HOME": scene.link])
    #expect(result.status == 78, "\(result.stderr)")
    #expect(result.stderr.contains("plugin index") && result.stderr.contains("owned by uid 65534"), "\(result.stderr)")
    #expect(!FileManager.default.fileExists(atPath: scene.trusted + "/rootmail/plugin-index.json"))
  }

  /// The store's folder walked as written still follows a link that root owns (as `/bin` on a
  /// merged-/usr system), made where missing with mode 0700.
  @Test func aStoreThroughARootOwnedLinkIsUsedAndMissingFoldersAreMade() throws {
    let scene = try Scene()
    try FileManager.default.createSymbolicLink(atPath: scene.base + "/rootlink", withDestinationPath: scene.trusted)
    let store = [
      "ROOTMAIL_STORE": "sqlite:\(scene.base)/rootlink/new/store.sqlite", "ROOTMAIL_DOMAIN": "example.com",
    ]
    let result = try scene.cli.run(["vend", "--owner", "a@example.com"], extraEnvironment: store)
    #expect(result.status == 0, "\(result.stderr)")
    var st = stat()
    #expect(stat(scene.trusted + "/new", &st) == 0 && st.st_mode & 0o777 == 0o700)
    #expect(FileManager.default.fileExists(atPath: scene.trusted + "/new/store.sqlite"))
  }

  /// The config file and AWS's files reached through a link another user owns: refused (the
  /// link decides which root-owned file root reads), as the store is.
  @Test func configAndAWSFilesThroughAnotherUsersLinkAreRefused() throws {
    let scene = try Scene()
    let config = scene.trusted + "/config.toml"
    try "domain = \"example.com\"\n".write(toFile: config, atomically: true, encoding: .utf8)
    chmod(config, 0o600)
    let viaLink = try scene.cli.run(["config", "show", "--config", scene.link + "/config.toml"])
    #expect(viaLink.status == 78, "\(viaLink.stderr)")
    #expect(viaLink.stderr.contains("owned by uid 65534"), "\(viaLink.stderr)")
    let aws = try scene.cli.run(
      ["whoami", "--endpoint-url", "http://127.0.0.1:9", "--region", "us-east-1"],
      extraEnvironment: ["AWS_CONFIG_FILE": scene.link + "/config.toml"], timeout: 60)
    #expect(aws.status == 78, "\(aws.stderr)")
    #expect(try scene.cli.run(["config", "show", "--config", config]).status == 0)
  }
}
