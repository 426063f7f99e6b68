/// A rootmail command: a swift-argument-parser command with the global options, run with a
/// `CommandContext`, whose errors are printed and mapped to exit codes the same way for every
/// command of every plugin.
public protocol RootmailCommand: AsyncParsableCommand {
  var global: GlobalOptions { get }
  func run(in context: CommandContext) async throws
  /// Whether the command's data may be long enough to page on a terminal (lists, a mail);
  /// false by default.
  static var pagesOutput: Bool { get }
  /// Whether the command runs when the configuration does not load (a bad config file or
  /// `ROOTMAIL_*` value), on the defaults and its flags: `config set`, `unset` and `edit` (how such a file gets
  /// fixed) and `doctor` (which reports it). False by default: other commands stop with exit 78.
  static var runsOnBrokenConfiguration: Bool { get }
}

extension RootmailCommand {
  public mutating func run() async throws { try await execute(host: HostSession()) }

  /// Builds the context (over the configuration the dispatcher read, in `host`), runs
  /// `run(in:)` and reports errors the same way for every command. The dispatcher calls this
  /// directly (swift-argument-parser may pick its own default `run` as the witness for
  /// commands declared in a protocol extension).
  @_spi(RootmailHost) public func execute(host: HostSession) async throws {
    var pager: Pager?
    do {
      let context = try CommandContext.make(
        global: global, host: host, brokenConfiguration: Self.runsOnBrokenConfiguration ? .useDefaults : .fail)
      if Self.pagesOutput { pager = context.startPager() }
      try await run(in: context)
      StandardStream.flushOut()
      pager?.finish()
    } catch {
      StandardStream.flushOut()
      pager?.finish()
      throw ErrorReporter.report(error)
    }
  }

  public static var pagesOutput: Bool { false }
  public static var runsOnBrokenConfiguration: Bool { false }
}

/// Turns an error into the one line on stderr and the exit code every command uses.
@_spi(RootmailHost) public enum ErrorReporter {
  /// Prints `rootmail: error: …` (and a hint) on stderr and returns the exit code to throw.
  public static func report(_ error: any Error) -> any Error {
    switch error {
    case let e as ExitCode: return e
    case let e as CleanExit: return e
    case let e as ValidationError: return e
    case let e as RootmailError:
      StandardStream.writeErr(TerminalSafe.escaped(Redactor.shared.redactSecrets("rootmail: error: \(e.description)")) + "\n")
      if let hint = e.hint {
        StandardStream.writeErr(TerminalSafe.escaped(Redactor.shared.redactSecrets("hint: \(hint)")) + "\n")
      }
      return ExitCode(e.exitStatus.rawValue)
    default:
      StandardStream.writeErr(TerminalSafe.escaped(Redactor.shared.redactSecrets("rootmail: error: \(error)")) + "\n")
      return ExitCode(ExitStatus.failure.rawValue)
    }
  }
}
