import CLDNS
@_spi(RootmailHost) import RootmailKit

#if canImport(Glibc)
  import Glibc
#endif

/// Asks one name server one question: UDP first and TCP when the UDP answer is truncated (or
/// TCP only), a timeout per attempt and a number of attempts, and never past the whole check's
/// deadline. ldns writes the question and reads the answer; the sockets are this plugin's own,
/// non-blocking, and one thread waits for all of them (`SocketWaiter`), so questions to many
/// servers run in parallel without a thread each and without holding Swift's cooperative threads.
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
      server: server, name: name, type: type, recursion: recursion, timeout: perAttempt, attempts: attempts,
      deadline: deadline)
    switch transport {
    case .tcp:
      return await exchange.sendTCP()
    case .udp:
      let first = await exchange.sendUDP()
      guard case .success(let udp) = first, udp.fellBackToTCP else { return first }
      // The UDP answer had TC set: the full answer only comes over TCP.
      let again = Exchange(
        server: server, name: name, type: type, recursion: recursion,
        timeout: min(timeout, max(deadline - ContinuousClock.now, .milliseconds(1)) / attempts), attempts: attempts,
        deadline: deadline)
      return await again.sendTCP().map {
        var r = $0
        r.fellBackToTCP = true
        return r
      }
    }
  }
}

/// One question to one server: the question in wire format, the answer parsed, the failures
/// named (the socket work is in Exchange+UDP and TCPExchange).
struct Exchange: Sendable {
  let server: DNSServer
  let name: String
  let type: RRType
  let recursion: Bool
  /// The wait for one answer (each read, over TCP).
  let timeout: Duration
  let attempts: Int
  /// The check's deadline: every wait ends by then, its socket closed.
  let deadline: ContinuousClock.Instant

  /// The question with a fresh random ID, in wire format. The ID comes from the system's
  /// random source, not ldns's (which is OpenSSL's, whose start-up cost more than the check's
  /// questions).
  func question() -> Result<(wire: [UInt8], id: UInt16), DNSFailure> {
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
    let id = UInt16.random(in: .min ... .max)
    ldns_pkt_set_id(query, id)
    var wire: UnsafeMutablePointer<UInt8>?
    var size = 0
    guard ldns_pkt2wire(&wire, query, &size) == LDNS_STATUS_OK, let wire else {
      return .failure(DNSFailure("ldns could not encode the question for \(TerminalSafe.escaped(name))"))
    }
    defer { free(wire) }
    return .success((Array(UnsafeBufferPointer(start: wire, count: size)), id))
  }

  /// Waits for `fd` until `events` or the end of this wait (`timeout` from now, the deadline
  /// at the latest): `.ready`, `.timedOut`, or `.deadline` when the check's time is up.
  func wait(_ fd: Int32, for events: Int32, attemptEnd: ContinuousClock.Instant? = nil) async -> Wait {
    let end = min(attemptEnd ?? ContinuousClock.now + timeout, deadline)
    if await SocketWaiter.shared.ready(fd, for: Int16(events), until: end) { return .ready }
    return ContinuousClock.now >= deadline ? .deadline : .timedOut
  }

  enum Wait { case ready, timedOut, deadline }

  /// `no answer from 192.0.2.1 over TCP within the check's --timeout`.
  func outOfTime(tcp: Bool) -> DNSFailure {
    DNSFailure("no answer from \(server.endpoint) over \(tcp ? "TCP" : "UDP") within the check's --timeout")
  }

  /// `no answer from 192.0.2.1:53 over UDP (2 attempts, 1.0 s each): <why>`.
  func noAnswer(tcp: Bool, _ why: String) -> DNSFailure {
    let wait = "\(Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18)"
    return DNSFailure(
      "no answer from \(server.endpoint) over \(tcp ? "TCP" : "UDP") (\(Plural.count(attempts, "attempt")), "
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
