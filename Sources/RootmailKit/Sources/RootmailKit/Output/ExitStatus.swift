/// The exit codes every rootmail command uses (sysexits.h), documented in the README and man page.
public enum ExitStatus: Int32, Sendable {
  /// Success.
  case ok = 0
  /// A check or an operation failed (a conflict, a failed check, an AWS operation that failed).
  case failure = 1
  /// The command line was wrong.
  case usage = 64
  /// Input data was wrong (a field that breaks a rule).
  case dataError = 65
  /// An AWS service or a server could not be reached or kept failing.
  case unavailable = 69
  /// Access was denied.
  case noPermission = 77
  /// Configuration is wrong (bad config file, missing setting, no credentials).
  case configuration = 78
}

/// An error a command reports to its user: one line, an exit status, and optionally what to do.
public protocol RootmailError: Error, CustomStringConvertible {
  var exitStatus: ExitStatus { get }
  /// A second line telling the user what to do about it, if there is advice to give.
  var hint: String? { get }
}

extension RootmailError {
  public var hint: String? { nil }
}

/// A plain error with a message and an exit status; for errors with no richer type.
public struct CLIError: RootmailError, Equatable {
  public let message: String
  public let exitStatus: ExitStatus
  public let hint: String?

  public init(_ message: String, status: ExitStatus = .failure, hint: String? = nil) {
    self.message = message
    self.exitStatus = status
    self.hint = hint
  }

  public var description: String { message }

  /// A field that breaks a rule: `invalid <field> "<value>": <rule>` (exit 65).
  public static func invalid(field: String, value: String, rule: String) -> CLIError {
    CLIError("invalid \(field) \"\(TerminalSafe.quoted(value))\": \(rule)", status: .dataError)
  }

  /// A wrong command line (exit 64).
  public static func usage(_ message: String) -> CLIError { CLIError(message, status: .usage) }

  /// A wrong configuration (exit 78).
  public static func configuration(_ message: String, hint: String? = nil) -> CLIError {
    CLIError(message, status: .configuration, hint: hint)
  }
}
