import CLDNS
@_spi(RootmailHost) import RootmailKit

#if canImport(Glibc)
  import Glibc
#endif

/// Asks one name server one question through ldns: UDP first and TCP when the UDP answer is
/// truncated (or TCP only), a timeout per attempt and a number of attempts, and never past the
/// whole check's deadline. Each exchange runs on its own short-lived thread (ldns blocks), so
/// questions to many servers run in parallel without holding Swift's cooperative threads.
public struct DNSClient: Sendable {
  /// Time to wait for one answer.
  public var timeout: Duration
  /// Attempts per question (UDP is lossy; 2 is what stub resolvers use).
  public var attempts: Int
  /// No question is asked, and no wait lasts, past this instant.
  public var deadline: ContinuousClock.Instant

  public init(timeout: Duration = .seconds(2), attempts: Int = 2, deadline: ContinuousClock.Instant) {
    self.timeout = timeout
    self.attempts = max(1, min(attempts, 10))
    self.deadline = deadline
  }

  /// Asks `server` for `name`/`type`. `recursion` sets RD (only for the starting resolver);
  /// `transport` .tcp asks over TCP only, .udp falls back to TCP on truncation.
  public func query(
    _ name: String, _ type: RRType, at server: DNSServer, transport: DNSResponse.Transport = .udp, recursion: Bool = false
  ) async -> Result<DNSResponse, DNSFailure> {
    let remaining = deadline - ContinuousClock.now
    guard remaining > .milliseconds(20) else {
      return .failure(DNSFailure("not asked: the check's --timeout ran out"))
    }
    let perAttempt = min(timeout, remaining / attempts)
    let exchange = Exchange(
      server: server, name: name, type: type, recursion: recursion, timeout: perAttempt, attempts: attempts)
    switch transport {
    case .tcp:
      return await bounded(exchange, tcp: true)
    case .udp:
      let first = await bounded(exchange, tcp: false)
      guard case .success(let udp) = first, udp.fellBackToTCP else { return first }
      // The UDP answer had TC set: the full answer only comes over TCP.
      let again = Exchange(
        server: server, name: name, type: type, recursion: recursion,
        timeout: min(timeout, max(deadline - ContinuousClock.now, .milliseconds(1)) / attempts), attempts: attempts)
      return await bounded(again, tcp: true).map {
        var r = $0
        r.fellBackToTCP = true
        return r
      }
    }
  }

  /// One exchange on a thread of its own, answered no later than the deadline: ldns bounds each
  /// read, not the exchange, so a server trickling its TCP answer a byte at a time would hold
  /// the check for as long as it liked. At the deadline a TCP exchange's socket is shut down, so
  /// its thread ends too (a UDP one ends within its attempts' timeouts, which fit the deadline).
  func bounded(_ exchange: Exchange, tcp: Bool) async -> Result<DNSResponse, DNSFailure> {
    let cancel = ExchangeCancel()
    let answer = await Deadline.race(until: deadline, onTimeout: cancel.cancel) {
      await OwnThread.run { exchange.send(tcp: tcp, cancel: cancel) }
    }
    return answer
      ?? .failure(
        DNSFailure(
          "no answer from \(exchange.server.endpoint) over \(tcp ? "TCP" : "UDP") within the check's --timeout"))
  }
}

/// One question to one server, run synchronously with ldns.
struct Exchange: Sendable {
  let server: DNSServer
  let name: String
  let type: RRType
  let recursion: Bool
  let timeout: Duration
  let attempts: Int

  /// Sends the question; a UDP answer with TC comes back with `fellBackToTCP` set (the caller
  /// asks again over TCP). Over TCP, `cancel` can end the exchange from another thread.
  func send(tcp: Bool, cancel: ExchangeCancel) -> Result<DNSResponse, DNSFailure> {
    if tcp { return sendTCP(cancel: cancel) }
    guard let resolver = ldns_resolver_new() else { return .failure(DNSFailure("ldns: out of memory")) }
    defer { ldns_resolver_deep_free(resolver) }
    guard let address = ldns_rdf_new_frm_str(server.isIPv6 ? LDNS_RDF_TYPE_AAAA : LDNS_RDF_TYPE_A, server.address) else {
      return .failure(DNSFailure("not an IP address: \(server.address)"))
    }
    defer { ldns_rdf_deep_free(address) }
    guard ldns_resolver_push_nameserver(resolver, address) == LDNS_STATUS_OK else {
      return .failure(DNSFailure("ldns refused the server address \(server.address)"))
    }
    ldns_resolver_set_port(resolver, server.port)
    ldns_resolver_set_recursive(resolver, cBool(recursion))
    ldns_resolver_set_usevc(resolver, cBool(false))
    ldns_resolver_set_fallback(resolver, cBool(false))
    ldns_resolver_set_retry(resolver, UInt8(attempts))
    ldns_resolver_set_retrans(resolver, 0)
    ldns_resolver_set_random(resolver, cBool(false))
    ldns_resolver_set_dnssec(resolver, cBool(false))
    let (seconds, attoseconds) = timeout.components
    ldns_resolver_set_timeout(resolver, timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000)))
    guard let qname = ldns_dname_new_frm_str(name) else {
      return .failure(DNSFailure("not a domain name: \(TerminalSafe.escaped(name))"))
    }
    defer { ldns_rdf_deep_free(qname) }
    var packet: UnsafeMutablePointer<ldns_pkt>?
    errno = 0
    let status = ldns_resolver_send(
      &packet, resolver, qname, ldns_rr_type(rawValue: UInt32(type.rawValue)), LDNS_RR_CLASS_IN,
      recursion ? UInt16(LDNS_RD) : 0)
    let socketError = errno
    guard status == LDNS_STATUS_OK, let packet else {
      return .failure(noAnswer(tcp: false, Self.failureName(status, errno: socketError).lowercased()))
    }
    defer { ldns_pkt_free(packet) }
    return .success(Self.response(packet, tcp: false))
  }

  /// `no answer from 192.0.2.1:53 over UDP (2 attempts, 1.0 s each): <why>`.
  func noAnswer(tcp: Bool, _ why: String) -> DNSFailure {
    let wait = "\(Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18)"
    return DNSFailure(
      "no answer from \(server.endpoint) over \(tcp ? "TCP" : "UDP") (\(attempts) attempt\(attempts == 1 ? "" : "s"), "
        + "\(wait.prefix(5)) s each): \(why)")
  }

  static func response(_ packet: UnsafeMutablePointer<ldns_pkt>, tcp: Bool) -> DNSResponse {
    DNSResponse(
      rcode: rcodeName(ldns_pkt_get_rcode(packet)), authoritative: ldns_pkt_aa(packet) != 0,
      answer: records(ldns_pkt_answer(packet)), authority: records(ldns_pkt_authority(packet)),
      additional: records(ldns_pkt_additional(packet)), transport: tcp ? .tcp : .udp,
      fellBackToTCP: !tcp && ldns_pkt_tc(packet) != 0)
  }

  /// What happened, in words: ldns answers "general ldns error" for a timeout and a refusal
  /// alike, so the errno of the socket call that failed tells them apart.
  static func failureName(_ status: ldns_status, errno code: Int32) -> String {
    switch code {
    case ECONNREFUSED: return "refused (nothing listens there)"
    case EHOSTUNREACH, ENETUNREACH, EADDRNOTAVAIL: return "unreachable (\(String(cString: strerror(code))))"
    case ECONNRESET: return "connection reset by the server"
    default:
      if status == LDNS_STATUS_ERR || status == LDNS_STATUS_NETWORK_ERR || code == EAGAIN || code == ETIMEDOUT {
        return "timed out"
      }
      return String(cString: ldns_get_errorstr_by_id(status)).lowercased()
    }
  }

  static func rcodeName(_ code: ldns_pkt_rcode) -> String {
    switch code.rawValue {
    case 0: "NOERROR"
    case 1: "FORMERR"
    case 2: "SERVFAIL"
    case 3: "NXDOMAIN"
    case 4: "NOTIMP"
    case 5: "REFUSED"
    default: "RCODE\(code.rawValue)"
    }
  }

  static func records(_ list: UnsafeMutablePointer<ldns_rr_list>?) -> [DNSRecord] {
    guard let list else { return [] }
    return (0..<ldns_rr_list_rr_count(list)).compactMap { i -> DNSRecord? in
      guard let rr = ldns_rr_list_rr(list, i) else { return nil }
      let type = UInt16(truncatingIfNeeded: ldns_rr_get_type(rr).rawValue)
      var fields: [String] = []
      var texts: [[UInt8]] = []
      for j in 0..<ldns_rr_rd_count(rr) {
        guard let rdf = ldns_rr_rdf(rr, j) else { continue }
        fields.append(presentation(rdf))
        if type == RRType.txt.rawValue, let data = ldns_rdf_data(rdf) {
          let size = ldns_rdf_size(rdf)
          texts.append(size > 1 ? Array(UnsafeBufferPointer(start: data + 1, count: min(Int(data[0]), size - 1))) : [])
        }
      }
      let owner = ldns_rr_owner(rr).map(presentation) ?? ""
      return DNSRecord(owner: owner, type: type, ttl: ldns_rr_ttl(rr), fields: fields, texts: texts)
    }
  }

  /// ldns's presentation format (names and strings with `\DDD` escapes for unprintable bytes).
  static func presentation(_ rdf: UnsafeMutablePointer<ldns_rdf>) -> String {
    guard let text = ldns_rdf2str(rdf) else { return "" }
    defer { free(text) }
    return TerminalSafe.escaped(String(decoding: UnsafeRawBufferPointer(start: text, count: strlen(text)), as: UTF8.self))
  }
}

/// ldns declares its own `bool` (a signed char on this platform).
func cBool(_ value: Bool) -> Int8 { value ? 1 : 0 }
