@_spi(RootmailHost) import RootmailKit

/// `rootmail dns check`: the delegation, the delegated servers, MX, SES identity records and
/// status, the receipt rule, and how long a fix takes to be seen, one line per check.
struct CheckCommand: RootmailCommand, StartsWithAWSRequests {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Prove that <subdomain>.<domain> receives mail into SES, or say what to fix.",
    discussion: """
      Asks every server of the parent zone for the delegation (no recursion), every delegated \
      server for the zone's SOA over UDP and TCP and its NS set, one of them for the MX, the \
      _amazonses TXT and the DKIM CNAMEs, and AWS for the hosted zone's name servers, the SES \
      identity's token, DKIM tokens and status and the active receipt rule set. One line per \
      check: ✓ passed, ✗ failed (with what was expected, what was found and the fix), ! worth \
      knowing. Exit 0 when every check passes, 1 when any fails. --wait runs the checks again \
      every --interval until they pass or --wait-timeout ends, showing on stderr what still fails.
      """)

  @OptionGroup var global: GlobalOptions

  @Option(help: ArgumentHelp("The company's domain (default: the domain setting).", valueName: "domain"))
  var domain: String?

  @Option(help: ArgumentHelp("The receiving subdomain (default: the subdomain setting, aws).", valueName: "label"))
  var subdomain: String?

  @Option(
    name: .customLong("hosted-zone-id"),
    help: ArgumentHelp(
      "The Route53 hosted zone of the subdomain (default: found by name, remembered for the next check).", valueName: "id"))
  var hostedZoneID: String?

  @Option(
    help: ArgumentHelp(
      "Ask this server (with recursion) for the parent zone's servers and server addresses (default: /etc/resolv.conf).",
      valueName: "host[:port]"))
  var resolver: String?

  @Option(
    name: .customLong("parent-server"),
    help: ArgumentHelp(
      "A server of the parent zone to ask instead of those the resolver names (repeatable).", valueName: "host[:port]"))
  var parentServers: [String] = []

  @Option(help: ArgumentHelp("Finish the whole check within this time (10s, 500ms, 1m).", valueName: "duration"))
  var timeout: String = "10s"

  @Option(name: .customLong("query-timeout"), help: ArgumentHelp("Wait this long for one answer.", valueName: "duration"))
  var queryTimeout: String = "2s"

  @Option(help: ArgumentHelp("Attempts per question (1-10).", valueName: "n"))
  var attempts: Int = 2

  @Flag(help: "Run the checks again until all pass (or --wait-timeout ends).")
  var wait = false

  @Option(name: .customLong("wait-timeout"), help: ArgumentHelp("How long --wait keeps trying.", valueName: "duration"))
  var waitTimeout: String = "2h"

  @Option(help: ArgumentHelp("Time between runs with --wait.", valueName: "duration"))
  var interval: String = "10s"

  func run(in context: CommandContext) async throws {
    let settings = try makeSettings(context)
    let (aws, problem) = awsClient(context)
    let check = DNSCheck(settings: settings, aws: aws, awsProblem: problem)
    var report = await check.run()
    if wait {
      let limit = ContinuousClock.now + (try duration(waitTimeout, "--wait-timeout"))
      let pause = try duration(interval, "--interval")
      while !report.passed && ContinuousClock.now + pause < limit {
        let failing = report.failures
        context.note(
          "waiting: \(Plural.count(failing.count, "check")) failing, next run in \(interval): "
            + failing.map { "\($0.status.symbol) \($0.check): \($0.found)" }.joined(separator: "\n  "))
        try await Task.sleep(for: pause)
        report = await check.run()
      }
      if !report.passed {
        let failing = report.failures.count
        context.note(
          "gave up waiting: --wait-timeout \(waitTimeout) ended with \(Plural.count(failing, "check")) still failing")
      }
    }
    switch context.outputFormat {
    case .json: context.emit(report.json)
    case .table, .wide:
      StandardStream.writeOut(Redactor.shared.redact(report.text(headings: true, color: context.colorEnabled)))
    case .text: StandardStream.writeOut(Redactor.shared.redact(report.text(headings: false)))
    }
    if !report.passed { throw ExitCode(ExitStatus.failure.rawValue) }
  }

  func duration(_ text: String, _ option: String) throws -> Duration {
    try DurationText.option(text, name: option)
  }

  func makeSettings(_ context: CommandContext) throws -> CheckSettings {
    // The options' form first: a typo is named before anything the config lacks.
    try HostPort.checkDNSServers(resolver: resolver, parentServers: parentServers)
    for (text, option) in [
      (timeout, "--timeout"), (queryTimeout, "--query-timeout"), (waitTimeout, "--wait-timeout"), (interval, "--interval"),
    ] {
      _ = try duration(text, option)
    }
    guard let domain = domain ?? context.config.string(.domain), !domain.isEmpty else {
      throw CLIError.configuration("no domain: give --domain or set domain in the config")
    }
    let subdomain = subdomain ?? context.config.string(.subdomain) ?? "aws"
    for (field, value) in [("--domain", domain), ("--subdomain", subdomain)]
    where !(value.isEmpty && field == "--subdomain") && !Validation.isHostName(value) {
      throw CLIError.invalid(
        field: field, value: String(value.prefix(80)), rule: "must be a host name (letters, digits, - and .)")
    }
    guard
      let region = context.config.string(.region) ?? context.environment["AWS_REGION"]
        ?? context.environment["AWS_DEFAULT_REGION"] ?? (try? context.aws().region)
    else {
      throw CLIError.configuration("no region: give --region or set region in the config (the region SES receives in)")
    }
    guard (1...10).contains(attempts) else {
      throw CLIError.invalid(field: "--attempts", value: String(attempts), rule: "must be 1-10")
    }
    let resolvers = try resolver.map { [try DNSServer.parse($0, option: "--resolver")] } ?? DNSServer.systemResolvers()
    let parents = try parentServers.map { try DNSServer.parse($0, option: "--parent-server") }
    return CheckSettings(
      domain: domain, subdomain: subdomain, region: region, bucket: context.config.string(.bucket),
      bucketPrefix: context.config.string(.bucketPrefix), hostedZoneID: hostedZoneID,
      zoneMemoryPath: HostedZoneMemory.location(environment: context.environment), resolvers: resolvers,
      parentServers: parents, queryTimeout: try duration(queryTimeout, "--query-timeout"), attempts: attempts,
      timeout: try duration(timeout, "--timeout"))
  }

  /// The AWS client, or why there is none (the AWS checks then fail with that reason).
  func awsClient(_ context: CommandContext) -> (AWSClient?, String) {
    do {
      return (try context.aws(), "")
    } catch {
      return (nil, "no AWS client: \(error)")
    }
  }
}
