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
    /// Whether the process was killed because it used more CPU time than its `cpuLimit`.
    public let exceededCPULimit: Bool
    /// stdout split into lines (no empty trailing line).
    public var lines: [String] { stdout.split(separator: "\n").map(String.init) }
  }

  /// A started process; `wait()` collects its result, killing it after its deadline (`await
  /// result` does the same on a thread of its own, not on one of Swift's few cooperative threads).
  public struct Running: Sendable {
    public let process: Process
    let outPath: String
    let errPath: String
    let deadline: Date
    /// Whether the process runs under a CPU time limit.
    let cpuLimited: Bool

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
      // The kernel's SIGKILL at the limit (SIGXCPU before it stays blocked: children of this
      // process start with most signals blocked), or SIGXCPU if the program unblocked it.
      let overCPU =
        cpuLimited && !killed && process.terminationReason == .uncaughtSignal
        && [SIGKILL, SIGXCPU].contains(process.terminationStatus)
      return Result(
        status: process.terminationStatus, stdout: out, stderr: err, timedOut: killed, exceededCPULimit: overCPU)
    }

    /// `wait()` on a thread of its own: the calling task is suspended, not a cooperative thread
    /// blocked (the tests running beside it in this process need those few threads).
    public var result: Result {
      get async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Result, Never>) in
          Thread.detachNewThread { continuation.resume(returning: self.wait()) }
        }
      }
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
    timeout: TimeInterval = 120, cpuLimit: Int? = nil
  ) throws -> Running {
    try Self.start(
      binary ?? Self.binary, arguments, environment: environment.merging(extraEnvironment) { $1 }, input: input,
      scratch: home.path, timeout: timeout, cpuLimit: cpuLimit)
  }

  /// Runs `rootmail <arguments>` to the end (killed after `timeout` seconds, or after
  /// `cpuLimit` seconds of CPU time).
  public func run(
    _ arguments: [String], input: String = "", extraEnvironment: [String: String] = [:], binary: String? = nil,
    timeout: TimeInterval = 120, cpuLimit: Int? = nil
  ) throws -> Result {
    try start(
      arguments, input: input, extraEnvironment: extraEnvironment, binary: binary, timeout: timeout, cpuLimit: cpuLimit
    ).wait()
  }

  /// Writes `text` to `name` inside the home and returns its path.
  @discardableResult
  public func write(_ text: String, to name: String, mode: Int = 0o600) throws -> String {
    try home.write(name, text, mode: mode)
  }

  /// `rootmail <arguments>` on a pseudo-terminal (util-linux `script`), as a user at a terminal
  /// runs it: stdout is what the terminal showed, with its `\r\n` line ends made `\n`.
  public func runOnTerminal(_ arguments: [String], extra: [String: String] = [:]) throws -> Result {
    let command = ([Self.binary] + arguments).map { "'" + $0 + "'" }.joined(separator: " ")
    let r = try Self.start("/usr/bin/script", ["-qec", command, "/dev/null"], environment: environment.merging(extra) { $1 })
      .wait()
    return Result(
      status: r.status, stdout: r.stdout.replacingOccurrences(of: "\r\n", with: "\n"), stderr: r.stderr,
      timedOut: r.timedOut, exceededCPULimit: r.exceededCPULimit)
  }

  /// Starts any program with `environment` exactly (nil: this process's), streams through files
  /// in `scratch`, bounded by `timeout`. With `cpuLimit` the kernel kills it once it has used
  /// that many seconds of CPU time: a bound on its work that, unlike a wall-clock limit, a
  /// loaded machine does not reach (the program is exec'd from `sh` after `ulimit -t`, so its
  /// process id is the one `Running` reports).
  public static func start(
    _ executable: String, _ arguments: [String], environment: [String: String]?, input: String = "",
    scratch: String = NSTemporaryDirectory(), timeout: TimeInterval = 120, cpuLimit: Int? = nil
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
    if let cpuLimit {
      process.executableURL = URL(fileURLWithPath: "/bin/sh")
      process.arguments = ["-c", "ulimit -t \(cpuLimit) && exec \"$0\" \"$@\"", executable] + arguments
    } else {
      process.executableURL = URL(fileURLWithPath: executable)
      process.arguments = arguments
    }
    if let environment { process.environment = environment }
    process.standardInput = FileHandle(forReadingAtPath: inPath)
    process.standardOutput = FileHandle(forWritingAtPath: outPath)
    process.standardError = FileHandle(forWritingAtPath: errPath)
    try process.run()
    return Running(
      process: process, outPath: outPath, errPath: errPath, deadline: Date().addingTimeInterval(timeout),
      cpuLimited: cpuLimit != nil)
  }

  /// Runs any program to the end (see `start`).
  public static func run(
    _ executable: String, _ arguments: [String], environment: [String: String]? = nil, input: String = "",
    timeout: TimeInterval = 120, cpuLimit: Int? = nil
  ) throws -> Result {
    try start(executable, arguments, environment: environment, input: input, timeout: timeout, cpuLimit: cpuLimit).wait()
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
