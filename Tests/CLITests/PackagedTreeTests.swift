import Foundation
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// The tree scripts/install.sh makes from this build (`make package` packs the same tree from
/// the release build) runs on a machine without the Swift toolchain: every RUNPATH stays inside
/// the tree (`$ORIGIN`), and in a mount namespace where the toolchain's runtime folder is an
/// empty folder, every ELF file finds its libraries and rootmail runs its first commands.
@Suite struct PackagedTreeTests {
  /// The toolchain's runtime folders: the absolute RUNPATH entries the compiler gave the build.
  static func toolchainFolders() throws -> [String] {
    let dynamic = try RootmailCLI.run("/usr/bin/readelf", ["-d", "-W", RootmailCLI.binary])
    return dynamic.stdout.split(separator: "\n").filter { $0.contains("(RUNPATH)") || $0.contains("(RPATH)") }
      .flatMap { line -> [String] in
        guard let open = line.lastIndex(of: "["), let close = line.lastIndex(of: "]") else { return [] }
        return line[line.index(after: open)..<close].split(separator: ":").map(String.init)
      }
      .filter { $0.hasPrefix("/") }
  }

  /// Every ELF file of the tree: the binary and each shared library.
  static func elfFiles(under prefix: String) throws -> [String] {
    let lib = prefix + "/lib/rootmail"
    var files = [prefix + "/bin/rootmail"]
    for folder in [lib, lib + "/plugins", lib + "/swift"] {
      files += try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".so") }.sorted()
        .map { folder + "/" + $0 }
    }
    return files
  }

  /// Runs `command` with `environment` in a mount namespace of its own where each of `hidden`
  /// is covered by an empty folder (`unshare -m` and a bind mount), as on a machine without
  /// the toolchain.
  static func runHiding(_ hidden: [String], _ command: [String], environment: [String: String]) throws
    -> RootmailCLI.Result
  {
    let script = """
      set -e
      empty=$(mktemp -d)
      while [ "$1" != -- ]; do mount --bind "$empty" "$1"; [ -z "$(ls -A "$1")" ]; shift; done
      shift
      exec "$@"
      """
    return try RootmailCLI.run(
      "/usr/bin/unshare", ["-m", "--", "/bin/sh", "-c", script, "sh"] + hidden + ["--"] + command, environment: environment)
  }

  @Test func installedTreeRunsWithTheToolchainHidden() throws {
    let hidden = try Self.toolchainFolders()
    try #require(!hidden.isEmpty, "the build has no RUNPATH into the toolchain: nothing to hide")
    let cli = try RootmailCLI()
    let prefix = cli.home.path + "/prefix"
    let install = try RootmailCLI.run(
      "/bin/bash",
      ["-c", "cd \"$0\" && scripts/install.sh \"$1\" \"$2\"", RootmailCLI.repositoryRoot, prefix, RootmailCLI.buildFolder])
    try #require(install.status == 0, "\(install.stderr)")
    let elves = try Self.elfFiles(under: prefix)
    #expect(elves.contains(prefix + "/lib/rootmail/swift/libswiftCore.so"), "\(elves)")

    // No RUNPATH (or RPATH) outside the tree.
    for file in elves {
      let dynamic = try RootmailCLI.run("/usr/bin/readelf", ["-d", "-W", file])
      for line in dynamic.stdout.split(separator: "\n") where line.contains("(RUNPATH)") || line.contains("(RPATH)") {
        let paths = line.split(separator: "[").last.map { $0.dropLast().split(separator: ":") } ?? []
        #expect(paths.allSatisfy { $0.hasPrefix("$ORIGIN") }, "\(file): \(line)")
      }
    }

    // With the toolchain's folder hidden: every library found, and the commands run.
    let ldd = try Self.runHiding(hidden, ["/usr/bin/ldd"] + elves, environment: cli.environment)
    #expect(ldd.status == 0, "\(ldd.stderr)")
    #expect(!ldd.stdout.contains("not found"), "\(ldd.stdout)")
    for folder in hidden { #expect(!ldd.stdout.contains(folder), "a library loaded from \(folder): \(ldd.stdout)") }
    let binary = prefix + "/bin/rootmail"
    let version = try Self.runHiding(hidden, [binary, "--version"], environment: cli.environment)
    #expect(version.status == 0 && !version.stdout.isEmpty, "\(version.stderr)")
    let list = try Self.runHiding(hidden, [binary, "plugins", "list", "-o", "json"], environment: cli.environment)
    #expect(list.status == 0, "\(list.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any])
    let installed = try FileManager.default.contentsOfDirectory(atPath: prefix + "/lib/rootmail/plugins").sorted()
    let loaded = ((json["plugins"] as? [[String: Any]]) ?? []).compactMap {
      ($0["path"] as? String).map { ($0 as NSString).lastPathComponent }
    }
    #expect(loaded.sorted() == installed, "\(list.stdout)")
    #expect((json["refused"] as? [Any])?.isEmpty == true, "\(list.stdout)")
    // A command of each kind of library: the SQLite companion (vend, mappings), the mail
    // index (mail list), ldns (dns check).
    for arguments in [
      ["config", "init", "--domain", "example.com"], ["vend", "--owner", "team@example.com", "--account-type", "IT"],
      ["mappings", "list"], ["mail", "list"], ["dns", "check", "--help"],
    ] {
      let run = try Self.runHiding(hidden, [binary] + arguments, environment: cli.environment)
      #expect(run.status == 0, "rootmail \(arguments.joined(separator: " ")): \(run.stderr)")
    }
    let mappings = try cli.run(["mappings", "list"], binary: binary)
    #expect(mappings.stdout.contains("team@example.com"), "\(mappings.stdout)")
  }

  /// `--version --verbose` names the toolchain a plugin must be built with: the kit's stamp,
  /// which the host compares with each plugin's.
  @Test func versionVerboseNamesThePluginToolchain() throws {
    let cli = try RootmailCLI()
    for arguments in [["--version", "--verbose"], ["--verbose", "--version"], ["--version", "-v"]] {
      let run = try cli.run(arguments)
      #expect(run.status == 0, "\(run.stderr)")
      #expect(run.lines.first?.hasPrefix("rootmail ") == true, "\(run.stdout)")
      let line = try #require(run.lines.first { $0.hasPrefix("plugins must be built with: ") }, "\(run.stdout)")
      // The stamp the host checks plugins against: the kit's, as `readelf -p .comment` shows it.
      #expect(line.contains("Swift 6.") && line.contains("compiler stamp is: clang version "), "\(line)")
      #expect(run.stdout.contains("plugin API (kit ABI): "), "\(run.stdout)")
    }
    // Plain --version stays one line.
    let plain = try cli.run(["--version"])
    #expect(plain.status == 0 && plain.lines.count == 1, "\(plain.stdout)")
  }
}
