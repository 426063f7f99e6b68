import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailPluginDNS
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// The real `rootmail dns check` process: output formats, exit codes, --wait, usage errors.
extension DNSCheckTests {
  @Test func cliAllGoodPrintsOneLinePerCheckAndExitsZero() async throws {
    let lab = try DNSLab()
    try await lab.setUpAWS()
    try await lab.start()
    let text = try lab.cli(["--output", "text"])
    #expect(text.status == 0, "\(text.stdout)\(text.stderr)")
    #expect(text.lines.filter { $0.hasPrefix("✓ ") }.count >= 20)
    #expect(text.lines.last == "all \(text.lines.count - 1) checks passed")

    let json = try lab.cli(["--output", "json"])
    #expect(json.status == 0)
    let objects = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: String]])
    #expect(objects.count == text.lines.count - 1)
    for object in objects {
      #expect(Set(object.keys).isSuperset(of: ["id", "group", "status", "expected", "found", "fix"]), "\(object)")
      #expect(object["status"] == "pass")
    }
  }

  @Test func cliFailingCheckExitsOneWithTheFix() async throws {
    let lab = try DNSLab()
    try await lab.setUpAWS()
    lab.records.removeAll { $0.contains(" MX ") }
    try await lab.start()
    let result = try lab.cli(["--output", "text"])
    #expect(result.status == 1)
    let line = try #require(result.lines.first { $0.hasPrefix("✗ MX of \(lab.mail)") })
    #expect(line.contains("expected MX 10 inbound-smtp.\(lab.region).amazonaws.com; found no MX record (NOERROR); fix: add"))
    #expect(result.lines.last == "1 of \(result.lines.count - 1) checks failed")
  }

  @Test func cliWaitTurnsGreenWhenTheRecordIsAdded() async throws {
    let lab = try DNSLab()
    try await lab.setUpAWS()
    let mx = try #require(lab.records.first { $0.contains(" MX ") })
    lab.records.removeAll { $0 == mx }
    try await lab.start()
    let cli = try RootmailCLI(
      extra: lab.moto.environment().merging(
        ["AWS_REGION": lab.region, "ROOTMAIL_BUCKET": lab.bucket, "ROOTMAIL_BUCKET_PREFIX": "RootMail/"]) { $1 })
    // Ten minutes to see the record: this process, which restarts the servers, can be held up
    // for minutes by the tests beside it. The run ends as soon as the check is green.
    let running = try cli.start(
      [
        "dns", "check", "--domain", lab.domain, "--resolver", lab.resolver, "--wait", "--interval", "1s", "--wait-timeout",
        "600s", "--output", "text",
      ], timeout: 900)
    try await Task.sleep(for: .seconds(3))
    lab.records.append(mx)
    try await lab.restartChildren()
    let result = await running.result
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    #expect(result.stderr.contains("waiting: "), "\(result.stderr)")
    #expect(result.stderr.contains("MX of \(lab.mail): no MX record"), "\(result.stderr)")
    #expect(result.lines.contains { $0.hasPrefix("✓ MX of \(lab.mail)") })
  }

  @Test func cliEverythingDownStillAnswersWithinTheTimeout() async throws {
    let lab = try DNSLab()
    try await lab.setUpAWS()
    try await lab.start()
    lab.stopAll()
    // Each question may wait ten minutes: only --timeout ends the check early (two minutes of
    // margin for a busy machine; the binary's threads are its own).
    let started = Date()
    let result = try lab.cli(["--query-timeout", "600s", "--timeout", "2s"], timeout: 900)
    let took = Date().timeIntervalSince(started)
    #expect(result.status == 1)
    #expect(took < 2 + 120, "took \(took) s")
    #expect(result.stdout.contains("✗ name servers of \(lab.domain)"), "\(result.stdout)")
  }

  /// A resolver that sets TC on UDP, then sends its TCP answer one byte every 10 s for about ten
  /// minutes: ldns bounds each read (here by the 60 s query timeout), so before the questions
  /// raced --timeout this check ran for the whole trickle. Now it ends at --timeout (two minutes
  /// of margin for a busy machine).
  @Test func cliTricklingTCPAnswerEndsWithinTheTimeout() throws {
    let trickler = try LocalServer(
      executable: "python3", arguments: [LocalServer.script("trickle_dns_server.py"), "%PORT%", "10"])
    defer { trickler.stop() }
    let cli = try RootmailCLI(extra: try MotoServer.shared().environment())
    let started = Date()
    let result = try cli.run(
      [
        "dns", "check", "--domain", "example.com", "--resolver", "127.0.0.1:\(trickler.port)", "--timeout", "5s",
        "--query-timeout", "60s", "--region", "us-east-1", "--output", "text",
      ], timeout: 900)
    let elapsed = Date().timeIntervalSince(started)
    #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
    #expect(elapsed < 5 + 120, "took \(elapsed) s")
    #expect(
      result.stdout.contains("no answer from 127.0.0.1:\(trickler.port) over TCP within the check's --timeout"),
      "\(result.stdout)")
  }

  @Test func cliBadFlagValues() throws {
    let cli = try RootmailCLI()
    let port = try cli.run(["dns", "check", "--domain", "example.com", "--region", "us-east-1", "--resolver", "127.0.0.1:99999"])
    #expect(port.status == 64)
    #expect(port.stderr.contains("--resolver: 127.0.0.1:99999: port must be 1-65535"), "\(port.stderr)")
    // A mistyped server is named before what the config lacks (no domain, no region here), and
    // doctor refuses it up front instead of reporting a failed dns line (or none, with no domain).
    for command in [["dns", "check"], ["doctor"]] {
      let typo = try cli.run(command + ["--parent-server", "[::1:53", "--resolver", "notahost:xx"])
      #expect(typo.status == 64, "\(command) \(typo.stdout)\(typo.stderr)")
      #expect(
        typo.stdout.isEmpty && typo.stderr == "rootmail: error: --resolver: notahost:xx: port must be 1-65535\n", "\(typo.stderr)"
      )
    }
    let v6 = try cli.run(["doctor", "--parent-server", "[::1:53"])
    #expect(v6.status == 64 && v6.stderr.contains("--parent-server: [::1:53: an IPv6 address in [ ] needs its ]"), "\(v6.stderr)")
    // A time option is a usage error (64) before the config is read; 0 is none (a --wait with
    // --interval 0 asked the servers thousands of times a second).
    for (option, value) in [("--timeout", "soon"), ("--timeout", "0"), ("--interval", "0"), ("--query-timeout", "1e3")] {
      let duration = try cli.run(["dns", "check", option, value])
      #expect(duration.status == 64, "\(option) \(value): \(duration.stderr)")
      #expect(
        duration.stderr.hasPrefix("rootmail: error: invalid \(option) \"\(value)\": must be a time like 10s"),
        "\(duration.stderr)")
    }
    // Only a host name or an address, typed as it is shown; a port is digits.
    for (value, rule) in [
      ("a\u{1b}[31m", "a host is a name"), ("h:+53", "port must be 1-65535"), ("[x]:53", "[ ] holds an IPv6 address"),
      (".", "a host is a name"), ("fe80::1%lo", "an IPv6 address holds only"), ("a b", "a host is a name"),
    ] {
      let host = try cli.run(["doctor", "--resolver", value])
      #expect(host.status == 64 && host.stderr.contains(rule) && !host.stderr.contains("\u{1b}"), "\(value): \(host.stderr)")
    }
    let domain = try cli.run(["dns", "check", "--domain", "exa mple.com", "--region", "us-east-1"])
    #expect(domain.status == 65)
    // Refused by the parser while libcurl loads in the background (`TransportPreload`): the
    // usage error and its status, as without it.
    let attempts = try cli.run(["dns", "check", "--domain", "example.com", "--attempts", "many"])
    #expect(attempts.status == 64)
    #expect(attempts.stderr.contains("--attempts"), "\(attempts.stderr)")
    let unknown = try cli.run(["dns", "check", "--no-such-flag"])
    #expect(unknown.status == 64)
    #expect(unknown.stderr.contains("--no-such-flag"), "\(unknown.stderr)")
  }

  /// A check whose --timeout ends before AWS answers reports and exits while its AWS requests
  /// may still be signing on other threads: the exit must not tear libcrypto down under them
  /// (it did, as a SIGSEGV in about a quarter of such runs). Forty runs, each must end with the
  /// checks' own status.
  @Test func aCheckThatGivesUpOnAWSExitsCleanly() throws {
    let cli = try RootmailCLI(extra: [
      "AWS_ENDPOINT_URL": "http://127.0.0.1:9", "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret",
    ])
    var statuses: [Int32: Int] = [:]
    for _ in 0..<40 {
      let result = try cli.run([
        "dns", "check", "--domain", "example.com", "--region", "us-east-1", "--resolver", "127.0.0.1:9", "--timeout", "5ms",
      ])
      statuses[result.status, default: 0] += 1
      if result.status != 1 { Issue.record("status \(result.status): \(result.stderr.suffix(600))") }
    }
    #expect(statuses == [1: 40])
  }

  /// `dns check` asks AWS at once, so the dispatcher loads libcurl while it parses the command
  /// line; `dns` alone (help) does not.
  @Test func checkLoadsTheHTTPTransportWhileTheCommandLineIsParsed() throws {
    let commands = RootmailPluginDNS.pluginDescriptor.commands
    #expect(TransportPreload.wanted(for: ["dns", "check", "--domain", "example.com"], among: commands))
    #expect(!TransportPreload.wanted(for: ["dns"], among: commands))
    // In the real process: a command line refused by the parser never reaches a request, so
    // libcurl is loaded (as the dynamic loader's own log says) only by the dispatcher's preload.
    let cli = try RootmailCLI(extra: ["LD_DEBUG": "files"])
    let check = try cli.run(["dns", "check", "--no-such-flag"])
    #expect(check.status == 64)
    #expect(check.stderr.contains("file=libcurl.so.4 "), "\(check.stderr.suffix(2000))")
    let group = try cli.run(["dns", "--no-such-flag"])
    #expect(group.status == 64)
    #expect(group.stderr.contains("file=libldns.so.3 "))  // the DNS plugin was loaded
    #expect(!group.stderr.contains("file=libcurl.so.4 "))
  }
}
