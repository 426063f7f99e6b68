import Foundation
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// The README stays a page a newcomer reads (at most 200 lines, the two quick-start commands),
/// every docs page is one link away from it, and every relative link in the README and docs/
/// leads to a file of the repository (no anchors, which break silently when a heading changes).
@Suite struct DocumentationTests {
  static let root = RootmailCLI.repositoryRoot

  /// README.md and every docs/*.md, as paths relative to the repository root.
  static func pages() throws -> [String] {
    let docs = try FileManager.default.contentsOfDirectory(atPath: root + "/docs").filter { $0.hasSuffix(".md") }.sorted()
    return ["README.md"] + docs.map { "docs/" + $0 }
  }

  /// The targets of the Markdown links `[text](target)` in `text`, outside code blocks.
  static func linkTargets(in text: String) -> [String] {
    var targets: [String] = []
    var inCode = false
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.hasPrefix("```") { inCode.toggle() }
      if inCode { continue }
      for match in line.matches(of: /\[[^\]]*\]\(([^)\s]+)\)/) { targets.append(String(match.output.1)) }
    }
    return targets
  }

  @Test func readmeIsShortAndKeepsTheQuickStart() throws {
    let readme = try String(contentsOfFile: Self.root + "/README.md", encoding: .utf8)
    let lines = readme.split(separator: "\n", omittingEmptySubsequences: false).count - (readme.hasSuffix("\n") ? 1 : 0)
    #expect(lines <= 200, "README.md has \(lines) lines: move detail to docs/")
    #expect(readme.contains("\nmake demo "), "the quick start's `make demo` is gone")
    #expect(readme.contains("\nmake test "), "the quick start's `make test` is gone")
  }

  @Test func everyRelativeLinkLeadsToAFileOfTheRepository() throws {
    let root = URL(fileURLWithPath: Self.root).standardizedFileURL.path
    var checked = 0
    for page in try Self.pages() {
      let text = try String(contentsOfFile: Self.root + "/" + page, encoding: .utf8)
      let folder = URL(fileURLWithPath: Self.root + "/" + page).deletingLastPathComponent()
      for target in Self.linkTargets(in: text) where !target.contains("://") && !target.hasPrefix("mailto:") {
        checked += 1
        #expect(!target.contains("#"), "\(page): link \(target) has an anchor; link the page")
        let path = folder.appendingPathComponent(target).standardizedFileURL.path
        #expect(path.hasPrefix(root + "/"), "\(page): link \(target) leaves the repository")
        #expect(FileManager.default.fileExists(atPath: path), "\(page): link \(target) leads to no file")
      }
    }
    #expect(checked > 0)
  }

  @Test func everyDocsPageIsOneLinkFromTheReadme() throws {
    let readme = try String(contentsOfFile: Self.root + "/README.md", encoding: .utf8)
    let linked = Set(Self.linkTargets(in: readme))
    for page in try Self.pages() where page != "README.md" {
      #expect(linked.contains(page), "README.md does not link \(page)")
    }
    #expect(linked.contains("benchmarks/RESULTS.md"))
  }
}
