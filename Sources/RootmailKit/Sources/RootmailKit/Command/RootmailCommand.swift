/// A rootmail command: a swift-argument-parser command with the global options, run with a
/// `CommandContext`, whose errors are printed and mapped to exit codes the same way for every
/// command of every plugin.
public protocol RootmailCommand: AsyncParsableCommand {
  var global: GlobalOptions { get }
  func run(in context: CommandContext) async throws
}

extension RootmailCommand {
  public mutating func run() async throws { try await execute() }

  /// Builds the context, runs `run(in:)` and reports errors the same way for every command.
  /// The dispatcher calls this directly (swift-argument-parser may pick its own default `run`
  /// as the witness for commands declared in a protocol extension).
  public func execute() async throws {
    do {
      let context = try CommandContext.make(global: global)
      try await run(in: context)
      StandardStream.flushOut()
    } catch {
      StandardStream.flushOut()
      throw ErrorReporter.report(error)
    }
  }
}

/// Turns an error into the one line on stderr and the exit code every command uses.
public enum ErrorReporter {
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
