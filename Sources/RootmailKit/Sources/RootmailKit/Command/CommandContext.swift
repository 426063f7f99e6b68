import Synchronization

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// What a command runs with: the resolved configuration, the output format, a logger, the
/// environment. Commands get one from `RootmailCommand`; tests build one directly.
public final class CommandContext: @unchecked Sendable {
  public var config: Config
  public let global: GlobalOptions
  public let environment: [String: String]
  public let outputFormat: OutputFormat
  public let logger: Logger
  public let colorEnabled: Bool
  /// The command's AWS client, built on first use (`aws()`).
  let awsClient = Mutex<AWSClient?>(nil)

  public init(config: Config, global: GlobalOptions, environment: [String: String], logger: Logger) {
    self.config = config
    self.global = global
    self.environment = environment
    self.logger = logger
    let configured = config.string(.output).flatMap(OutputFormat.init(rawValue:))
    self.outputFormat = configured ?? OutputFormat.defaultFormat(stdoutIsTerminal: Terminal.stdoutIsTerminal)
    self.colorEnabled = Terminal.colorEnabled(noColorFlag: global.noColor, environment: environment)
  }

  /// Builds the context for a command from its global options and the process environment.
  public static func make(global: GlobalOptions, environment: [String: String] = ProcessInfo.processInfo.environment) throws
    -> CommandContext
  {
    LogSetup.bootstrap(level: global.logLevel)
    let config = try ConfigLoader(environment: environment, explicitFile: global.config, flags: global.configFlags).load()
    var logger = Logger(label: "rootmail")
    logger.logLevel = global.logLevel
    return CommandContext(config: config, global: global, environment: environment, logger: logger)
  }

  // MARK: Output

  /// Prints data on stdout: never redacted (it is data, not a log), but with every control and
  /// bidi character escaped (`TerminalSafe`), line by line, whatever its source.
  public func print(_ line: String) {
    StandardStream.writeOut(Self.terminalSafe(line) + "\n")
  }

  /// Prints a table in the chosen format (cells escaped by `Table`).
  public func emit(_ table: Table) {
    switch outputFormat {
    case .table: StandardStream.writeOut(table.renderAligned())
    case .text: StandardStream.writeOut(table.renderText())
    case .json: print(table.json().pretty)
    }
  }

  static func terminalSafe(_ text: String) -> String { TerminalSafe.escapedLines(text) }

  /// Prints a JSON value (for `--output json`).
  public func emit(_ json: JSONValue) { print(json.pretty) }

  /// A message for the user on stderr (never on stdout, so `$(rootmail …)` captures data only).
  public func note(_ message: String) {
    StandardStream.writeErr(Self.terminalSafe(Redactor.shared.redactSecrets(message)) + "\n")
  }

  /// A warning on stderr, `rootmail: warning: …`.
  public func warn(_ message: String) { note("rootmail: warning: " + message) }
}
