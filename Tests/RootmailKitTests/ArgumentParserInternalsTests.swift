@_spi(RootmailHost) import RootmailKit
import Testing

/// swift-argument-parser's underscored API is used in one file (`ArgumentParserInternals`);
/// these tests fail when an update of the package changes what that file relies on.
@Suite struct ArgumentParserInternalsTests {
  struct WhoAmICommand: ParsableCommand {}
  struct HTTPServerName: ParsableCommand {}
  struct Fetch2Mail: ParsableCommand {}
  struct Named: ParsableCommand { static let configuration = CommandConfiguration(commandName: "my-name") }

  struct Probe: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "probe", subcommands: [Named.self])
    @Option(name: [.short, .long], help: "A value.") var value: String?
    @Flag(help: .hidden) var hidden = false
  }

  @Test func commandNamesAreDerivedAsTheParserDerivesThem() {
    for command in [WhoAmICommand.self, HTTPServerName.self, Fetch2Mail.self, Named.self] as [any ParsableCommand.Type] {
      #expect(ArgumentParserInternals.commandName(of: command) == command._commandName)
    }
    #expect(ArgumentParserInternals.commandName(of: WhoAmICommand.self) == "who-am-i-command")
  }

  @Test func theHelpDumpHasTheShapeRootmailReads() throws {
    let dump = try JSONValue.parse(ArgumentParserInternals.helpDump(of: Probe.self))
    let command = try #require(dump["command"])
    #expect(command["commandName"]?.stringValue == "probe")
    let arguments = try #require(command["arguments"]?.arrayValue)
    let value = try #require(arguments.first { $0["valueName"]?.stringValue == "value" })
    let names = (value["names"]?.arrayValue ?? []).compactMap { name -> String? in
      guard let kind = name["kind"]?.stringValue, let text = name["name"]?.stringValue else { return nil }
      return "\(kind):\(text)"
    }
    #expect(Set(names) == ["short:v", "long:value"])
    #expect(value["kind"]?.stringValue == "option")
    let hidden = try #require(arguments.first { $0["valueName"]?.stringValue == "hidden" })
    #expect(hidden["shouldDisplay"]?.boolValue == false)
    #expect(command["subcommands"]?.arrayValue?.first?["commandName"]?.stringValue == "my-name")
  }
}
