@_spi(RootmailHost) import RootmailKit
import Synchronization

/// One run of `dns check`: asks the name servers and AWS in parallel, then judges every check.
/// Everything finishes within `settings.timeout`: questions get at most the time left, and AWS
/// calls still outstanding at the deadline are reported as failed checks.
public struct DNSCheck: Sendable {
  public let settings: CheckSettings
  /// nil: no AWS client could be made (the AWS checks fail with `awsProblem`).
  public let aws: AWSClient?
  public let awsProblem: String

  public init(settings: CheckSettings, aws: AWSClient?, awsProblem: String = "no AWS client") {
    self.settings = settings
    self.aws = aws
    self.awsProblem = awsProblem
  }

  public func run() async -> CheckReport {
    let start = ContinuousClock.now
    let deadline = start + settings.timeout
    SocketWaiter.shared.prepare()
    let awsDeadline = deadline - .milliseconds(50)
    let late = "AWS did not answer within --timeout"
    let questions = aws.map { AWSFacts.Questions.start(client: $0, settings: settings) }
    let awsTask = Task { [questions, awsProblem] in
      guard let questions else { return AWSFacts.unavailable(awsProblem) }
      return await Deadline.race(until: awsDeadline) { await questions.facts() } ?? AWSFacts.unavailable(late)
    }
    let client = DNSClient(timeout: settings.queryTimeout, attempts: settings.attempts, deadline: deadline)
    // Only SES's DKIM answer: the DKIM questions need not wait for Route53's two calls.
    let dkim: @Sendable () async -> Result<SES.DkimAttributes?, DNSFailure> = { [awsProblem] in
      guard let questions else { return .failure(DNSFailure(awsProblem)) }
      return await Deadline.race(until: awsDeadline) { await questions.dkim.value } ?? .failure(DNSFailure(late))
    }
    let dns = await gatherDNS(client: client, hostedZone: { await awsTask.value.hostedZone }, dkim: dkim)
    let facts = await awsTask.value
    return CheckReport(
      results: DNSChecklist(settings: settings, dns: dns, aws: facts).all(), elapsed: ContinuousClock.now - start)
  }

  /// Asks everything the checks need; `awsFacts` is awaited only when DNS needs it (the
  /// hosted zone's servers when the parent refers nowhere, the DKIM tokens).
  public func gatherDNS(client: DNSClient, awsFacts: @escaping @Sendable () async -> AWSFacts) async -> DNSFacts {
    await gatherDNS(client: client, hostedZone: { await awsFacts().hostedZone }, dkim: { await awsFacts().dkim })
  }

  /// Asks everything the checks need; `hostedZone` is awaited only when the parent refers
  /// nowhere, `dkim` for the DKIM tokens (the MX and TXT questions do not wait for it).
  @_spi(RootmailHost) public func gatherDNS(
    client: DNSClient, hostedZone: @escaping @Sendable () async -> Result<Route53.HostedZone, DNSFailure>,
    dkim: @escaping @Sendable () async -> Result<SES.DkimAttributes?, DNSFailure>
  ) async -> DNSFacts {
    let mailDomain = settings.mailDomain
    let parentServers = await findParentServers(client)
    let servers = (try? parentServers.get()) ?? []
    let parents = await parallelMap(servers) { server in
      DNSFacts.ParentAnswer(server: server, result: await client.query(mailDomain, .ns, at: server))
    }
    var names: [String] = []
    var glue: [String: String] = [:]
    for p in parents {
      guard case .success(let r) = p.result else { continue }
      for target in r.referral(for: mailDomain).compactMap(\.target) where !names.contains(target) { names.append(target) }
      for a in r.additional where a.isType(.a) { glue[a.owner] = a.fields.first }
    }
    if names.isEmpty, case .success(let zone) = await hostedZone() {
      names = zone.nameServers.map(DNSName.normalize)
    }
    let glueAddresses = glue
    let children = await parallelMap(names) { [self] name in
      await askChild(name, glueAddress: glueAddresses[name], client)
    }
    var records: DNSFacts.Records?
    if let server = children.first(where: \.answersAuthoritatively).flatMap({ try? $0.server.get() }) {
      async let mx = client.query(mailDomain, .mx, at: server)
      async let txt = client.query("_amazonses." + mailDomain, .txt, at: server)
      let tokens = (try? await dkim().get())??.tokens ?? []
      let dkim = await parallelMap(tokens) { token in
        (token, await client.query("\(token)._domainkey.\(mailDomain)", .cname, at: server))
      }
      records = await DNSFacts.Records(
        server: server, mx: mx, verificationTXT: txt, dkim: Dictionary(dkim, uniquingKeysWith: { a, _ in a }))
    }
    return DNSFacts(parentServers: parentServers, parents: parents, children: children, records: records)
  }

  /// The parent zone's servers: `--parent-server`, or the NS set of the parent zone from the
  /// resolver with the servers' addresses (glue, or asked).
  func findParentServers(_ client: DNSClient) async -> Result<[DNSServer], DNSFailure> {
    if !settings.parentServers.isEmpty { return .success(settings.parentServers) }
    let zone = settings.parentZone
    var reasons: [String] = []
    for resolver in settings.resolvers {
      switch await client.query(zone, .ns, at: resolver, recursion: true) {
      case .failure(let f): reasons.append(f.reason)
      case .success(let r):
        let names = r.answers(.ns, for: zone).compactMap(\.target)
        guard !names.isEmpty else {
          reasons.append("\(resolver.endpoint) answered \(r.rcode) with no NS records for \(zone)")
          continue
        }
        let servers = await parallelMap(names) { [self] name -> DNSServer? in
          if let glue = r.additional.first(where: { $0.isType(.a) && $0.owner == name })?.fields.first {
            return DNSServer(address: glue, name: name)
          }
          return try? await resolve(name, client).get()
        }
        let found = servers.compactMap { $0 }
        if found.isEmpty { reasons.append("no address found for \(names.map(DNSName.display).joined(separator: ", "))") }
        return found.isEmpty ? .failure(DNSFailure(reasons.joined(separator: "; "))) : .success(found)
      }
    }
    if settings.resolvers.isEmpty { reasons.append("no resolver: give --resolver or --parent-server") }
    return .failure(DNSFailure(reasons.joined(separator: "; ")))
  }

  /// The IPv4 address of a name server's name, from the resolver.
  func resolve(_ name: String, _ client: DNSClient) async -> Result<DNSServer, DNSFailure> {
    var reasons: [String] = []
    for resolver in settings.resolvers {
      switch await client.query(name, .a, at: resolver, recursion: true) {
      case .failure(let f): reasons.append(f.reason)
      case .success(let r):
        if let address = r.answer.first(where: { $0.isType(.a) })?.fields.first {
          return .success(DNSServer(address: address, name: name))
        }
        reasons.append("\(resolver.endpoint) answered \(r.rcode) with no A record for \(DNSName.display(name))")
      }
    }
    if settings.resolvers.isEmpty { reasons.append("no resolver to look up \(DNSName.display(name)) with") }
    return .failure(DNSFailure(reasons.joined(separator: "; ")))
  }

  func askChild(_ name: String, glueAddress: String?, _ client: DNSClient) async -> DNSFacts.ChildAnswer {
    let server: Result<DNSServer, DNSFailure> =
      if let glueAddress { .success(DNSServer(address: glueAddress, name: name)) } else { await resolve(name, client) }
    guard case .success(let s) = server else {
      let f = DNSFailure("not asked")
      return DNSFacts.ChildAnswer(name: name, server: server, soaUDP: .failure(f), soaTCP: .failure(f), ns: .failure(f))
    }
    let mailDomain = settings.mailDomain
    async let udp = client.query(mailDomain, .soa, at: s)
    async let tcp = client.query(mailDomain, .soa, at: s, transport: .tcp)
    async let ns = client.query(mailDomain, .ns, at: s)
    return await DNSFacts.ChildAnswer(name: name, server: server, soaUDP: udp, soaTCP: tcp, ns: ns)
  }
}

/// Waits for `body` until `deadline`; nil when the deadline came first (`onTimeout` is then
/// called, and `body` is left to finish on its own; its own timeouts bound it).
enum Deadline {
  final class Slot<T: Sendable>: Sendable {
    let continuation = Mutex<CheckedContinuation<T?, Never>?>(nil)
    func resume(_ value: T?) {
      continuation.withLock {
        $0?.resume(returning: value)
        $0 = nil
      }
    }
  }

  static func race<T: Sendable>(
    until deadline: ContinuousClock.Instant, onTimeout: @escaping @Sendable () -> Void = {},
    _ body: @escaping @Sendable () async -> T
  ) async -> T? {
    let slot = Slot<T>()
    return await withCheckedContinuation { (c: CheckedContinuation<T?, Never>) in
      slot.continuation.withLock { $0 = c }
      let timer = Task {
        // Cancelled: `body` answered first.
        guard (try? await Task.sleep(until: deadline)) != nil else { return }
        slot.resume(nil)
        onTimeout()
      }
      Task {
        let value = await body()
        slot.resume(value)
        timer.cancel()
      }
    }
  }
}
