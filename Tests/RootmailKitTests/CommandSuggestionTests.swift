import Testing

@_spi(RootmailHost) @testable import RootmailKit

/// How close a typed word must be to a command name to be suggested (`CommandSuggestion`).
@Suite struct CommandSuggestionTests {
  let names = ["config", "plugins", "whoami", "completion", "dns", "deploy", "mail", "mappings", "vend"]

  @Test func aSwapOrOneEditIsCloseAndTwoFromFiveLetters() {
    #expect(CommandSuggestion.closest(to: "mial", among: names) == ["mail"])
    #expect(CommandSuggestion.closest(to: "vned", among: names) == ["vend"])
    #expect(CommandSuggestion.closest(to: "dpeloy", among: names) == ["deploy"])
    #expect(CommandSuggestion.closest(to: "mapings", among: names) == ["mappings"])
    #expect(CommandSuggestion.closest(to: "xyzzy", among: names).isEmpty)
    #expect(CommandSuggestion.closest(to: "ls", among: ["list", "get"]).isEmpty)
  }

  @Test func aPrefixOfThreeLettersOrMoreIsClose() {
    #expect(CommandSuggestion.closest(to: "map", among: names) == ["mappings"])
    #expect(CommandSuggestion.closest(to: "co", among: names).isEmpty)
    #expect(CommandSuggestion.closest(to: "com", among: names) == ["completion"])
  }

  @Test func equallyCloseNamesAreAllOffered() {
    let text = CommandSuggestion.text(typed: "gat", command: "rootmail mappings", names: ["get", "got", "list"])
    #expect(text == "rootmail: 'gat' is not a rootmail mappings command. Did you mean one of: 'get', 'got'?")
  }

  @Test func aHostileWordOrNameIsShownEscaped() {
    let text = CommandSuggestion.text(typed: "\u{1B}]0;x\u{7}", command: "rootmail", names: ["a\u{1B}b"])
    #expect(!text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
  }

  @Test func aMistypedGlobalOptionIsSuggested() {
    let message = "Error: Unknown option '--regoin'\nUsage: rootmail vend <options>\n"
    #expect(
      CommandSuggestion.globalOption(in: message)
        == "Error: Unknown option '--regoin'. Did you mean '--region'?\nUsage: rootmail vend <options>\n")
    #expect(CommandSuggestion.globalOption(in: "Error: Unknown option '--zzzzzzzz'\n") == nil)
    #expect(CommandSuggestion.globalOption(in: "Error: Unknown option '--x'. Did you mean '--y'?\n") == nil)
  }
}
