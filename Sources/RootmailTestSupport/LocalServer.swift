// Test support shared by every test target: local servers the tests talk to over 127.0.0.1.
import Foundation
@_spi(RootmailHost) import RootmailKit

#if canImport(Glibc)
  import Glibc
#endif

/// A child process serving HTTP on a free 127.0.0.1 port, started by a test and stopped at the
/// end (`stop`, also on deinit). Start-up waits, bounded, until the port accepts connections.
public final class LocalServer: Sendable {
  public let port: Int
  public let process: Process
  let log: URL

  /// Starts `executable arguments…`; `%PORT%` in an argument is replaced by the chosen port.
  public init(executable: String, arguments: [String], port: Int? = nil, readyWithin seconds: Double = 30) throws {
    let port = try port ?? LocalServer.freePort()
    self.port = port
    log = FileManager.default.temporaryDirectory.appendingPathComponent("rootmail-server-\(getpid())-\(port).log")
    _ = FileManager.default.createFile(atPath: log.path, contents: nil)
    let handle = try FileHandle(forWritingTo: log)
    process = Process()
    // A small python3 watcher (Tests/Support/server_watcher.py) runs the server and ends it when this process goes away, even
    // if it crashes, so no server outlives its test run.
    process.executableURL = URL(fileURLWithPath: try LocalServer.which("python3"))
    process.arguments =
      [LocalServer.script("server_watcher.py"), try LocalServer.which(executable)]
      + arguments.map { $0.replacingOccurrences(of: "%PORT%", with: String(port)) }
    process.standardOutput = handle
    process.standardError = handle
    try process.run()
    let deadline = Date().addingTimeInterval(seconds)
    while !LocalServer.accepts(port: port) {
      guard process.isRunning, Date() < deadline else {
        stop()
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        throw CLIError("\(executable) did not start on port \(port) within \(seconds) s: \(output.suffix(2000))")
      }
      usleep(50_000)
    }
  }

  deinit { stop() }

  /// The path of a test script in `Tests/Support/` (servers, proxies: Python kept in files).
  public static func script(_ name: String) -> String { RootmailCLI.repositoryRoot + "/Tests/Support/" + name }

  /// `http://127.0.0.1:<port>`.
  public var url: String { "http://127.0.0.1:\(port)" }

  /// What the server printed so far.
  public var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

  /// The first line of the output that `matches`, waiting for it (every 50 ms, ten minutes of
  /// margin for a busy machine); nil if none came.
  public func line(where matches: (Substring) -> Bool) async -> Substring? {
    let giveUp = ContinuousClock.now + .seconds(600)
    while true {
      if let found = output.split(separator: "\n").first(where: matches) { return found }
      guard ContinuousClock.now < giveUp else { return nil }
      try? await Task.sleep(for: .milliseconds(50))
    }
  }

  public func stop() {
    guard process.isRunning else { return }
    process.terminate()
    let deadline = Date().addingTimeInterval(5)
    while process.isRunning && Date() < deadline { usleep(20_000) }
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
  }

  /// A port nobody listens on right now (bound to port 0, then released).
  public static func freePort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw CLIError("socket() failed") }
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = 0
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    var len = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &addr) { p in
      p.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 }
    }
    guard bound else { throw CLIError("bind() failed") }
    return Int(UInt16(bigEndian: addr.sin_port))
  }

  /// Whether something accepts TCP connections on 127.0.0.1:`port`.
  public static func accepts(port: Int) -> Bool {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = UInt16(port).bigEndian
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    return withUnsafePointer(to: &addr) { p in
      p.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
    }
  }

  /// The full path of a program on PATH (or the argument when it has a slash).
  public static func which(_ name: String) throws -> String {
    if name.contains("/") { return name }
    for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
      let candidate = "\(dir)/\(name)"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    throw CLIError("\(name) is not installed (run scripts/install-deps.sh test)")
  }

  /// Sends `method path` with the kit's transport and returns the response.
  public func request(_ method: String, _ path: String, body: [UInt8] = []) async throws -> AWSResponse {
    let request = AWSRequest(method: method, scheme: "http", host: "127.0.0.1", port: port, path: path, body: body)
    return try await TransportLoader.shared().send(request, timeout: 30)
  }
}
