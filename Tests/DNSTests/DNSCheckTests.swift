import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailPluginDNS
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// `dns check` against real NSD servers on loopback (parent and hosted-zone servers on their
/// own addresses, port 53) and moto. Serialized: each lab is cheap, the machine is small, and
/// SES's active rule set is one per region.
@Suite(.serialized) struct DNSCheckTests {
  @Test func allGoodPasses() async throws {
    let lab = try DNSLab()
    try await lab.setUpAWS()
    try await lab.start()
    let report = await lab.check()
    #expect(report.passed, "\(report.text())")
    let ids = Set(report.results.map(\.id))
    for id in [
      "delegation.referral.ns1.\(lab.domain)", "delegation.consistent", "delegation.matches-zone",
      "child.authoritative.ns-2048.awsdns-64.com", "child.serials", "child.ns-set", "mail.mx", "mail.other-mx",
      "ses.verification-txt", "ses.verification-status", "ses.dkim-status", "receiving.region", "receiving.rule-set",
      "receiving.rule", "timing.delegation-ttl", "timing.negative-ttl",
    ] {
      #expect(ids.contains(id), "missing \(id) in \(ids.sorted())")
    }
    #expect(report.results.filter { $0.id.hasPrefix("ses.dkim.") && $0.status == .pass }.count == 3)
    #expect(report.result("timing.delegation-ttl")?.found == "NS TTL 2 days")
  }

  @Test func noDelegation() async throws {
    let lab = try DNSLab()
    try await lab.setUpAWS()
    for a in lab.parentAddresses { lab.parentNS[a] = [] }
    try await lab.start()
    let report = await lab.check()
    let referral = try #require(report.result("delegation.referral.ns1.\(lab.domain)"))
    #expect(referral.status == .fail)
    #expect(referral.found.contains("no delegation"), "\(referral.found)")
    #expect(referral.fix.contains("ns-2048.awsdns-64.com"))
    #expect(report.status("delegation.matches-zone") == .fail)
  }

  @Test func oneParentNameServerDiffersFromTheHostedZone() async throws {
    let lab = try DNSLab()
    try await lab.setUpAWS()
    let wrong = ["ns-2048.awsdns-64.com", "ns-2049.awsdns-65.net", "ns-2050.awsdns-66.org", "ns-9.awsdns-99.com"]
    for a in lab.parentAddresses { lab.parentNS[a] = wrong }
    try await lab.start()
    let report = await lab.check()
    let check = try #require(report.result("delegation.matches-zone"))
    #expect(check.status == .fail)
    #expect(check.found.contains("ns-9.awsdns-99.com not expected"), "\(check.found)")
    #expect(check.found.contains("ns-2051.awsdns-67.co.uk missing"), "\(check.found)")
    #expect(report.status("delegation.consistent") == .pass)
  }

  @Test func parentServersDisagree() async throws {
    let lab = try DNSLab()
    try await lab.setUpAWS()
    lab.parentNS[lab.parentAddresses[1]] = Array(DNSLab.zoneNS.prefix(3))
    try await lab.start()
    let report = await lab.check()
    let consistent = try #require(report.result("delegation.consistent"))
    #expect(consistent.status == .fail)
    let matches = try #require(report.result("delegation.matches-zone"))
    #expect(matches.found.hasPrefix("ns2.\(lab.domain) gives"), "\(matches.found)")
    #expect(!matches.found.contains("ns1."), "only the differing server is named: \(matches.found)")
  }

  @Test func lameChildServer() async throws {
    let lab = try DNSLab()
    try await lab.setUpAWS()
    lab.lame = [lab.childAddresses[3]]
    try await lab.start()
    let report = await lab.check()
    let lame = try #require(report.result("child.authoritative.ns-2051.awsdns-67.co.uk"))
    #expect(lame.status == .fail)
    #expect(lame.found.contains("lame"), "\(lame.found)")
    #expect(report.status("child.authoritative.ns-2048.awsdns-64.com") == .pass)
    #expect(report.status("mail.mx") == .pass)
  }

  @Test func soaSerialsDiffer() async throws {
    let lab = try DNSLab()
    try await lab.setUpAWS()
    lab.serials[lab.childAddresses[2]] = 7
    try await lab.start()
    let report = await lab.check()
    let serials = try #require(report.result("child.serials"))
    #expect(serials.status == .fail)
    #expect(serials.found.contains("ns-2050.awsdns-66.org: 7"), "\(serials.found)")
  }

  @Test func missingMX() async throws {
    let lab = try DNSLab()
    try await lab.setUpAWS()
    lab.records.removeAll { $0.contains(" MX ") }
    try await lab.start()
    let report = await lab.check()
    let mx = try #require(report.result("mail.mx"))
    #expect(mx.status == .fail)
    #expect(mx.found.hasPrefix("no MX record"), "\(mx.found)")
    #expect(mx.fix.contains("MX 10 inbound-smtp.\(lab.region).amazonaws.com"))
    #expect(report.status("timing.negative-ttl") == .warn)
  }

  @Test func mxForAnotherRegion() async throws {
    let lab = try DNSLab()
    try await lab.setUpAWS()
    let other = lab.region == "eu-west-1" ? "us-west-2" : "eu-west-1"
    lab.records = lab.records.map { $0.contains(" MX ") ? "@ MX 10 inbound-smtp.\(other).amazonaws.com." : $0 }
    try await lab.start()
    let report = await lab.check()
    let mx = try #require(report.result("mail.mx"))
    #expect(mx.status == .fail)
    #expect(mx.found.contains("SES in \(other), not \(lab.region)"), "\(mx.found)")
    #expect(report.status("mail.other-mx") == .pass)
  }

  @Test func secondMX() async throws {
    let lab = try DNSLab()
    try await lab.setUpAWS()
    lab.records.append("@ MX 20 mx.elsewhere.example.")
    try await lab.start()
    let report = await lab.check()
    #expect(report.status("mail.mx") == .pass)
    let other = try #require(report.result("mail.other-mx"))
    #expect(other.status == .fail)
    #expect(other.found.contains("20 mx.elsewhere.example"), "\(other.found)")
  }

  @Test func wrongVerificationTXT() async throws {
    let lab = try DNSLab()
    try await lab.setUpAWS()
    lab.records = lab.records.map { $0.hasPrefix("_amazonses") ? "_amazonses TXT \"not-the-token\"" : $0 }
    try await lab.start()
    let report = await lab.check()
    let txt = try #require(report.result("ses.verification-txt"))
    #expect(txt.status == .fail)
    #expect(txt.found == "\"not-the-token\"")
    #expect(txt.fix.contains(lab.token))
  }

  @Test func oneDKIMRecordMissingAndOneElsewhere() async throws {
    let lab = try DNSLab()
    try await lab.setUpAWS()
    let (missing, elsewhere) = (lab.dkimTokens[0], lab.dkimTokens[1])
    lab.records.removeAll { $0.hasPrefix(missing) }
    lab.records = lab.records.map { $0.hasPrefix(elsewhere) ? "\(elsewhere)._domainkey CNAME dkim.other.example." : $0 }
    try await lab.start()
    let report = await lab.check()
    let gone = try #require(report.result("ses.dkim.\(missing)"))
    #expect(gone.status == .fail)
    #expect(gone.found.hasPrefix("no CNAME"), "\(gone.found)")
    let moved = try #require(report.result("ses.dkim.\(elsewhere)"))
    #expect(moved.status == .fail)
    #expect(moved.found == "→ dkim.other.example")
    #expect(report.status("ses.dkim.\(lab.dkimTokens[2])") == .pass)
  }

  /// moto reports every SES identity it knows as verified (Success); one it does not know has
  /// no verification attributes and DKIM `NotStarted`. Both are checked: the unknown identity
  /// through moto, a pending one by judging moto's real answers with the status SES gives while
  /// it waits for the records (`Pending`).
  @Test func sesIdentityPendingOrMissing() async throws {
    let lab = try DNSLab()
    try await lab.setUpAWS()
    try await lab.start()
    let settings = lab.settings()
    // No deadline a busy test process could reach: the lab's servers answer at once.
    let client = DNSClient(deadline: ContinuousClock.now + .seconds(600))
    let real = await AWSFacts.gather(client: lab.client, settings: settings)
    let dns = await DNSCheck(settings: settings, aws: lab.client).gatherDNS(client: client) { real }
    var aws = real
    aws.verification = aws.verification.map {
      $0.map {
        var v = $0
        v.status = "Pending"
        return v
      }
    }
    aws.dkim = aws.dkim.map {
      $0.map {
        var d = $0
        d.status = "Pending"
        return d
      }
    }
    let pending = DNSChecklist(settings: settings, dns: dns, aws: aws).all()
    let status = try #require(pending.first { $0.id == "ses.verification-status" })
    #expect(status.status == .fail && status.found == "Pending")
    #expect(status.fix.contains("72 hours"))
    #expect(pending.first { $0.id == "ses.dkim-status" }?.status == .fail)
    #expect(pending.first { $0.id == "ses.verification-txt" }?.status == .pass)

    try await lab.client.ses.deleteIdentity(lab.mail)
    let report = await lab.check()
    #expect(report.result("ses.verification-status")?.found == "no identity")
    #expect(report.result("ses.verification-txt")?.found.contains("has no identity") == true)
    #expect(report.result("ses.dkim-status")?.status == .fail)
  }

  @Test func noActiveRuleSet() async throws {
    let lab = try DNSLab()
    try await lab.setUpAWS(activeRuleSet: false)
    try await lab.start()
    let report = await lab.check()
    let set = try #require(report.result("receiving.rule-set"))
    #expect(set.status == .fail && set.found == "no rule set is active")
    #expect(report.result("receiving.rule") == nil)
  }

  @Test func ruleIntoAnotherBucket() async throws {
    let lab = try DNSLab()
    try await lab.setUpAWS(ruleBucket: "other-bucket-\(lab.n)")
    try await lab.start()
    let report = await lab.check()
    let rule = try #require(report.result("receiving.rule"))
    #expect(rule.status == .fail)
    #expect(rule.found == "rule store → s3://other-bucket-\(lab.n)/RootMail/")
  }

  /// A stopped server costs only its questions' timeouts: it is named, the others still pass.
  /// With every server stopped, --timeout ends the check. That is timed around the real binary
  /// from here (its threads are its own; the tests beside this one hold this process's few for
  /// minutes), with ten minutes for each question, so only --timeout can end it early; the
  /// margin above it is two minutes for a busy machine.
  @Test func stoppedServerIsReportedWithinTheTimeout() async throws {
    let lab = try DNSLab()
    try await lab.setUpAWS()
    lab.down = [lab.childAddresses[0]]
    try await lab.start()
    let report = await lab.check()
    let down = try #require(report.result("child.authoritative.ns-2048.awsdns-64.com"))
    #expect(down.status == .fail)
    #expect(down.found.contains("no answer from \(lab.childAddresses[0])"), "\(down.found)")
    #expect(report.status("mail.mx") == .pass)

    // Every server gone, the resolver too: still one report within --timeout.
    lab.stopAll()
    let started = Date()
    let run = try lab.cli(["--query-timeout", "600s", "--timeout", "3s", "--output", "json"], timeout: 900)
    let took = Date().timeIntervalSince(started)
    #expect(took < 3 + 120, "took \(took) s")
    let objects = try #require(
      try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: String]], "\(run.stderr)")
    #expect(objects.first { $0["id"] == "delegation.parent-servers" }?["status"] == "fail", "\(run.stdout)")
  }

  /// At --timeout a question still being trickled over TCP is not only abandoned: its socket is
  /// shut down, so the server sees the connection close and the thread asking ends (it used to
  /// read on until the trickle ended, a minute later, one thread per run of --wait).
  @Test func tricklingTCPAnswerIsCutOffAtTheDeadline() async throws {
    // A byte every 5 s, over five minutes in all: ldns's 60 s per read never runs out, and a
    // busy test process (its few threads held for minutes by the tests beside this one) still
    // gets to the deadline long before the trickle ends.
    let trickler = try LocalServer(
      executable: "python3", arguments: [LocalServer.script("trickle_dns_server.py"), "%PORT%", "5"])
    defer { trickler.stop() }
    let settings = CheckSettings(
      domain: "example.com", subdomain: "aws", region: "us-east-1",
      resolvers: [try DNSServer.parse("127.0.0.1:\(trickler.port)", option: "--resolver")], queryTimeout: .seconds(60),
      timeout: .seconds(5))
    let report = await DNSCheck(settings: settings, aws: nil).run()
    let parents = try #require(report.result("delegation.parent-servers"))
    #expect(parents.found.contains("over TCP within the check's --timeout"), "\(parents.found)")
    // The server notices at its next byte or the one after, or sends the whole answer if the
    // socket was left open; either ends the wait (ten minutes only if the server is stuck).
    let giveUp = ContinuousClock.now + .seconds(600)
    while !trickler.output.contains("the client closed the connection"), !trickler.output.contains("sent the whole"),
      ContinuousClock.now < giveUp
    {
      try await Task.sleep(for: .milliseconds(200))
    }
    #expect(trickler.output.contains("the client closed the connection"), "\(trickler.output)")
  }

  @Test func truncatedUDPAnswerFallsBackToTCP() async throws {
    let lab = try DNSLab()
    try await lab.setUpAWS()
    let filler = String(repeating: "x", count: 250)
    lab.records += (0..<3).map { "_amazonses TXT \"\($0)\(filler)\"" }
    try await lab.start()
    let report = await lab.check()
    let txt = try #require(report.result("ses.verification-txt"))
    #expect(txt.status == .pass)
    #expect(txt.found == "token present (over TCP after a truncated UDP answer)")
  }

  @Test func hostileAnswersAreEscaped() async throws {
    let lab = try DNSLab()
    try await lab.setUpAWS()
    lab.records = lab.records.map { $0.hasPrefix("_amazonses") ? "_amazonses TXT \"\\027[2J\\027]0;owned\\007x\"" : $0 }
    try await lab.start()
    let result = try lab.cli()
    #expect(result.status == 1)
    #expect(!result.stdout.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "\(result.stdout.debugDescription)")
    #expect(result.stdout.contains(#""\027[2J\027]0;owned\007x""#), "\(result.stdout)")
  }
}
