import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailPluginDNS
@_spi(RootmailHost) import RootmailTestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// One NSD (Debian's nsd) serving `zones` on `addresses`, port 53, in its own temporary folder,
/// run under LocalServer's watcher so it ends with the test process even after a crash.
/// Ready when every address answers the first zone's SOA.
final class NSDServer: Sendable {
  let folder: TemporaryFolder
  let addresses: [String]
  let process: Process

  init(addresses: [String], zones: [(name: String, text: String)]) async throws {
    self.addresses = addresses
    folder = try TemporaryFolder(prefix: "rootmail-nsd")
    let dir = folder.path
    var config = """
      server:
        port: 53
        username: ""
        chroot: ""
        zonesdir: "\(dir)"
        database: ""
        zonelistfile: "\(dir)/zone.list"
        xfrdfile: "\(dir)/xfrd.state"
        pidfile: "\(dir)/nsd.pid"
        logfile: "\(dir)/nsd.log"
        server-count: 1
        verbosity: 0
        do-ip6: no
        hide-version: yes
        minimal-responses: yes
      remote-control:
        control-enable: no

      """
    for a in addresses { config = config.replacingOccurrences(of: "  port: 53\n", with: "  port: 53\n  ip-address: \(a)\n") }
    for (i, zone) in zones.enumerated() {
      try folder.write("zone\(i).zone", zone.text)
      config += "zone:\n  name: \"\(zone.name)\"\n  zonefile: \"zone\(i).zone\"\n"
    }
    try folder.write("nsd.conf", config)
    process = Process()
    process.executableURL = URL(fileURLWithPath: try LocalServer.which("python3"))
    process.arguments = [LocalServer.script("server_watcher.py"), try LocalServer.which("nsd"), "-d", "-c", dir + "/nsd.conf"]
    try folder.write("stderr.log", "")
    process.standardOutput = FileHandle(forWritingAtPath: dir + "/stderr.log")
    process.standardError = FileHandle(forWritingAtPath: dir + "/stderr.log")
    try process.run()
    guard let first = zones.first?.name else { return }
    // Bounded by work, not by the clock: on a loaded machine a test process may not get to ask
    // for many seconds, so give up only after 120 questions went unanswered, each given a second
    // (two minutes of asking at the least), or when nsd has exited.
    var unanswered = 0
    for address in addresses {
      while true {
        let client = DNSClient(timeout: .seconds(1), attempts: 1, deadline: ContinuousClock.now + .seconds(2))
        if case .success = await client.query(first, .soa, at: DNSServer(address: address)) { break }
        unanswered += 1
        guard process.isRunning, unanswered < 120 else {
          stop()
          let log = ["nsd.log", "stderr.log"].compactMap { try? String(contentsOfFile: dir + "/" + $0, encoding: .utf8) }
          throw CLIError("nsd did not answer on \(address) after \(unanswered) questions: \(log.joined().suffix(1500))")
        }
        try await Task.sleep(for: .milliseconds(30))
      }
    }
  }

  deinit { stop() }

  func stop() {
    guard process.isRunning else { return }
    process.terminate()
    let deadline = Date().addingTimeInterval(5)
    while process.isRunning && Date() < deadline { usleep(10_000) }
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
  }
}
