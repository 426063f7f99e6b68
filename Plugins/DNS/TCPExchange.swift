import CLDNS

#if canImport(Glibc)
  import Glibc
#endif

extension Exchange {
  /// The question over TCP: connect, send the length-prefixed question, read the
  /// length-prefixed answer, each wait bounded by the timeout (as ldns bounds each read) and
  /// all of them by the check's deadline. At the deadline the socket is closed, so a server
  /// trickling its answer a byte at a time neither holds the check nor keeps the connection.
  func sendTCP() async -> Result<DNSResponse, DNSFailure> {
    guard let address = SocketAddress(server) else { return .failure(DNSFailure("not an IP address: \(server.address)")) }
    let question: (wire: [UInt8], id: UInt16)
    switch self.question() {
    case .failure(let f): return .failure(f)
    case .success(let q): question = q
    }
    let message = [UInt8(question.wire.count >> 8), UInt8(question.wire.count & 0xFF)] + question.wire
    var why = "no attempt made"
    for _ in 0..<attempts {
      guard ContinuousClock.now < deadline else { return .failure(outOfTime(tcp: true)) }
      let fd = socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0)
      guard fd >= 0 else {
        why = "could not connect: " + Exchange.failureName(LDNS_STATUS_NETWORK_ERR, errno: errno)
        continue
      }
      let attempt = await ask(fd, address, message, id: question.id)
      close(fd)
      switch attempt {
      case .answer(let response): return .success(response)
      case .outOfTime: return .failure(outOfTime(tcp: true))
      case .failed(let reason): why = reason
      }
    }
    return .failure(noAnswer(tcp: true, why))
  }

  enum Attempt {
    case answer(DNSResponse)
    case failed(String)
    case outOfTime
  }

  /// One attempt on the new socket `fd` (the caller closes it).
  func ask(_ fd: Int32, _ address: SocketAddress, _ message: [UInt8], id: UInt16) async -> Attempt {
    if address.withPointer({ connect(fd, $0, address.length) }) != 0 {
      // Named as the UDP path names a server that does not answer (refused, unreachable, …).
      guard errno == EINPROGRESS else {
        return .failed("could not connect: " + Self.failureName(LDNS_STATUS_NETWORK_ERR, errno: errno))
      }
      switch await wait(fd, for: Int32(POLLOUT | POLLERR)) {
      case .deadline: return .outOfTime
      case .timedOut: return .failed("could not connect: " + Self.failureName(LDNS_STATUS_NETWORK_ERR, errno: 0))
      case .ready: break
      }
      var error: Int32 = 0
      var size = socklen_t(MemoryLayout<Int32>.size)
      if getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size) != 0 { error = errno }
      if error != 0 { return .failed("could not connect: " + Self.failureName(LDNS_STATUS_NETWORK_ERR, errno: error)) }
    }
    guard send(fd, message, message.count, Int32(MSG_NOSIGNAL)) == message.count else {
      return .failed("could not send the question")
    }
    let lost = "no whole answer in time, or the connection closed"
    let prefix: [UInt8]
    switch await read(fd, count: 2) {
    case .bytes(let bytes): prefix = bytes
    case .outOfTime: return .outOfTime
    case .failed: return .failed(lost)
    }
    let body: [UInt8]
    switch await read(fd, count: Int(prefix[0]) << 8 | Int(prefix[1])) {
    case .bytes(let bytes): body = bytes
    case .outOfTime: return .outOfTime
    case .failed: return .failed(lost)
    }
    var packet: UnsafeMutablePointer<ldns_pkt>?
    guard ldns_wire2pkt(&packet, body, body.count) == LDNS_STATUS_OK, let packet else {
      return .failed("an answer that is not a DNS message")
    }
    defer { ldns_pkt_free(packet) }
    guard ldns_pkt_id(packet) == id else { return .failed("an answer to another question (ID \(ldns_pkt_id(packet)))") }
    return .answer(Self.response(packet, tcp: true))
  }

  enum Read {
    case bytes([UInt8])
    case failed
    case outOfTime
  }

  /// Exactly `count` bytes from `fd`, each wait for more bounded by the timeout.
  func read(_ fd: Int32, count: Int) async -> Read {
    var bytes = [UInt8](repeating: 0, count: count)
    var have = 0
    while have < count {
      switch await wait(fd, for: Int32(POLLIN | POLLERR)) {
      case .deadline: return .outOfTime
      case .timedOut: return .failed
      case .ready: break
      }
      let got = bytes.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + have, count - have, 0) }
      if got < 0 && (errno == EAGAIN || errno == EINTR) { continue }
      guard got > 0 else { return .failed }
      have += got
    }
    return .bytes(bytes)
  }
}
