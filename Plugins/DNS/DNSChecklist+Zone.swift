@_spi(RootmailHost) import RootmailKit

/// Groups 1 and 2: the delegation in the parent zone and the delegated servers.
extension DNSChecklist {
  func delegation() -> [CheckResult] {
    let addNS = "add NS records for \(mail) in the \(parent) zone at its DNS provider: \(zoneNameServerText)"
    guard case .success = dns.parentServers else {
      let reason = Self.failureText(dns.parentServers)
      return [
        CheckResult(
          "delegation.parent-servers", .delegation, .fail, check: "name servers of \(parent)",
          expected: "the NS set of \(parent) from the resolver", found: reason,
          fix: "give a resolver that answers (--resolver host[:port]) or the parent's servers (--parent-server host[:port])")
      ]
    }
    var results: [CheckResult] = []
    for p in dns.parents {
      let check = "\(p.server.label) refers \(mail) to its name servers"
      let id = "delegation.referral.\(p.server.label)"
      let expected = "a referral with NS records for \(mail)"
      switch p.result {
      case .failure(let f):
        results.append(
          CheckResult(
            id, .delegation, .fail, check: check, expected: expected, found: f.reason,
            fix: "make \(p.server.label) reachable on port 53 (UDP and TCP), or name the parent's servers with --parent-server"))
      case .success(let r):
        let ns = Set(r.referral(for: mail).compactMap(\.target)).sorted()
        if !ns.isEmpty {
          results.append(
            CheckResult(id, .delegation, .pass, check: check, expected: expected, found: "NS \(Self.list(ns))\(r.transportNote)"))
        } else if r.authoritative && !r.answers(.ns, for: mail).isEmpty {
          results.append(
            CheckResult(
              id, .delegation, .fail, check: check, expected: expected,
              found: "it answers for \(mail) itself (AA) instead of delegating",
              fix: "remove the \(mail) records from the \(parent) zone and keep only its NS records: \(zoneNameServerText)"))
        } else {
          let what = r.rcode == "NXDOMAIN" ? "NXDOMAIN: \(mail) does not exist in \(parent)" : "\(r.rcode) with no NS records"
          results.append(
            CheckResult(
              id, .delegation, .fail, check: check, expected: expected, found: "\(what) (no delegation)", fix: addNS))
        }
      }
    }
    let sets = referralSets
    if sets.count > 1 {
      let distinct = Set(sets.map(\.names))
      results.append(
        distinct.count == 1
          ? CheckResult(
            "delegation.consistent", .delegation, .pass, check: "the parent's servers agree", expected: "one NS set",
            found: "all \(sets.count) give the same set")
          : CheckResult(
            "delegation.consistent", .delegation, .fail, check: "the parent's servers agree", expected: "one NS set",
            found: sets.map { "\($0.server.label): \(Self.list($0.names))" }.joined(separator: "; "),
            fix:
              "the \(parent) zone differs between its servers: update it at the primary and make sure every server loads it (zone transfers, or the provider's console)"
          ))
    }
    let check = "the delegation equals the hosted zone's name servers"
    guard let zone = zoneNameServers else {
      results.append(
        CheckResult(
          "delegation.matches-zone", .delegation, .fail, check: check, expected: "the hosted zone's delegation set",
          found: "Route53 could not tell: \(Self.failureText(aws.hostedZone))",
          fix: "create the hosted zone \(mail) (rootmail deploy) or name it with --hosted-zone-id"))
      return results
    }
    let differing = sets.filter { $0.names != zone }
    if sets.isEmpty {
      results.append(
        CheckResult(
          "delegation.matches-zone", .delegation, .fail, check: check, expected: Self.list(zone),
          found: "no parent server refers \(mail)", fix: addNS))
    } else if differing.isEmpty {
      results.append(
        CheckResult(
          "delegation.matches-zone", .delegation, .pass, check: check, expected: Self.list(zone), found: Self.list(zone)))
    } else {
      results.append(
        CheckResult(
          "delegation.matches-zone", .delegation, .fail, check: check, expected: Self.list(zone),
          found: differing.map { "\($0.server.label) gives \(Self.list($0.names)) (\(Self.difference($0.names, from: zone)))" }
            .joined(separator: "; "),
          fix: "set the NS records for \(mail) in the \(parent) zone to exactly: \(Self.list(zone))"))
    }
    return results
  }

  func child() -> [CheckResult] {
    var results: [CheckResult] = []
    let expected = "SOA with the AA flag over UDP and over TCP"
    var serials: [(String, UInt32)] = []
    for c in dns.children {
      let label = DNSName.display(c.name)
      let check = "\(label) answers for \(mail) authoritatively"
      let id = "child.authoritative.\(label)"
      if case .failure(let f) = c.server {
        results.append(
          CheckResult(
            id, .child, .fail, check: check, expected: expected, found: "no address: \(f.reason)",
            fix: "the name \(label) does not resolve: correct the NS records to the hosted zone's servers: \(zoneNameServerText)")
        )
        continue
      }
      let udp = Self.soaState(c.soaUDP, mail)
      let tcp = Self.soaState(c.soaTCP, mail)
      if let serial = udp.serial ?? tcp.serial { serials.append((label, serial)) }
      if udp.ok && tcp.ok {
        results.append(
          CheckResult(
            id, .child, .pass, check: check, expected: expected, found: "AA over UDP and TCP, serial \(udp.serial ?? 0)"))
        continue
      }
      let lame = udp.lame || tcp.lame
      results.append(
        CheckResult(
          id, .child, .fail, check: check, expected: expected, found: "UDP: \(udp.text); TCP: \(tcp.text)",
          fix: lame
            ? "\(label) does not serve \(mail) (a lame server): remove it from the NS records or load the zone on it; the hosted zone's servers are \(zoneNameServerText)"
            : "make \(label) answer on port 53 over UDP and TCP (firewall, server down), or remove it from the NS records"))
    }
    if Set(serials.map(\.1)).count > 1 {
      results.append(
        CheckResult(
          "child.serials", .child, .fail, check: "the delegated servers serve the same zone version", expected: "one SOA serial",
          found: serials.map { "\($0.0): \($0.1)" }.joined(separator: "; "),
          fix:
            "a server has not loaded the latest zone: check its zone transfers from the primary (Route53's own servers always agree)"
        ))
    } else if let serial = serials.first?.1 {
      results.append(
        CheckResult(
          "child.serials", .child, .pass, check: "the delegated servers serve the same zone version", expected: "one SOA serial",
          found: "serial \(serial) on \(Plural.count(serials.count, "server"))"))
    }
    results += childNSSet()
    return results
  }

  /// The NS set each delegated server serves equals the parent's delegation.
  func childNSSet() -> [CheckResult] {
    let parentSet = Set(referralSets.flatMap(\.names)).sorted()
    let reference = parentSet.isEmpty ? (zoneNameServers ?? []) : parentSet
    let check = "the zone's own NS records equal the delegation"
    var served: [(String, [String])] = []
    for c in dns.children {
      guard case .success(let r) = c.ns, r.authoritative else { continue }
      served.append((DNSName.display(c.name), Set(r.answers(.ns, for: mail).compactMap(\.target)).sorted()))
    }
    guard !served.isEmpty else { return [] }
    let differing = served.filter { $0.1 != reference }
    if differing.isEmpty {
      return [
        CheckResult("child.ns-set", .child, .pass, check: check, expected: Self.list(reference), found: Self.list(reference))
      ]
    }
    return [
      CheckResult(
        "child.ns-set", .child, .fail, check: check, expected: Self.list(reference),
        found: differing.map { "\($0.0) serves \(Self.list($0.1)) (\(Self.difference($0.1, from: reference)))" }
          .joined(separator: "; "),
        fix:
          "make the NS records at the apex of \(mail) and the delegation in \(parent) the same set (the hosted zone's: \(zoneNameServerText))"
      )
    ]
  }

  /// How one SOA answer looks: fine, lame (answers without serving the zone), or no answer.
  static func soaState(_ result: Result<DNSResponse, DNSFailure>, _ mail: String) -> (
    ok: Bool, lame: Bool, serial: UInt32?, text: String
  ) {
    switch result {
    case .failure(let f): return (false, false, nil, f.reason)
    case .success(let r):
      let soa = r.answers(.soa, for: mail).first
      if r.authoritative, r.rcode == "NOERROR", let serial = soa?.soaSerial {
        return (true, false, serial, "AA, serial \(serial)")
      }
      if r.rcode == "REFUSED" { return (false, true, nil, "REFUSED (lame: it does not serve the zone)") }
      if !r.authoritative { return (false, true, nil, "\(r.rcode) without AA (lame: it does not serve the zone)") }
      return (false, false, nil, "\(r.rcode) with no SOA record")
    }
  }

  static func failureText<T>(_ result: Result<T, DNSFailure>) -> String {
    if case .failure(let f) = result { return f.reason }
    return ""
  }
}
