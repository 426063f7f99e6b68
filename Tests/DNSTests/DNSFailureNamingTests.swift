import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailPluginDNS
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// A server that does not answer is named with what happened (timed out after N attempts,
/// refused), never ldns's "general ldns error". Both servers are on loopback.
@Suite struct DNSFailureNamingTests {
  /// A bound UDP socket that never answers, and its port.
  func silentUDP() throws -> (Int32, UInt16) {
    let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
    #expect(fd >= 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var size = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, size) }
    }
    #expect(bound == 0)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &size) }
    }
    return (fd, UInt16(bigEndian: address.sin_port))
  }

  @Test func aSilentServerTimesOutAfterItsAttempts() async throws {
    let (fd, port) = try silentUDP()
    defer { close(fd) }
    let client = DNSClient(timeout: .milliseconds(300), attempts: 2, deadline: .now + .seconds(600))
    let result = await client.query("example.com.", .a, at: DNSServer(address: "127.0.0.1", port: port))
    guard case .failure(let failure) = result else {
      Issue.record("a silent server answered")
      return
    }
    #expect(failure.reason.contains("127.0.0.1:\(port)") && failure.reason.contains("2 attempts"), "\(failure.reason)")
    #expect(failure.reason.hasSuffix("timed out"), "\(failure.reason)")
    #expect(!failure.reason.contains("general ldns error"))
  }

  @Test func aClosedPortIsRefused() async throws {
    // A port just released by a silent socket: nothing listens on it over TCP.
    let (fd, port) = try silentUDP()
    close(fd)
    let client = DNSClient(timeout: .seconds(5), attempts: 1, deadline: .now + .seconds(600))
    let result = await client.query("example.com.", .a, at: DNSServer(address: "127.0.0.1", port: port), transport: .tcp)
    guard case .failure(let failure) = result else {
      Issue.record("a closed port answered")
      return
    }
    #expect(failure.reason.contains("refused"), "\(failure.reason)")
    #expect(!failure.reason.contains("general ldns error"))
  }
}

extension DNSCheckTests {
  @Test func cliWaitSaysWhenItGaveUp() async throws {
    let lab = try DNSLab()
    try await lab.setUpAWS()
    lab.records.removeAll { $0.contains(" MX ") }
    try await lab.start()
    let result = try lab.cli(["--wait", "--interval", "1s", "--wait-timeout", "3s", "--output", "text"])
    #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
    #expect(result.stderr.contains("gave up waiting: --wait-timeout 3s ended with 1 check still failing"), "\(result.stderr)")
  }
}
