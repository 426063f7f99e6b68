import CLDNS
@_spi(RootmailHost) import RootmailKit

#if canImport(Glibc)
  import Glibc
#endif

extension Exchange {
  /// The question over UDP as ldns's resolver asked it: a new socket per attempt, connected to
  /// the server (the kernel drops datagrams from anywhere else, and a closed port is refused at
  /// once), and the first datagram within the timeout that answers this question (its ID, the
  /// response bit and the question section as sent) is the answer; any other is dropped and the
  /// wait goes on (a stranger on the machine may spray datagrams at the port). A timeout or a
  /// failed read means another attempt. An answer with TC comes back with `fellBackToTCP` set
  /// (the caller asks again over TCP).
  func sendUDP() async -> Result<DNSResponse, DNSFailure> {
    guard let address = SocketAddress(server) else { return .failure(DNSFailure("not an IP address: \(server.address)")) }
    let wire: [UInt8]
    switch question() {
    case .failure(let f): return .failure(f)
    case .success(let q): wire = q.wire
    }
    var status = LDNS_STATUS_ERR
    var socketError: Int32 = 0
    var dropped = 0
    for _ in 0..<attempts {
      let fd = socket(address.family, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0)
      guard fd >= 0 else {
        (status, socketError) = (LDNS_STATUS_SOCKET_ERROR, errno)
        continue
      }
      defer { close(fd) }
      guard address.withPointer({ connect(fd, $0, address.length) }) == 0, send(fd, wire, wire.count, 0) == wire.count else {
        (status, socketError) = (LDNS_STATUS_SOCKET_ERROR, errno)
        continue
      }
      let attemptEnd = ContinuousClock.now + timeout
      var answer: [UInt8]?
      // Read until the socket is empty before each wait, and look once more after a wait that
      // timed out: a process that was not scheduled for a while (a busy machine) still takes
      // the answer that came meanwhile. Past the attempt's end, at most `lateReads` more
      // datagrams are read, so a server sending answers to other questions without pause
      // cannot keep the exchange going.
      var lateReads = 0
      receiving: while true {
        var count = 0
        var readError: Int32 = 0
        // As ldns reads: up to the largest DNS message (the buffer is not zeroed first).
        let buffer = [UInt8](unsafeUninitializedCapacity: Int(LDNS_MAX_PACKETLEN)) { bytes, initialized in
          count = recv(fd, bytes.baseAddress, bytes.count, 0)
          readError = errno
          initialized = max(count, 0)
        }
        let now = ContinuousClock.now
        if count < 0 {
          if readError == EINTR { continue }
          guard readError == EAGAIN || readError == EWOULDBLOCK else {
            (status, socketError) = (LDNS_STATUS_NETWORK_ERR, readError)
            break receiving
          }
          // Nothing there: out of time, or wait (then look again).
          if now >= deadline { return .failure(outOfTime(tcp: false)) }
          if now >= attemptEnd {
            (status, socketError) = (LDNS_STATUS_NETWORK_ERR, 0)
            break receiving
          }
          _ = await wait(fd, for: Int32(POLLIN | POLLERR), attemptEnd: attemptEnd)
          continue
        }
        if Self.answers(buffer, question: wire) {
          answer = buffer
          break receiving
        }
        dropped += 1
        if now >= attemptEnd || now >= deadline {
          lateReads += 1
          if lateReads > Self.lateReads {
            if now >= deadline { return .failure(outOfTime(tcp: false)) }
            (status, socketError) = (LDNS_STATUS_NETWORK_ERR, 0)
            break receiving
          }
        }
      }
      guard let answer else { continue }
      var packet: UnsafeMutablePointer<ldns_pkt>?
      let parsed = ldns_wire2pkt(&packet, answer, answer.count)
      guard parsed == LDNS_STATUS_OK, let packet else {
        return .failure(noAnswer(tcp: false, Self.failureName(parsed, errno: 0).lowercased()))
      }
      defer { ldns_pkt_free(packet) }
      return .success(Self.response(packet, tcp: false))
    }
    let why = Self.failureName(status, errno: socketError).lowercased()
    return .failure(
      noAnswer(
        tcp: false, dropped > 0 ? "\(why); \(Plural.count(dropped, "datagram")) that answered no question of ours dropped" : why))
  }

  /// Datagrams read past an attempt's end before it gives up (more than a socket's queue of
  /// late answers holds, far fewer than a flood).
  static let lateReads = 256

  /// Whether `message` is a response to `question` (both DNS messages in wire format): the
  /// same ID, the QR bit, one question, and the question section as sent (names compared
  /// without regard to ASCII case, as DNS compares them).
  static func answers(_ message: [UInt8], question: [UInt8]) -> Bool {
    // The end of our question section: its name's labels, a zero, type and class.
    var end = 12
    while end < question.count, question[end] != 0 { end += Int(question[end]) + 1 }
    end += 5
    guard end <= question.count, message.count >= end else { return false }
    guard message[0] == question[0], message[1] == question[1], message[2] & 0x80 != 0, message[4] == 0, message[5] == 1
    else { return false }
    for i in 12..<end {
      var (a, b) = (message[i], question[i])
      if (0x41...0x5A).contains(a) { a |= 0x20 }
      if (0x41...0x5A).contains(b) { b |= 0x20 }
      guard a == b else { return false }
    }
    return true
  }
}
