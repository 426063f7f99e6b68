import Foundation
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// A clone of the repository stands alone: no tracked file names the `shared` folder that once
/// sat beside the checkout (design notes, the first fixtures), and the mail fixture tests pass
/// when this test binary reads every repository file from a fresh `git clone` in a folder with
/// nothing beside it. The clone is not built (too slow for CI): the binary built here
/// runs only the suites that read fixtures, with `ROOTMAIL_REPOSITORY_ROOT` set to the clone.
@Suite struct StandAloneCloneTests {
  static let root = RootmailCLI.repositoryRoot
  static let isGitCheckout = FileManager.default.fileExists(atPath: root + "/.git")
  /// The suites that read the fixtures without AWS: every fixture parsed (MimeParserTests),
  /// fixture mails forwarded byte for byte (ForwardMessageTests), and the SQLite files of the
  /// GRDB release opened (SQLiteFixtureTests).
  static let fixtureSuites = "MimeParserTests|ForwardMessageTests|SQLiteFixtureTests"

  /// The test binary this test runs in (`swift build --build-tests` puts it beside rootmail).
  static func testBinary() throws -> String {
    let found = try FileManager.default.contentsOfDirectory(atPath: RootmailCLI.buildFolder)
      .filter { $0.hasSuffix("PackageTests.xctest") }
    return RootmailCLI.buildFolder + "/" + (try #require(found.first, "no *PackageTests.xctest in \(RootmailCLI.buildFolder)"))
  }

  /// Runs the fixture suites of this build against the repository files under `root`.
  static func runFixtureSuites(repositoryRoot root: String) throws -> RootmailCLI.Result {
    var environment = ProcessInfo.processInfo.environment
    environment["ROOTMAIL_REPOSITORY_ROOT"] = root
    return try RootmailCLI.run(
      try testBinary(), ["--testing-library", "swift-testing", "--filter", fixtureSuites], environment: environment,
      timeout: 900)
  }

  @Test(.enabled(if: isGitCheckout)) func mailFixtureTestsPassInAFreshCloneWithNothingBesideIt() throws {
    let folder = try TemporaryFolder(prefix: "rootmail-clone")
    let clone = folder.path + "/rootmail"
    let cloned = try RootmailCLI.run("/usr/bin/git", ["clone", "--quiet", Self.root, clone])
    try #require(cloned.status == 0, "\(cloned.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["rootmail"])

    let run = try Self.runFixtureSuites(repositoryRoot: clone)
    #expect(run.status == 0, "stdout: \(run.stdout.suffix(4000))\nstderr: \(run.stderr.suffix(4000))")
    #expect(run.stdout.contains("MimeParserTests") || run.stderr.contains("MimeParserTests"), "the suites did not run")

    // The clone's files are the ones read: without its fixtures the same suites fail.
    try FileManager.default.removeItem(atPath: clone + "/Tests/Fixtures")
    let without = try Self.runFixtureSuites(repositoryRoot: clone)
    #expect(without.status != 0, "the suites passed without the clone's fixtures: ROOTMAIL_REPOSITORY_ROOT ignored?")
  }

  @Test(.enabled(if: isGitCheckout)) func noTrackedFileNamesTheFolderBesideTheCheckout() throws {
    let listed = try RootmailCLI.run("/usr/bin/git", ["-C", Self.root, "ls-files", "-z"])
    try #require(listed.status == 0, "\(listed.stderr)")
    let files = listed.stdout.split(separator: "\0").map(String.init)
    #expect(files.contains("Tests/Fixtures/README.md"))
    let needle = Array(("../" + "shared").utf8)
    var naming: [String] = []
    for file in files {
      guard let data = FileManager.default.contents(atPath: Self.root + "/" + file) else { continue }
      let bytes = [UInt8](data)
      if bytes.count >= needle.count,
        (0...(bytes.count - needle.count)).contains(where: { bytes[$0..<$0 + needle.count].elementsEqual(needle) })
      {
        naming.append(file)
      }
    }
    #expect(naming.isEmpty, "these files name \(String(decoding: needle, as: UTF8.self)): \(naming)")
  }
}
