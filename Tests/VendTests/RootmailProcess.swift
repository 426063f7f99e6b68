import Foundation
import RootmailTestSupport

/// Runs the real `rootmail` binary (built beside the test bundle) with a private data, cache
/// and config home, so that every test has its own empty store. Standard streams go through
/// files (never a terminal), so many processes can run at once without pipes filling up.
struct RootmailProcess: Sendable {
  struct Result: Sendable {
    let status: Int32
    let stdout: String
    let stderr: String
    var lines: [String] { stdout.split(separator: "\n").map(String.init) }
  }

  /// A started process; `wait()` collects its result.
  struct Running {
    let process: Process
    let outPath: String
    let errPath: String

    func wait() -> Result {
      process.waitUntilExit()
      let out = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
      let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
      return Result(status: process.terminationStatus, stdout: out, stderr: err)
    }
  }

  let home: String
  var environment: [String: String]

  static var binary: String {
    let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    return (exe as NSString).deletingLastPathComponent + "/rootmail"
  }

  init(extra: [String: String] = [:]) throws {
    var template = Array((NSTemporaryDirectory() + "/rootmail-vend-XXXXXX").utf8CString)
    guard let made = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
    home = String(cString: made)
    environment = [
      "PATH": "/usr/bin:/bin", "HOME": home, "XDG_DATA_HOME": home + "/data", "XDG_CACHE_HOME": home + "/cache",
      "XDG_CONFIG_HOME": home + "/config", "ROOTMAIL_DOMAIN": "example.com", "ROOTMAIL_PLUGIN_PATH": "",
    ].merging(extra) { $1 }
  }

  var storePath: String { home + "/data/rootmail/rootmail.sqlite" }

  /// A process environment whose store is a fresh DynamoDB table on moto_server, created as
  /// aws-account-factory-email's stack creates it; returns it with the table's name.
  static func onDynamoDB(extra: [String: String] = [:]) async throws -> (RootmailProcess, table: String) {
    let table = try await SampleMappingTable.create()
    let environment = try SampleMappingTable.environment().merging(["ROOTMAIL_STORE": "dynamodb:\(table)"]) { $1 }
    return (try RootmailProcess(extra: environment.merging(extra) { $1 }), table)
  }

  /// A process on `engine` (`sqlite`: a private file; `dynamodb`: a fresh table on moto).
  static func on(_ engine: String) async throws -> RootmailProcess {
    engine == "dynamodb" ? try await onDynamoDB().0 : try RootmailProcess()
  }

  /// Starts `rootmail <arguments>` with `input` on stdin.
  func start(_ arguments: [String], input: String = "") throws -> Running {
    let id = UUID().uuidString
    let inPath = try write(input, to: "in-\(id)")
    let outPath = home + "/out-\(id)"
    let errPath = home + "/err-\(id)"
    FileManager.default.createFile(atPath: outPath, contents: nil)
    FileManager.default.createFile(atPath: errPath, contents: nil)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Self.binary)
    process.arguments = arguments
    process.environment = environment
    process.standardInput = FileHandle(forReadingAtPath: inPath)
    process.standardOutput = FileHandle(forWritingAtPath: outPath)
    process.standardError = FileHandle(forWritingAtPath: errPath)
    try process.run()
    return Running(process: process, outPath: outPath, errPath: errPath)
  }

  /// Runs `rootmail <arguments>` to the end.
  func run(_ arguments: [String], input: String = "") throws -> Result {
    try start(arguments, input: input).wait()
  }

  @discardableResult
  func write(_ text: String, to name: String) throws -> String {
    let path = home + "/" + name
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  /// Every stored mapping, through `mappings export` (JSON lines).
  func storedEmails() throws -> [String] {
    let dynamo = environment["ROOTMAIL_STORE"]?.hasPrefix("dynamodb:") ?? false
    guard dynamo || FileManager.default.fileExists(atPath: storePath) else { return [] }
    let result = try run(["mappings", "export"])
    precondition(result.status == 0, result.stderr)
    return result.lines.compactMap { line in
      (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["AccountEmail"] as? String
    }
  }
}
