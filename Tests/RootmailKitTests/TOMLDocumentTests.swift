import RootmailKit
import Testing

@Suite struct TOMLDocumentTests {
  @Test func readsTheSubsetAConfigFileUses() throws {
    let doc = try TOMLDocument(
      parsing: """
        # rootmail
        domain = "example.com"   # trailing comment
        'quoted key' = 'lit\\eral'
        counter_length = 4
        catch_all = false
        receivers = [
          "forward",  # first
          "reset-link",
        ]
        [receiver.forward]
        enabled = true
        escaped = "tab\\there \\u00e9"
        """)
    let values = Dictionary(uniqueKeysWithValues: doc.entries.map { ($0.key, $0.value) })
    #expect(values["domain"] == .string("example.com"))
    #expect(values["quoted key"] == .string("lit\\eral"))
    #expect(values["counter_length"] == .integer(4))
    #expect(values["catch_all"] == .boolean(false))
    #expect(values["receivers"] == .array([.string("forward"), .string("reset-link")]))
    #expect(values["receiver.forward.enabled"] == .boolean(true))
    #expect(values["receiver.forward.escaped"] == .string("tab\there é"))
    #expect(doc.entries.first { $0.key == "receiver.forward.enabled" }?.line == 11)
  }

  @Test(arguments: [
    ("domain = example.com", 1, "key 'domain': 'example.com' is not a value (strings need quotes)"),
    ("\n\ndomain \"x\"", 3, "expected = after key 'domain'"),
    ("a = \"open", 1, "unterminated string"),
    ("a = 1\na = 2", 2, "key 'a' is defined twice"),
    ("[table", 1, "expected ] to close the table header"),
    ("a = 1 2", 1, "unexpected text after the value"),
    ("a = [1, 2", 1, "key 'a': expected , or ] in the array"),
  ])
  func syntaxErrorsNameTheLine(text: String, line: Int, message: String) {
    #expect(throws: TOMLDocument.SyntaxError(line: line, message: message)) { try TOMLDocument(parsing: text) }
  }
}
