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

  /// On a thread of its own: receives one query on `fd` and hands it to `respond` with a way to
  /// reply to its sender from any socket.
  static func answerOnce(on fd: Int32, _ respond: @escaping @Sendable ([UInt8], ([UInt8], Int32) -> Void) -> Void) {
    Thread {
      var buffer = [UInt8](repeating: 0, count: 512)
      var from = sockaddr_storage()
      var size = socklen_t(MemoryLayout<sockaddr_storage>.size)
      let n = withUnsafeMutablePointer(to: &from) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(fd, &buffer, buffer.count, 0, $0, &size) }
      }
      guard n > 12 else { return }
      respond(Array(buffer[0..<n])) { bytes, socket in
        _ = withUnsafePointer(to: &from) {
          $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(socket, bytes, bytes.count, 0, $0, size) }
        }
      }
    }.start()
  }

  /// A query's bytes made a response (QR set) with `rcode`, the ID changed by `idChange`.
  static func response(to query: [UInt8], rcode: UInt8, idChange: UInt16 = 0) -> [UInt8] {
    var r = query
    let id = (UInt16(r[0]) << 8 | UInt16(r[1])) ^ idChange
    (r[0], r[1]) = (UInt8(id >> 8), UInt8(id & 0xFF))
    r[2] |= 0x80
    r[3] = (r[3] & 0xF0) | rcode
    return r
  }

  /// Only the server's answer to this question counts over UDP: a datagram from another port
  /// with the right ID and one from the server with another ID (a hostile probe: both were
  /// taken, so a local user could decide what `dns check` reports) are dropped, and the wait
  /// goes on to the real answer.
  @Test(arguments: [0, 50_000])
  func onlyTheServersAnswerToThisQuestionIsTaken(delay: UInt32) async throws {
    let (fd, port) = try silentUDP()
    defer { close(fd) }
    let (stranger, _) = try silentUDP()
    defer { close(stranger) }
    Self.answerOnce(on: fd) { query, reply in
      reply(Self.response(to: query, rcode: 3), stranger)  // NXDOMAIN from another port
      reply(Self.response(to: query, rcode: 3, idChange: 0x5A5A), fd)  // NXDOMAIN, another ID
      var otherName = Self.response(to: query, rcode: 3)
      otherName[13] ^= 0x01  // NXDOMAIN for another name
      reply(otherName, fd)
      // At once (all queued before the client reads: each must be read, not only the first
      // of one wake-up), or later (the wait goes on after the dropped ones).
      if delay > 0 { usleep(delay) }
      reply(Self.response(to: query, rcode: 0), fd)  // the answer
    }
    let client = DNSClient(timeout: .seconds(30), attempts: 1, deadline: .now + .seconds(600))
    let result = await client.query("example.com.", .a, at: DNSServer(address: "127.0.0.1", port: port))
    guard case .success(let response) = result else {
      Issue.record("no answer: \(result)")
      return
    }
    #expect(response.rcode == "NOERROR", "\(response)")
  }

  /// A server that sends only answers to other questions has not answered: the attempt times
  /// out and says what was dropped.
  @Test func answersToOtherQuestionsAreNoAnswer() async throws {
    let (fd, port) = try silentUDP()
    defer { close(fd) }
    Self.answerOnce(on: fd) { query, reply in reply(Self.response(to: query, rcode: 0, idChange: 1), fd) }
    // Time enough for the server's thread to answer on a busy machine.
    let client = DNSClient(timeout: .seconds(5), attempts: 1, deadline: .now + .seconds(600))
    let result = await client.query("example.com.", .a, at: DNSServer(address: "127.0.0.1", port: port))
    guard case .failure(let failure) = result else {
      Issue.record("an answer to another question was taken")
      return
    }
    #expect(
      failure.reason.contains("timed out") && failure.reason.contains("1 datagram that answered no question of ours dropped"),
      "\(failure.reason)")
  }

  /// Over UDP too, a closed port is refused at once (the socket is connected, so the port
  /// unreachable reaches it), not after every attempt's timeout.
  @Test func aClosedUDPPortIsRefused() async throws {
    let (fd, port) = try silentUDP()
    close(fd)
    let client = DNSClient(timeout: .seconds(60), attempts: 1, deadline: .now + .seconds(120))
    let result = await client.query("example.com.", .a, at: DNSServer(address: "127.0.0.1", port: port))
    guard case .failure(let failure) = result else {
      Issue.record("a closed port answered")
      return
    }
    #expect(failure.reason.contains("refused"), "\(failure.reason)")
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
