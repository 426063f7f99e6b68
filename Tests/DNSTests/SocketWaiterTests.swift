import Testing

@_spi(RootmailHost) @testable import RootmailPluginDNS

#if canImport(Glibc)
  import Glibc
#endif

/// The one thread that waits for every DNS socket.
@Suite struct SocketWaiterTests {
  /// A caller that was not scheduled until after its time asks about a socket that is ready:
  /// the socket is polled before the wait counts as timed out (it was answered "timed out"
  /// unpolled, and a queued DNS answer was lost on a busy CI machine).
  @Test func aReadySocketWaitedForLateIsReady() async throws {
    var pair: [Int32] = [-1, -1]
    #expect(socketpair(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0, &pair) == 0)
    defer { for fd in pair { close(fd) } }
    let byte: [UInt8] = [1]
    #expect(send(pair[1], byte, 1, 0) == 1)
    SocketWaiter.shared.prepare()
    for _ in 0..<20 {
      let ready = await SocketWaiter.shared.ready(pair[0], for: Int16(POLLIN), until: .now - .seconds(1))
      #expect(ready)
    }
  }
}
