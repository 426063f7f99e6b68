@_spi(RootmailHost) import RootmailKit
import Testing

/// The shared-file INI dialect, read as botocore reads it.
@Suite struct INIFileTests {
  @Test func readsSectionsKeysCommentsContinuationsAndNestedBlocks() throws {
    let text = """
      # comment
      ; another
      [default]
      Region = eu-west-1
      output: json
      note = a # not a comment
      [profile dev]
      role_arn = arn:aws:iam::123456789012:role/dev
        continued
      s3 =
        addressing_style = path
        max_concurrent_requests = 10

      [default]
      region = us-east-2\r
      """
    let file = try INIFile.parse(text)
    #expect(file.sections.map(\.name) == ["default", "profile dev"])
    #expect(file["default"]?.values["region"] == "us-east-2")
    #expect(file["default"]?.values["output"] == "json")
    #expect(file["default"]?.values["note"] == "a # not a comment")
    #expect(file["profile dev"]?.values["role_arn"] == "arn:aws:iam::123456789012:role/dev\ncontinued")
    #expect(file["profile dev"]?.nested["s3"] == ["addressing_style": "path", "max_concurrent_requests": "10"])
    #expect(file["default"]?.line == 3)
  }

  @Test func reportsTheBadLine() {
    #expect(throws: INIFile.ParseError(path: "f", line: 2, reason: "expected `key = value` or a [section] header")) {
      try INIFile.parse("[a]\njust words\n", path: "f")
    }
    #expect(throws: INIFile.ParseError(path: "f", line: 1, reason: "a setting before any [section] header")) {
      try INIFile.parse("key = value\n", path: "f")
    }
  }
}
