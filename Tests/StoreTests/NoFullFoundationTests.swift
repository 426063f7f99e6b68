import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// No rootmail process loads full Foundation (libFoundation.so, its internationalisation
/// library and the 39 MB ICU data library): each command family runs the built binary with the
/// dynamic loader's trace on (`LD_DEBUG=libs`, written to files, one per process), and no
/// trace names them. Store commands are checked to load libsqlite3 (the SQLite companion, which
/// the kit loads through /proc/self/fd, so the trace does not name it), so the trace covers the
/// library that used to pull Foundation in (GRDB).
@Suite struct NoFullFoundationTests {
  static let forbidden = ["libFoundation.so", "libFoundationInternationalization.so", "lib_FoundationICU.so"]

  /// A command, whether it opens the store or the mail index (loads the SQLite companion),
  /// whether it succeeds here (doctor finds no credentials and no AWS), and whether it needs a
  /// store to exist first (doctor opens only an existing one).
  struct Case: Sendable, CustomStringConvertible {
    let arguments: [String]
    let loadsSQLite: Bool
    var succeeds = true
    var needsStore = false
    var description: String { arguments.joined(separator: " ") }
  }

  static let cases: [Case] = [
    Case(arguments: ["--version"], loadsSQLite: false),
    Case(arguments: ["--help"], loadsSQLite: false),
    Case(arguments: ["config", "show"], loadsSQLite: false),
    Case(arguments: ["plugins", "list"], loadsSQLite: false),
    Case(arguments: ["vend", "--dry-run", "--owner", "a@example.com", "--account-type", "IT"], loadsSQLite: true),
    Case(arguments: ["vend", "--owner", "a@example.com", "--account-type", "IT"], loadsSQLite: true),
    Case(arguments: ["mappings", "list"], loadsSQLite: true),
    Case(arguments: ["mail", "list", "--all"], loadsSQLite: true),
    Case(arguments: ["mail", "search", "word"], loadsSQLite: true),
    Case(arguments: ["dns", "check", "--help"], loadsSQLite: false),
    Case(arguments: ["deploy", "--help"], loadsSQLite: false),
    Case(arguments: ["hello"], loadsSQLite: false),
    Case(arguments: ["whoami", "--help"], loadsSQLite: false),
    Case(arguments: ["completion", "bash"], loadsSQLite: false),
    Case(arguments: ["mail", "dead-letters"], loadsSQLite: true),
    // Every check, AWS ones against a closed loopback port.
    Case(arguments: ["doctor", "--endpoint-url", "http://127.0.0.1:9"], loadsSQLite: true, succeeds: false, needsStore: true),
  ]

  /// Statically too, for the paths no case above runs (parsing mail, the HTTP transport, the
  /// receivers): neither the binary nor any library `make install` installs needs them.
  @Test func noBuiltLibraryNeedsFullFoundation() throws {
    let folder = RootmailCLI.buildFolder
    let files = try FileManager.default.contentsOfDirectory(atPath: folder)
      .filter { $0 == "rootmail" || ($0.hasPrefix("libRootmail") && $0.hasSuffix(".so")) }
    #expect(files.contains("libRootmailSQLite.so") && files.contains("libRootmailKit.so"), "\(files)")
    for file in files {
      let r = try RootmailCLI.run("/usr/bin/ldd", [folder + "/" + file])
      #expect(r.status == 0, "ldd \(file): \(r.stderr)")
      for library in Self.forbidden {
        #expect(!r.stdout.contains(library + " "), "\(file) needs \(library)")
      }
    }
  }

  @Test(arguments: cases) func noCommandLoadsFullFoundation(_ command: Case) throws {
    let cli = try RootmailCLI(extra: ["ROOTMAIL_DOMAIN": "example.com", "ROOTMAIL_BUCKET": "rootmail-test-bucket"])
    if command.needsStore {
      let vend = try cli.run(["vend", "--owner", "b@example.com", "--account-type", "IT"])
      #expect(vend.status == 0, "\(vend.stderr)")
    }
    let trace = cli.home.path + "/ld-trace"
    let r = try cli.run(command.arguments, extraEnvironment: ["LD_DEBUG": "libs", "LD_DEBUG_OUTPUT": trace])
    #expect((r.status == 0) == command.succeeds, "\(command): \(r.stderr)")
    let files = try FileManager.default.contentsOfDirectory(atPath: cli.home.path).filter { $0.hasPrefix("ld-trace.") }
    #expect(!files.isEmpty, "no loader trace for \(command)")
    var loaded: [String] = []
    for file in files {
      let text = try String(contentsOfFile: cli.home.path + "/" + file, encoding: .utf8)
      loaded += text.split(separator: "\n").filter { $0.contains("calling init:") }.map(String.init)
    }
    #expect(loaded.contains { $0.contains("libswiftCore.so") }, "the trace of \(command) shows no Swift runtime")
    #expect(loaded.contains { $0.contains("/libsqlite3.so") } == command.loadsSQLite, "\(command)")
    for library in Self.forbidden {
      let lines = loaded.filter { $0.hasSuffix("/" + library) }
      #expect(lines.isEmpty, "\(command) loads \(library): \(lines)")
    }
  }
}
