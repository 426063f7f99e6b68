@_spi(RootmailHost) import RootmailKit

#if canImport(Glibc)
  import Glibc
#endif

/// `exec:/path/to/program [args]`: runs a program of the user's on every mail, with the raw
/// mail on stdin and its facts in `ROOTMAIL_*` environment variables (`ExecEnvironment`), as
/// git runs hooks and procmail runs pipes: receivers in any language. No shell runs: the
/// argument is split into words as a shell would (`'…'` and `"…"` quote) and the first word,
/// an absolute path, is checked as written (`TrustedPath.openProgram`) and held open; each mail runs that
/// very file through its descriptor.
///
/// Exit 0 is done (the last line of its stdout says what it did), 75 (`EX_TEMPFAIL`) is "try
/// again later", anything else or a signal is failed for good, with the last line of its
/// stderr as the reason. After `exec_timeout` seconds the program and everything it started
/// get SIGTERM, then SIGKILL: a failure worth retrying.
struct ExecReceiver: MailReceiver {
  static let declaration = ReceiverDeclaration(
    name: "exec",
    summary: "run a program with the raw mail on stdin and its facts in ROOTMAIL_* variables",
    make: { spec, context in try ExecReceiver(spec: spec, context: context) })

  /// Seconds between SIGTERM and SIGKILL after a timeout.
  static let killGraceSeconds = 5.0
  /// Bytes kept of each output (only its last line is used).
  static let outputLimit = 16_384
  /// Characters of an output line in an outcome.
  static let lineLimit = 300

  let arguments: [String]
  /// The checked program, held open for as long as the receiver lives.
  let program: TrustedPath
  let timeoutSeconds: Int
  let facts: ExecEnvironment

  init(spec: ReceiverSpec, context: ReceiverContext) throws {
    func refuse(_ why: String, hint: String? = nil) -> CLIError {
      .configuration("receiver \(TerminalSafe.quoted(spec.id, limit: 120)): \(TerminalSafe.escaped(why))", hint: hint)
    }
    guard let argument = spec.argument else {
      throw refuse("no program given", hint: "write exec:/path/to/program [arguments] in `receivers`")
    }
    let words: [String]
    do {
      words = try ShellWords.split(argument)
    } catch {
      throw refuse("a quote is not closed", hint: "quote with '…' or \"…\", or escape with \\")
    }
    guard let program = words.first, program.hasPrefix("/") else {
      throw refuse("the program must be an absolute path (no PATH search, no shell)")
    }
    switch TrustedPath.openProgram(program) {
    case .failure(let problem): throw refuse(problem.reason)
    case .success(let file): self.program = file
    }
    arguments = words
    timeoutSeconds = context.config.integer(.execTimeout) ?? 60
    facts = ExecEnvironment(
      base: context.environment, trustedDomains: context.config.list(.trustedMailDomains))
  }

  func receive(_ mail: ReceivedMail, context: ReceiverContext) async -> ReceiverOutcome {
    let name = TerminalSafe.escaped(Path.fileName(of: arguments[0]))
    // Its owner (the user or root) may have changed it since: checked again each time.
    if let problem = program.recheck(what: "program") {
      return .failed(TerminalSafe.quoted(problem, limit: Self.lineLimit), retryable: false)
    }
    let result: ChildProcess.Result
    do {
      result = try await ChildProcess.runOnOwnThread(
        arguments, executable: program.fd, environment: facts.variables(for: mail), input: mail.raw,
        timeoutSeconds: Double(timeoutSeconds),
        killGraceSeconds: Self.killGraceSeconds, outputLimit: Self.outputLimit)
    } catch let error as ChildProcess.SpawnError {
      // Gone or not runnable any more: failed until someone fixes it; out of processes or
      // memory: worth another try.
      let lasting = [ENOENT, EACCES, ENOEXEC, ENOTDIR, ELOOP, EISDIR].contains(error.errno)
      return .failed(TerminalSafe.quoted("\(error)", limit: Self.lineLimit), retryable: !lasting)
    } catch {
      return .failed(TerminalSafe.quoted("cannot run \(name): \(error)", limit: Self.lineLimit), retryable: true)
    }
    let why = Self.lastLine(of: result.stderr).map { ": " + $0 } ?? ""
    if result.timedOut {
      return .failed("\(name) did not finish within \(timeoutSeconds) s and was stopped\(why)", retryable: true)
    }
    if let signal = result.signal {
      return .failed("\(name) was killed by signal \(signal)\(why)", retryable: false)
    }
    switch result.status {
    case 0: return .done(Self.lastLine(of: result.stdout) ?? "\(name) exited 0")
    case 75: return .failed("\(name) asked to be run again later (exit 75)\(why)", retryable: true)
    default: return .failed("\(name) exited with status \(result.status)\(why)", retryable: false)
    }
  }

  /// The last line of an output that holds more than blanks, escaped and cut for an outcome.
  static func lastLine(of output: [UInt8]) -> String? {
    let text = String(decoding: output, as: UTF8.self)
    let lines = text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map { String($0).trimmingSpaces() }
    guard let line = lines.last(where: { !$0.isEmpty }) else { return nil }
    return TerminalSafe.quoted(line, limit: lineLimit)
  }
}
