@_spi(RootmailHost) import RootmailKit
import Testing

/// The `receivers` setting: what names and arguments are accepted, and the one-line errors.
@Suite struct ReceiverSpecTests {
  @Test func nameAndArgument() throws {
    let exec = try ReceiverSpec(parsing: " exec:/usr/local/bin/notify --team ops ")
    #expect(exec.name == "exec")
    #expect(exec.argument == "/usr/local/bin/notify --team ops")
    #expect(exec.id == "exec:/usr/local/bin/notify --team ops")
    let forward = try ReceiverSpec(parsing: "forward")
    #expect(forward.name == "forward" && forward.argument == nil && forward.id == "forward")
  }

  @Test(arguments: ["", "Forward", "1x", "exec:", "a b", "re\u{1b}[2Jset", String(repeating: "a", count: 65)])
  func refused(_ text: String) {
    #expect(throws: CLIError.self) { try ReceiverSpec(parsing: text) }
  }

  @Test func errorNamesTheFieldAndEscapesTheValue() {
    do {
      _ = try ReceiverSpec(parsing: "bad\u{1b}name")
      Issue.record("accepted a name with an escape character")
    } catch {
      let text = "\(error)"
      #expect(text.contains("receivers"))
      #expect(!text.contains("\u{1b}"))
    }
  }

  @Test func configuredListRefusesDuplicates() throws {
    var config = Config(resolved: [:], filePath: nil)
    config.override(.receivers, with: .list(["forward", "reset-link"]), flag: "test")
    #expect(try ReceiverSpec.configured(config).map(\.id) == ["forward", "reset-link"])
    config.override(.receivers, with: .list(["forward", " forward"]), flag: "test")
    #expect(throws: CLIError.self) { try ReceiverSpec.configured(config) }
  }
}
