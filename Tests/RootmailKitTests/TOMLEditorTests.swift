@_spi(RootmailHost) import RootmailKit
import Testing

/// `TOMLEditor`: `config set` and `config unset` change one statement and keep every other byte.
@Suite struct TOMLEditorTests {
  func edited(_ text: String, _ change: (inout TOMLEditor) throws -> Void) throws -> String {
    var editor = try TOMLEditor(text)
    try change(&editor)
    return editor.text
  }

  @Test func replacesAValueInPlaceKeepingSpacingAndComment() throws {
    let text = "# mine\nregion   =  'eu-west-1'   # where we are\nbucket = \"b\"\n"
    #expect(
      try edited(text) { try $0.set("region", literal: "\"us-east-2\"") }
        == "# mine\nregion   =  \"us-east-2\"   # where we are\nbucket = \"b\"\n")
  }

  @Test func replacesAnArrayOverSeveralLines() throws {
    let text = "receivers = [\n  \"forward\",  # first\n  \"reset-link\",\n]\n# after\n"
    #expect(try edited(text) { try $0.set("receivers", literal: "[\"opsitem\"]") } == "receivers = [\"opsitem\"]\n# after\n")
  }

  @Test func newKeyGoesUnderItsCommentedOutLine() throws {
    let text = "# AWS region\n# region = \"eu-west-1\"\n\n# bucket\n# bucket = \"\"\n"
    #expect(
      try edited(text) { try $0.set("region", literal: "\"ap-south-1\"") }
        == "# AWS region\n# region = \"eu-west-1\"\nregion = \"ap-south-1\"\n\n# bucket\n# bucket = \"\"\n")
  }

  @Test func newTopKeyGoesAfterTheLastTopKey() throws {
    let text = "domain = \"x\"\n\n[receiver.a]\nfile = \"/a\"\n"
    #expect(
      try edited(text) { try $0.set("bucket", literal: "\"b\"") }
        == "domain = \"x\"\nbucket = \"b\"\n\n[receiver.a]\nfile = \"/a\"\n")
  }

  @Test func newTopKeyGoesAboveTheFirstTableAndItsComments() throws {
    let text = "# rootmail\n\n# the log receiver\n[receiver.a]\nfile = \"/a\"\n"
    #expect(
      try edited(text) { try $0.set("domain", literal: "\"x\"") }
        == "# rootmail\ndomain = \"x\"\n\n# the log receiver\n[receiver.a]\nfile = \"/a\"\n")
  }

  @Test func tableKeyReachesItsTable() throws {
    let text = "domain = \"x\"\n\n[receiver.mail-log]\nlevel = 1\n\n[receiver.other]\nfile = \"/o\"\n"
    #expect(
      try edited(text) { try $0.set("receiver.mail-log.file", literal: "\"/x\"") }
        == "domain = \"x\"\n\n[receiver.mail-log]\nlevel = 1\nfile = \"/x\"\n\n[receiver.other]\nfile = \"/o\"\n")
  }

  @Test func missingTableIsAddedAtTheEnd() throws {
    #expect(
      try edited("domain = \"x\"") { try $0.set("receiver.mail-log.file", literal: "\"/x\"") }
        == "domain = \"x\"\n\n[receiver.mail-log]\nfile = \"/x\"\n")
    #expect(try edited("") { try $0.set("receiver.a.b", literal: "1") } == "[receiver.a]\nb = 1\n")
    #expect(try edited("") { try $0.set("region", literal: "\"x\"") } == "region = \"x\"\n")
  }

  @Test func dottedKeyWrittenAtTheTopIsChangedWhereItIs() throws {
    let text = "receiver.mail-log.file = \"/old\" # here\n"
    #expect(
      try edited(text) { try $0.set("receiver.mail-log.file", literal: "\"/new\"") }
        == "receiver.mail-log.file = \"/new\" # here\n")
  }

  @Test func unsetRemovesOnlyTheStatementsLines() throws {
    let text = "# keep\ndomain = \"x\"\nreceivers = [\n  \"a\",\n]  # gone too\n\n# keep too\nbucket = \"b\"\n"
    var editor = try TOMLEditor(text)
    #expect(try editor.unset("receivers"))
    #expect(editor.text == "# keep\ndomain = \"x\"\n\n# keep too\nbucket = \"b\"\n")
    #expect(try !editor.unset("region"))
  }

  @Test func windowsLineEndsStayWindowsLineEnds() throws {
    #expect(
      try edited("domain = \"x\"\r\n\r\n[t]\r\na = 1\r\n") { try $0.set("bucket", literal: "\"b\"") }
        == "domain = \"x\"\r\nbucket = \"b\"\r\n\r\n[t]\r\na = 1\r\n")
  }
}
