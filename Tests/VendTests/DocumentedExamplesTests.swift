import Foundation
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// Every input example under docs/examples/ works as its README says (vends or imports against a
/// private store), and the formats are described in `--help`.
@Suite struct DocumentedExamplesTests {
  static func example(_ name: String) -> String { RootmailCLI.repositoryRoot + "/docs/examples/" + name }

  @Test func theRequestExampleVends() throws {
    let rootmail = try RootmailCLI.forVend()
    let result = try rootmail.run(["vend", "--strategy", "name", "--request", Self.example("vend-request.json")])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == "blue-origin-space-cube-z-prod-001@aws.example.com\n")
  }

  @Test func everyLineOfTheFromFileExampleVends() throws {
    let rootmail = try RootmailCLI.forVend()
    let result = try rootmail.run(["vend", "--strategy", "name", "--from-file", Self.example("vend-requests.jsonl")])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.lines.count == 4 && !result.lines.contains { $0.hasPrefix("error") }, "\(result.stdout)")
    #expect(
      result.lines.prefix(3) == [
        "blue-origin-space-cube-z-prod-001@aws.example.com", "blue-origin-space-cube-z-dev-001@aws.example.com",
        "research-sandbox@aws.example.com",
      ])
    #expect(try rootmail.storedEmails().count == 4)
  }

  @Test(arguments: ["mappings.jsonl", "mappings.csv"])
  func theMappingsExampleImports(_ name: String) throws {
    let rootmail = try RootmailCLI.forVend()
    let result = try rootmail.run(["mappings", "import", Self.example(name)])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(
      try rootmail.storedEmails().sorted() == [
        "blue-origin-space-cube-z-prod-001@aws.example.com", "root+3f9a1c2b7d4e@aws.example.com",
      ])
  }

  @Test func theFormatsAreInTheHelpAndTheManPages() throws {
    let rootmail = try RootmailCLI.forVend()
    let vend = try rootmail.run(["vend", "--help"])
    for word in ["OwnerAddress", "AccountType", "ApplicationName", "docs/examples/vend-requests.jsonl", "[environments]"] {
      #expect(vend.stdout.contains(word), "vend --help lacks \(word)")
    }
    let importHelp = try rootmail.run(["mappings", "import", "--help"])
    for word in ["AccountEmail,OwnerAddress,AccountName,Enum,AccountType,Tags,Status,", "docs/examples/mappings.csv", "Tags"] {
      #expect(importHelp.stdout.contains(word), "mappings import --help lacks \(word)")
    }
    let manVend = try String(contentsOfFile: RootmailCLI.repositoryRoot + "/man/rootmail-vend.1", encoding: .utf8)
    #expect(manVend.contains("OwnerAddress") && manVend.contains("vend\\-requests.jsonl"))
    let manImport = try String(contentsOfFile: RootmailCLI.repositoryRoot + "/man/rootmail-mappings-import.1", encoding: .utf8)
    #expect(manImport.contains("AccountEmail,OwnerAddress,AccountName"))
  }
}
