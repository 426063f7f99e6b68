import CLDNS
@_spi(RootmailHost) import RootmailKit
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// Lets the check's deadline end a TCP exchange from another thread: the exchange records the
/// socket it reads from, and `cancel` shuts that socket down (the blocked read returns at once)
/// and stops any further attempt. The socket is closed under the same lock, so `cancel` never
/// touches a descriptor number already reused.
final class ExchangeCancel: Sendable {
  private let state = Mutex<(socket: Int32, cancelled: Bool)>((-1, false))

  /// Records `socket` as the one being read; false (the socket then closed) once cancelled.
  func track(_ socket: Int32) -> Bool {
    state.withLock { state in
      if state.cancelled {
        close(socket)
        return false
      }
      state.socket = socket
      return true
    }
  }

  /// Closes the recorded socket.
  func finish(_ socket: Int32) {
    state.withLock { state in
      close(socket)
      if state.socket == socket { state.socket = -1 }
    }
  }

  func cancel() {
    state.withLock { state in
      state.cancelled = true
      if state.socket >= 0 { shutdown(state.socket, Int32(SHUT_RDWR)) }
    }
  }
}

extension Exchange {
  /// The question over TCP with ldns's pieces (connect, send, read the length-prefixed answer)
  /// rather than `ldns_resolver_send`, which keeps its socket to itself: the socket is handed
  /// to `cancel`, so a server trickling its answer cannot keep this thread past the deadline.
  func sendTCP(cancel: ExchangeCancel) -> Result<DNSResponse, DNSFailure> {
    guard let address = ldns_rdf_new_frm_str(server.isIPv6 ? LDNS_RDF_TYPE_AAAA : LDNS_RDF_TYPE_A, server.address) else {
      return .failure(DNSFailure("not an IP address: \(server.address)"))
    }
    defer { ldns_rdf_deep_free(address) }
    var length = 0
    guard let target = ldns_rdf2native_sockaddr_storage(address, server.port, &length) else {
      return .failure(DNSFailure("ldns refused the server address \(server.address)"))
    }
    defer { free(target) }
    guard let qname = ldns_dname_new_frm_str(name) else {
      return .failure(DNSFailure("not a domain name: \(TerminalSafe.escaped(name))"))
    }
    // The packet owns the name from here on.
    guard
      let query = ldns_pkt_query_new(
        qname, ldns_rr_type(rawValue: UInt32(type.rawValue)), LDNS_RR_CLASS_IN, recursion ? UInt16(LDNS_RD) : 0)
    else {
      ldns_rdf_deep_free(qname)
      return .failure(DNSFailure("ldns: out of memory"))
    }
    defer { ldns_pkt_free(query) }
    ldns_pkt_set_random_id(query)
    guard let wire = ldns_buffer_new(Int(LDNS_MAX_PACKETLEN)) else { return .failure(DNSFailure("ldns: out of memory")) }
    defer { ldns_buffer_free(wire) }
    guard ldns_pkt2buffer_wire(wire, query) == LDNS_STATUS_OK else {
      return .failure(DNSFailure("ldns could not encode the question for \(TerminalSafe.escaped(name))"))
    }
    let (seconds, attoseconds) = timeout.components
    let wait = timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
    var why = "no attempt made"
    for _ in 0..<attempts {
      errno = 0
      let socket = ldns_tcp_connect2(target, socklen_t(length), wait)
      guard socket >= 0 else {
        // Named as the UDP path names a server that does not answer (refused, unreachable, …).
        why = "could not connect: " + Exchange.failureName(LDNS_STATUS_NETWORK_ERR, errno: errno)
        continue
      }
      guard cancel.track(socket) else { return .failure(noAnswer(tcp: true, "the check's --timeout ran out")) }
      guard ldns_tcp_send_query(wire, socket, target, socklen_t(length)) > 0 else {
        cancel.finish(socket)
        why = "could not send the question"
        continue
      }
      var size = 0
      let answer = ldns_tcp_read_wire_timeout(socket, &size, wait)
      cancel.finish(socket)
      guard let answer else {
        why = "no whole answer in time, or the connection closed"
        continue
      }
      defer { free(answer) }
      var packet: UnsafeMutablePointer<ldns_pkt>?
      guard ldns_wire2pkt(&packet, answer, size) == LDNS_STATUS_OK, let packet else {
        why = "an answer that is not a DNS message"
        continue
      }
      defer { ldns_pkt_free(packet) }
      guard ldns_pkt_id(packet) == ldns_pkt_id(query) else {
        why = "an answer to another question (ID \(ldns_pkt_id(packet)))"
        continue
      }
      return .success(Self.response(packet, tcp: true))
    }
    return .failure(noAnswer(tcp: true, why))
  }
}
