import Foundation
@_spi(RootmailHost) import RootmailKit

#if canImport(Glibc)
  import Glibc
#endif

/// Runs the real `rootmail` binary (built beside the test bundle) as a user would, with a
/// private home: its own config, data (store, mail cache) and cache (plugin index) folders, and
/// never the machine's `~/.aws`. Standard streams go through files, never a terminal or a pipe
/// that can fill up, so many processes can run at once. Every run is bounded in time.
///
/// The model is swift-argument-parser's `AssertExecuteCommand`: one runner every test target uses.
public struct RootmailCLI: Sendable {
  /// What a finished run printed and how it exited.
  public struct Result: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
    /// Whether the process was killed because it outlived its timeout.
    public let timedOut: Bool
    /// stdout split into lines (no empty trailing line).
    public var lines: [String] { stdout.split(separator: "\n").map(String.init) }
  }

  /// A started process; `wait()` collects its result, killing it after its deadline.
  public struct Running: Sendable {
    public let process: Process
    let outPath: String
    let errPath: String
    let deadline: Date

    /// The child's process id (for tests that signal it).
    public var pid: Int32 { process.processIdentifier }

    /// What the process has written to stderr so far (it keeps running).
    public func stderrSoFar() -> String { (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "" }

    public func wait() -> Result {
      var killed = false
      while process.isRunning {
        if Date() >= deadline {
          kill(process.processIdentifier, SIGKILL)
          killed = true
          break
        }
        usleep(2_000)
      }
      process.waitUntilExit()
      // A request of this run (or of another test's, found first) that broke botocore's model.
      ModelProxyCheck.check()
      let out = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
      let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
      try? FileManager.default.removeItem(atPath: outPath)
      try? FileManager.default.removeItem(atPath: errPath)
      return Result(status: process.terminationStatus, stdout: out, stderr: err, timedOut: killed)
    }
  }

  /// The private home (removed with `home`'s folder when the last copy goes away).
  public let home: TemporaryFolder
  /// The environment every run gets (add to it, or pass `extraEnvironment`).
  public var environment: [String: String]

  /// The folder the test bundle runs from (.build/<triple>/<config>), which holds the binary,
  /// the kit and every plugin.
  public static let buildFolder: String = {
    let exe = Executable.path ?? CommandLine.arguments[0]
    return (exe as NSString).deletingLastPathComponent
  }()
  /// `.build/…/rootmail`.
  public static var binary: String { buildFolder + "/rootmail" }
  /// The repository's root folder: `ROOTMAIL_REPOSITORY_ROOT` when set (StandAloneCloneTests
  /// runs this build's fixture suites against a fresh clone's files with it), else the checkout
  /// this file was compiled from (it is Sources/RootmailTestSupport/RootmailCLI.swift).
  public static let repositoryRoot: String = {
    if let root = ProcessInfo.processInfo.environment["ROOTMAIL_REPOSITORY_ROOT"], !root.isEmpty { return root }
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
  }()
  /// The repository's own test fixtures (`Tests/Fixtures`: SES mails and events, see its README).
  public static var fixturesFolder: String { repositoryRoot + "/Tests/Fixtures" }

  /// A runner with a fresh private home. `ROOTMAIL_PLUGIN_PATH` is empty (plugins come from the
  /// build folder) and AWS shared files point nowhere unless `extra` says otherwise.
  public init(extra: [String: String] = [:]) throws {
    home = try TemporaryFolder(prefix: "rootmail-cli")
    environment = [
      "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
      "HOME": home.path,
      "XDG_CONFIG_HOME": home.path + "/config",
      "XDG_DATA_HOME": home.path + "/data",
      "XDG_CACHE_HOME": home.path + "/cache",
      "ROOTMAIL_PLUGIN_PATH": "",
      "AWS_CONFIG_FILE": home.path + "/aws/config",
      "AWS_SHARED_CREDENTIALS_FILE": home.path + "/aws/credentials",
      "AWS_EC2_METADATA_DISABLED": "true",
    ].merging(extra) { $1 }
  }

  /// The embedded store's default path in this home.
  public var storePath: String { home.path + "/data/rootmail/rootmail.sqlite" }

  /// Starts `rootmail <arguments>` (or `binary`) with `input` on stdin.
  public func start(
    _ arguments: [String], input: String = "", extraEnvironment: [String: String] = [:], binary: String? = nil,
    timeout: TimeInterval = 120
  ) throws -> Running {
    try Self.start(
      binary ?? Self.binary, arguments, environment: environment.merging(extraEnvironment) { $1 }, input: input,
      scratch: home.path, timeout: timeout)
  }

  /// Runs `rootmail <arguments>` to the end (killed after `timeout` seconds).
  public func run(
    _ arguments: [String], input: String = "", extraEnvironment: [String: String] = [:], binary: String? = nil,
    timeout: TimeInterval = 120
  ) throws -> Result {
    try start(arguments, input: input, extraEnvironment: extraEnvironment, binary: binary, timeout: timeout).wait()
  }

  /// Writes `text` to `name` inside the home and returns its path.
  @discardableResult
  public func write(_ text: String, to name: String, mode: Int = 0o600) throws -> String {
    try home.write(name, text, mode: mode)
  }

  /// Starts any program with `environment` exactly (nil: this process's), streams through files
  /// in `scratch`, bounded by `timeout`.
  public static func start(
    _ executable: String, _ arguments: [String], environment: [String: String]?, input: String = "",
    scratch: String = NSTemporaryDirectory(), timeout: TimeInterval = 120
  ) throws -> Running {
    let id = UUID().uuidString
    let inPath = scratch + "/in-\(id)"
    let outPath = scratch + "/out-\(id)"
    let errPath = scratch + "/err-\(id)"
    try Data(input.utf8).write(to: URL(fileURLWithPath: inPath))
    FileManager.default.createFile(atPath: outPath, contents: nil)
    FileManager.default.createFile(atPath: errPath, contents: nil)
    defer { try? FileManager.default.removeItem(atPath: inPath) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    process.standardInput = FileHandle(forReadingAtPath: inPath)
    process.standardOutput = FileHandle(forWritingAtPath: outPath)
    process.standardError = FileHandle(forWritingAtPath: errPath)
    try process.run()
    return Running(process: process, outPath: outPath, errPath: errPath, deadline: Date().addingTimeInterval(timeout))
  }

  /// Runs any program to the end (see `start`).
  public static func run(
    _ executable: String, _ arguments: [String], environment: [String: String]? = nil, input: String = "",
    timeout: TimeInterval = 120
  ) throws -> Result {
    try start(executable, arguments, environment: environment, input: input, timeout: timeout).wait()
  }
}

/// A temporary folder (mode 0700) deleted when the last reference goes away.
public final class TemporaryFolder: Sendable {
  public let path: String

  public init(prefix: String = "rootmail-test") throws {
    // No "//" in the path: tests compare it with paths rootmail has normalised.
    var template = Array(((NSTemporaryDirectory() as NSString).appendingPathComponent("\(prefix)-XXXXXX")).utf8CString)
    guard let made = mkdtemp(&template) else { throw CLIError("mkdtemp failed: errno \(errno)") }
    path = String(cString: made)
  }
  deinit { try? FileManager.default.removeItem(atPath: path) }

  /// Writes `text` to `name` (folders made as needed) with `mode`; returns the path.
  @discardableResult
  public func write(_ name: String, _ text: String, mode: Int = 0o644) throws -> String {
    try write(name, Data(text.utf8), mode: mode)
  }

  /// Writes `bytes` to `name` (folders made as needed) with `mode`; returns the path.
  @discardableResult
  public func write(_ name: String, _ bytes: Data, mode: Int = 0o644) throws -> String {
    let file = path + "/" + name
    try FileManager.default.createDirectory(
      atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try bytes.write(to: URL(fileURLWithPath: file))
    try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: file)
    return file
  }

  /// Makes the folder `name` (and its parents) with `mode`; returns the path.
  @discardableResult
  public func makeFolder(_ name: String, mode: Int = 0o755) throws -> String {
    let folder = path + "/" + name
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: folder)
    return folder
  }
}
