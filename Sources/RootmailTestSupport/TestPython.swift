/// The one way tests run their Python helpers (`Tests/Support/*.py`): no Python in Swift strings.
public enum TestPython {
  /// Runs `Tests/Support/<script>` with `arguments`, `input` on stdin.
  public static func run(_ script: String, _ arguments: [String], input: String = "") throws -> RootmailCLI.Result {
    try RootmailCLI.run("/usr/bin/env", ["python3", LocalServer.script(script)] + arguments, environment: nil, input: input)
  }

  /// `sqlite_tool.py`: a rootmail SQLite file read or changed by another program.
  public static func sqlite(_ arguments: [String], input: String = "") throws -> RootmailCLI.Result {
    try run("sqlite_tool.py", arguments, input: input)
  }
}
