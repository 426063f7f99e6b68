import Foundation
import Testing

/// What a run of the real `rootmail` binary printed and how it exited.
struct CLIResult {
  let stdout: String
  let stderr: String
  let status: Int32
}

/// Runs the real dispatcher binary built beside the test bundle, with an isolated home.
struct CLI {
  /// The build folder (.build/<triple>/debug): where `swift test` runs the test bundle from.
  static let buildFolder: String = {
    let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    return (exe as NSString).deletingLastPathComponent
  }()
  static var binary: String { buildFolder + "/rootmail" }
  static let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { url.deleteLastPathComponent() }
    return url.path
  }()

  /// A temporary home with its own XDG folders, removed when the test ends.
  let home: TemporaryFolder
  var environment: [String: String]

  init() throws {
    home = try TemporaryFolder()
    environment = [
      "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
      "HOME": home.path,
      "XDG_CONFIG_HOME": home.path + "/config",
      "XDG_DATA_HOME": home.path + "/data",
      "XDG_CACHE_HOME": home.path + "/cache",
    ]
  }

  /// Runs `rootmail <arguments>`; stdin is /dev/null unless `input` is given. Bounded by `timeout`.
  func run(
    _ arguments: [String], input: String? = nil, extraEnvironment: [String: String] = [:], binary: String? = nil,
    timeout: TimeInterval = 60
  )
    throws -> CLIResult
  {
    try Self.runProcess(
      binary ?? Self.binary, arguments, environment: environment.merging(extraEnvironment) { $1 }, input: input, timeout: timeout)
  }

  static func runProcess(
    _ executable: String, _ arguments: [String], environment: [String: String]? = nil, input: String? = nil,
    timeout: TimeInterval = 120
  )
    throws -> CLIResult
  {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    let stdin = Pipe()
    process.standardInput = input == nil ? FileHandle.nullDevice : stdin
    try process.run()
    if let input {
      stdin.fileHandleForWriting.write(Data(input.utf8))
      try stdin.fileHandleForWriting.close()
    }
    // Read both pipes concurrently so a chatty child never blocks on a full pipe.
    nonisolated(unsafe) var errData = Data()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
      errData = err.fileHandleForReading.readDataToEndOfFile()
      group.leave()
    }
    let deadline = DispatchTime.now() + timeout
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    if group.wait(timeout: deadline) == .timedOut { process.terminate() }
    process.waitUntilExit()
    return CLIResult(
      stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self),
      status: process.terminationStatus)
  }
}

/// A temporary folder (mode 0700) deleted when the value goes away.
final class TemporaryFolder: @unchecked Sendable {
  let path: String
  init() throws {
    path = NSTemporaryDirectory() + "rootmail-test-" + UUID().uuidString
    try FileManager.default.createDirectory(
      atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
  }
  deinit { try? FileManager.default.removeItem(atPath: path) }

  func write(_ name: String, _ text: String, mode: Int = 0o644) throws -> String {
    let file = path + "/" + name
    try FileManager.default.createDirectory(
      atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try text.write(toFile: file, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: file)
    return file
  }

  func makeFolder(_ name: String, mode: Int = 0o755) throws -> String {
    let folder = path + "/" + name
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: folder)
    return folder
  }
}
