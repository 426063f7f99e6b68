/// What the name servers answered, gathered in parallel before any check is judged.
public struct DNSFacts: Sendable {
  /// One parent server's answer to `NS <mail domain>` (no recursion).
  public struct ParentAnswer: Sendable {
    public var server: DNSServer
    public var result: Result<DNSResponse, DNSFailure>
  }

  /// One delegated server's answers: SOA over UDP and over TCP, and NS.
  public struct ChildAnswer: Sendable {
    /// The NS name (normalized).
    public var name: String
    /// The address it was asked at, or why none was found.
    public var server: Result<DNSServer, DNSFailure>
    public var soaUDP: Result<DNSResponse, DNSFailure>
    public var soaTCP: Result<DNSResponse, DNSFailure>
    public var ns: Result<DNSResponse, DNSFailure>

    /// An SOA answer with AA over UDP (this server can answer the record questions).
    public var answersAuthoritatively: Bool {
      if case .success(let r) = soaUDP, r.authoritative, r.rcode == "NOERROR" { return true }
      return false
    }
  }

  /// The mail records, asked of one authoritative child server.
  public struct Records: Sendable {
    public var server: DNSServer
    public var mx: Result<DNSResponse, DNSFailure>
    public var verificationTXT: Result<DNSResponse, DNSFailure>
    /// token → the answer for `<token>._domainkey.<mail domain>` CNAME.
    public var dkim: [String: Result<DNSResponse, DNSFailure>]
  }

  /// The parent zone's servers, or why they could not be found.
  public var parentServers: Result<[DNSServer], DNSFailure>
  public var parents: [ParentAnswer]
  public var children: [ChildAnswer]
  /// nil when no child server answered authoritatively.
  public var records: Records?
}

/// Runs `body` for every element at once and returns the results in order.
func parallelMap<T: Sendable, R: Sendable>(_ items: [T], _ body: @escaping @Sendable (T) async -> R) async -> [R] {
  await withTaskGroup(of: (Int, R).self) { group in
    for (i, item) in items.enumerated() { group.addTask { (i, await body(item)) } }
    var out = [R?](repeating: nil, count: items.count)
    for await (i, r) in group { out[i] = r }
    return out.compactMap { $0 }
  }
}
