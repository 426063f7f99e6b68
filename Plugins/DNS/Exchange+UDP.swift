import CLDNS

#if canImport(Glibc)
  import Glibc
#endif

extension Exchange {
  /// The question over UDP as ldns's resolver asked it: a new socket per attempt, the first
  /// datagram that arrives within the timeout is the answer, and a timeout or a failed read
  /// means another attempt. An answer with TC comes back with `fellBackToTCP` set (the caller
  /// asks again over TCP).
  func sendUDP() async -> Result<DNSResponse, DNSFailure> {
    guard let address = SocketAddress(server) else { return .failure(DNSFailure("not an IP address: \(server.address)")) }
    let wire: [UInt8]
    switch question() {
    case .failure(let f): return .failure(f)
    case .success(let q): wire = q.wire
    }
    var status = LDNS_STATUS_ERR
    var socketError: Int32 = 0
    for _ in 0..<attempts {
      let fd = socket(address.family, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0)
      guard fd >= 0 else {
        (status, socketError) = (LDNS_STATUS_SOCKET_ERROR, errno)
        continue
      }
      let sent = address.withPointer { sendto(fd, wire, wire.count, 0, $0, address.length) }
      guard sent == wire.count else {
        (status, socketError) = (LDNS_STATUS_SOCKET_ERROR, errno)
        close(fd)
        continue
      }
      switch await wait(fd, for: Int32(POLLIN | POLLERR)) {
      case .deadline:
        close(fd)
        return .failure(outOfTime(tcp: false))
      case .timedOut:
        close(fd)
        status = LDNS_STATUS_NETWORK_ERR
        continue
      case .ready: break
      }
      var count = 0
      var readError: Int32 = 0
      // As ldns reads: up to the largest DNS message (the buffer is not zeroed first).
      let buffer = [UInt8](unsafeUninitializedCapacity: Int(LDNS_MAX_PACKETLEN)) { bytes, initialized in
        count = recv(fd, bytes.baseAddress, bytes.count, 0)
        readError = errno
        initialized = max(count, 0)
      }
      close(fd)
      guard count >= 0 else {
        (status, socketError) = (LDNS_STATUS_NETWORK_ERR, readError)
        continue
      }
      var packet: UnsafeMutablePointer<ldns_pkt>?
      let parsed = ldns_wire2pkt(&packet, buffer, count)
      guard parsed == LDNS_STATUS_OK, let packet else {
        return .failure(noAnswer(tcp: false, Self.failureName(parsed, errno: 0).lowercased()))
      }
      defer { ldns_pkt_free(packet) }
      return .success(Self.response(packet, tcp: false))
    }
    return .failure(noAnswer(tcp: false, Self.failureName(status, errno: socketError).lowercased()))
  }
}
