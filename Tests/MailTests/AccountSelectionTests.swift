import Foundation
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// `--account <name>` looks the name up in the mapping store; a store that cannot be read is
/// reported as the error it is (one line naming the file), not taken for "no such account",
/// which would print an empty listing or "no trusted password-reset mail".
@Suite struct AccountSelectionTests {
  @Test(arguments: [
    ["mail", "list", "--account", "fin-ledger-prod"], ["mail", "reset-link", "--account", "fin-ledger-prod"],
    ["mail", "reset-link", "--account", "fin-ledger-prod", "--from-ssm"],
  ])
  func anUnreadableStoreIsAnError(_ arguments: [String]) throws {
    let rootmail = try RootmailCLI()
    let store = rootmail.home.path + "/store.sqlite"
    try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: store))
    let environment = ["ROOTMAIL_STORE": "sqlite:" + store]
    let result = try rootmail.run(arguments, extraEnvironment: environment)
    // The exit status `mappings list` gives for the same store.
    let mappings = try rootmail.run(["mappings", "list"], extraEnvironment: environment)
    #expect(mappings.status != 0)
    #expect(result.status == mappings.status, "\(result.stderr)")
    let lines = result.stderr.split(separator: "\n").filter { $0.contains("error:") }
    #expect(lines.count == 1, "\(result.stderr)")
    #expect(result.stderr.contains(store), "\(result.stderr)")
    #expect(!result.stderr.contains("no trusted password-reset mail"), "\(result.stderr)")
    #expect(result.stdout.isEmpty, "\(result.stdout)")
  }
}
