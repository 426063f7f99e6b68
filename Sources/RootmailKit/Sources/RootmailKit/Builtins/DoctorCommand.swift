import Synchronization

/// `rootmail doctor`: why does nothing work? The config file, the plugins, the credentials, then
/// every check the plugins declare (`PluginDescriptor.doctorChecks`: store, bucket, mail index,
/// receivers, DNS, deploy state, and a user plugin's own), one line each with ✓, ! or ✗ and a
/// fix. Exit 1 when a check failed; a plugin that is not installed is a `!` line.
@_spi(RootmailHost) public struct DoctorCommand: RootmailCommand {
  public static let configuration = CommandConfiguration(
    commandName: "doctor",
    abstract: "Check the config, plugins, credentials, store, bucket, mail index, DNS and deploy state.",
    discussion: """
      One line per check: ✓ passed, ! worth knowing, ✗ failed, each with what to do. The checks \
      come from rootmail itself (config file found and trusted, plugins loaded or refused, AWS \
      credentials accepted: STS GetCallerIdentity) and from the plugins (mail: store, bucket, \
      mail index, receivers; dns: the DNS check; deploy: the stack and its state record); a \
      plugin may declare checks of its own. Checks run at the same time, each given up after \
      --timeout. A plugin that is not installed is a ! line. Exit 0 when nothing failed, 1 when \
      a check failed.
      """)

  /// The in-tree plugins whose checks doctor runs, and what they check (a `!` line when absent).
  static let expectedPlugins: [(name: String, checks: String)] = [
    ("Mail", "store, bucket, mail index and receivers"), ("DNS", "DNS"), ("Deploy", "deploy state"),
  ]

  @OptionGroup public var global: GlobalOptions

  @Option(help: ArgumentHelp("Give up on a check after this many seconds (1-600).", valueName: "seconds"))
  public var timeout: Int = 20

  @Option(
    help: ArgumentHelp(
      "The DNS check asks this server (with recursion) instead of /etc/resolv.conf.", valueName: "host[:port]"))
  public var resolver: String?

  @Option(
    name: .customLong("parent-server"),
    help: ArgumentHelp(
      "The DNS check asks this server of the parent zone instead of those the resolver names (repeatable).",
      valueName: "host[:port]"))
  public var parentServers: [String] = []

  public init() {}

  public static var runsOnBrokenConfiguration: Bool { true }

  /// One check's name and how it came out.
  struct Line: Sendable {
    let name: String
    let result: DoctorResult
  }

  public func run(in context: CommandContext) async throws {
    guard (1...600).contains(timeout) else {
      throw CLIError.invalid(field: "--timeout", value: String(timeout), rule: "must be 1-600 seconds")
    }
    // A mistyped server is the user's to fix now (exit 64), not a failed check among the others.
    try HostPort.checkDNSServers(resolver: resolver, parentServers: parentServers)
    let doctorRun = DoctorRun(
      context: context, timeout: .seconds(timeout), resolver: resolver, parentServers: parentServers)
    var checks = DoctorBuiltinChecks.all(global: global)
    // The in-tree plugins' checks in the order a set-up depends on them, then the others'.
    let order = Self.expectedPlugins.map(\.name)
    let plugins = context.host.catalog.plugins.enumerated().sorted { a, b in
      (order.firstIndex(of: a.element.descriptor.name) ?? order.count + a.offset)
        < (order.firstIndex(of: b.element.descriptor.name) ?? order.count + b.offset)
    }
    for (_, plugin) in plugins { checks += plugin.descriptor.doctorChecks }
    var lines = await Self.runAll(checks, doctorRun)
    let loaded = Set(context.host.catalog.plugins.map(\.descriptor.name))
    for (name, what) in Self.expectedPlugins where !loaded.contains(name) {
      lines.append(
        Line(
          name: name.lowercased(),
          result: .warning(
            "plugin \(name) is not installed: \(what) not checked",
            fix: "install it beside rootmail (make install) or on the plugin path; see rootmail plugins list")))
    }
    emit(lines, context)
    if lines.contains(where: { $0.result.status == .failed }) { throw ExitCode(ExitStatus.failure.rawValue) }
  }

  /// Every check at once, each bounded by the run's timeout; the lines in the checks' order.
  static func runAll(_ checks: [DoctorCheck], _ run: DoctorRun) async -> [Line] {
    await withTaskGroup(of: (Int, DoctorResult).self) { group in
      for (i, check) in checks.enumerated() {
        group.addTask { (i, await bounded(check, run)) }
      }
      var results = [DoctorResult?](repeating: nil, count: checks.count)
      for await (i, result) in group { results[i] = result }
      return checks.enumerated().map { Line(name: $0.element.name, result: results[$0.offset]!) }
    }
  }

  /// One check's result, or a failed line once `run.timeout` has passed: the check is then
  /// cancelled and left behind (a call stuck in a library must not hold doctor up).
  static func bounded(_ check: DoctorCheck, _ run: DoctorRun) async -> DoctorResult {
    let outcome = FirstOutcome()
    return await withCheckedContinuation { continuation in
      outcome.wait(continuation)
      let work = Task {
        do { outcome.finish(try await check.run(run)) } catch { outcome.finish(.failed(error)) }
      }
      Task {
        try? await Task.sleep(for: run.timeout)
        outcome.finish(
          .failed(
            "no answer within \(run.timeout.components.seconds) s", fix: "see what it waits on; doctor --timeout gives it longer")
        )
        work.cancel()
      }
    }
  }

  /// The first of a check's result and its timeout, handed to the one waiting.
  final class FirstOutcome: Sendable {
    private let waiting = Mutex<CheckedContinuation<DoctorResult, Never>?>(nil)

    func wait(_ continuation: CheckedContinuation<DoctorResult, Never>) { waiting.withLock { $0 = continuation } }

    func finish(_ result: DoctorResult) {
      waiting.withLock { waiting in
        waiting?.resume(returning: result)
        waiting = nil
      }
    }
  }

  func emit(_ lines: [Line], _ context: CommandContext) {
    let redactor = Redactor.shared
    switch context.outputFormat {
    case .json:
      let checks: [JSONValue] = lines.map { line in
        var members: [(String, JSONValue)] = [
          ("name", .string(line.name)), ("status", .string(line.result.status.rawValue)),
          ("line", .string(redactor.redactSecrets(line.result.line))),
        ]
        if let fix = line.result.fix { members.append(("fix", .string(redactor.redactSecrets(fix)))) }
        return .object(members)
      }
      let ok = !lines.contains { $0.result.status == .failed }
      context.emit(.object([("ok", .bool(ok)), ("checks", .array(checks))]))
    case .table, .wide, .text:
      for line in lines {
        let style: TextStyle = line.result.status == .ok ? .good : line.result.status == .failed ? .bad : .warning
        // Escaped first (a line from a plugin is one line, without control characters), then
        // the symbol coloured: its escape sequence is the only one that reaches the terminal.
        let symbol = style.apply(line.result.status.symbol, enabled: context.colorEnabled)
        let text = TerminalSafe.escaped("\(line.name): " + redactor.redactSecrets(line.result.line))
        StandardStream.writeOut("\(symbol) \(text)\n")
        if let fix = line.result.fix, line.result.status != .ok {
          context.print("    fix: " + TerminalSafe.escaped(redactor.redactSecrets(fix)))
        }
      }
      let failed = lines.filter { $0.result.status == .failed }.count
      let warnings = lines.filter { $0.result.status == .warning }.count
      context.print(
        failed == 0 && warnings == 0
          ? "all \(lines.count) checks passed"
          : "\(failed) failed, \(warnings) to look at, \(lines.count - failed - warnings) passed")
    }
  }
}
