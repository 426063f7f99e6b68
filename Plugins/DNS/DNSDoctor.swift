@_spi(RootmailHost) import RootmailKit

/// The DNS plugin's `rootmail doctor` check: `dns check` once, with short timeouts, as one line.
enum DNSDoctor {
  static let checks: [DoctorCheck] = [DoctorCheck("dns") { run in try await summary(run) }]

  static func summary(_ run: DoctorRun) async throws -> DoctorResult {
    let context = run.context
    guard let domain = context.config.string(.domain), !domain.isEmpty else {
      return .warning("no domain set: DNS not checked", fix: "rootmail config set domain <your domain>")
    }
    // Within doctor's bound, with time left to report.
    let seconds = max(1, min(8, run.timeout.components.seconds - 2))
    var arguments = ["--domain", domain, "--timeout", "\(seconds)s", "--query-timeout", "1s", "--attempts", "1"]
    if let resolver = run.resolver { arguments += ["--resolver", resolver] }
    for server in run.parentServers { arguments += ["--parent-server", server] }
    let command = try CheckCommand.parse(arguments)
    let settings = try command.makeSettings(context)
    let (aws, problem) = command.awsClient(context)
    let report = await DNSCheck(settings: settings, aws: aws, awsProblem: problem).run()
    let failures = report.failures
    guard let first = failures.first else {
      return .ok("\(settings.mailDomain): all \(report.results.count) checks passed")
    }
    return .failed(
      "\(settings.mailDomain): \(failures.count) of \(report.results.count) checks failed, first \(first.check): \(first.found)",
      fix: first.fix.isEmpty ? "rootmail dns check shows each failure with its fix" : first.fix)
  }
}
