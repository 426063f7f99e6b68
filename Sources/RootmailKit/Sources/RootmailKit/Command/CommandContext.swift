import Synchronization

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// What a command runs with: the resolved configuration, its AWS settings, the output format,
/// a logger, the environment, and what the dispatcher found (`host`). Commands get one from
/// `RootmailCommand`; tests build one directly. It is the `StoreContext` the store engines
/// open stores with, so the store and the command share one AWS client.
public final class CommandContext {
  public let config: Config
  /// Profile, region and endpoint URL as the flags and the config set them, built once.
  @_spi(RootmailHost) public let awsSettings: AWSSettings
  public let environment: [String: String]
  public let outputFormat: OutputFormat
  public let logger: Logger
  /// Whether data on stdout is coloured (`--color`, `color`, `NO_COLOR`, `--no-color`).
  public let colorEnabled: Bool
  /// Whether notes and warnings on stderr are coloured.
  public let stderrColorEnabled: Bool
  /// Columns a table on stdout may take (nil when stdout is not a terminal, or with `-o wide`).
  public let terminalWidth: Int?
  /// Whether long output may go through a pager (`--no-pager`, `pager = false`).
  public let pagerAllowed: Bool
  /// The plugins and search path of this run, for the built-in commands that report on them.
  @_spi(RootmailHost) public let host: HostSession
  /// The command's AWS client, built on first use (`aws()`).
  let awsClient = Mutex<AWSClient?>(nil)

  @_spi(RootmailHost) public init(
    config: Config, environment: [String: String], logger: Logger = Logger(label: "rootmail"), noColor: Bool = false,
    noPager: Bool = false, host: HostSession = HostSession()
  ) {
    self.config = config
    self.awsSettings = AWSSettings(config: config)
    self.environment = environment
    self.logger = logger
    self.host = host
    let configured = config.string(.output).flatMap(OutputFormat.init(rawValue:))
    self.outputFormat = configured ?? OutputFormat.defaultFormat(stdoutIsTerminal: Terminal.stdoutIsTerminal)
    let choice = config.string(.color).flatMap(ColorChoice.init(rawValue:)) ?? .auto
    self.colorEnabled = choice.enabled(
      streamIsTerminal: Terminal.stdoutIsTerminal, noColorFlag: noColor, environment: environment)
    self.stderrColorEnabled = choice.enabled(
      streamIsTerminal: Terminal.stderrIsTerminal, noColorFlag: noColor, environment: environment)
    self.terminalWidth = outputFormat == .table ? Terminal.width(environment: environment) : nil
    self.pagerAllowed = !noPager && config.boolean(.pager) != false && Terminal.stdoutIsTerminal
  }

  /// Builds the context for a command from its global options and the process environment.
  /// The configuration the dispatcher loaded (`host.fileConfig`) is reused: only the flags are
  /// applied on top of it.
  /// What `make` does when the configuration does not load.
  public enum BrokenConfiguration: Sendable {
    /// Throw its configuration error (exit 78).
    case fail
    /// Go on without the config file (environment and flags), or, when the environment does not
    /// load either, with the defaults and the flags (`RootmailCommand.runsOnBrokenConfiguration`).
    case useDefaults
  }

  @_spi(RootmailHost) public static func make(
    global: GlobalOptions, host: HostSession = HostSession(),
    environment: [String: String] = ProcessEnvironment.current(), brokenConfiguration: BrokenConfiguration = .fail
  ) throws -> CommandContext {
    LogSetup.bootstrap(level: global.logLevel)
    let loader = ConfigLoader(environment: environment, explicitFile: global.config, flags: global.configFlags)
    let config: Config
    do {
      config = try host.fileConfig.map(loader.applyingFlags) ?? loader.load()
    } catch let error as CLIError where error.exitStatus == .configuration && brokenConfiguration == .useDefaults {
      // A configuration home that holds nothing: the optional file is then absent.
      var settings = environment
      settings["ROOTMAIL_CONFIG"] = nil
      settings["XDG_CONFIG_HOME"] = "/nonexistent/rootmail-no-config"
      let withoutFile = ConfigLoader(environment: settings, flags: global.configFlags)
      config = try (try? withoutFile.load()) ?? loader.defaultsOnly()
    }
    var logger = Logger(label: "rootmail")
    logger.logLevel = global.logLevel
    return CommandContext(
      config: config, environment: environment, logger: logger, noColor: global.noColor, noPager: global.noPager,
      host: host)
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
    case .table, .wide: StandardStream.writeOut(table.renderAligned(width: terminalWidth, color: colorEnabled))
    case .text: StandardStream.writeOut(table.renderText())
    case .json: emit(table.json())
    }
  }

  /// Prints a list's table, or, when it has no rows and the output is for people, `empty` on
  /// stderr instead of a lone header (as `kubectl get` says "No resources found"). JSON output
  /// stays an empty list, so a script sees the same shape either way.
  @_spi(RootmailHost) public func emit(_ table: Table, whenEmpty empty: @autoclosure () -> String) {
    if table.rows.isEmpty && outputFormat != .json { note(empty()) } else { emit(table) }
  }

  static func terminalSafe(_ text: String) -> String { TerminalSafe.escapedLines(text) }

  /// Prints a JSON value (for `--output json`).
  public func emit(_ json: JSONValue) {
    var out = JSONWriter()
    out.value(json)
    emit(out)
  }

  /// Prints the JSON text of a writer and a newline, as it is: the writer escapes every unsafe
  /// character itself, so the text needs no second pass.
  @_spi(RootmailHost) public func emit(_ json: JSONWriter) {
    StandardStream.writeOut(bytes: json.bytes)
    StandardStream.writeOut(bytes: [UInt8(ascii: "\n")])
  }

  /// Prints the JSON text a writer holds so far and empties it, keeping its place in the
  /// document: a long list is printed as it is written instead of held whole. `emit` prints
  /// the rest.
  @_spi(RootmailHost) public func emitPart(_ json: inout JSONWriter) {
    StandardStream.writeOut(bytes: json.bytes)
    json.removeWritten()
  }

  /// A message for the user on stderr (never on stdout, so `$(rootmail …)` captures data only).
  public func note(_ message: String) {
    StandardStream.writeErr(Self.terminalSafe(Redactor.shared.redactSecrets(message)) + "\n")
  }

  /// A warning on stderr, `rootmail: warning: …` (yellow on a colour terminal).
  public func warn(_ message: String) {
    let line = Self.terminalSafe(Redactor.shared.redactSecrets("rootmail: warning: " + message))
    StandardStream.writeErr(TextStyle.warning.apply(line, enabled: stderrColorEnabled) + "\n")
  }

  /// Starts the pager for this command's output when stdout is a terminal and paging is
  /// allowed (`Pager`); nil otherwise.
  @_spi(RootmailHost) public func startPager() -> Pager? {
    pagerAllowed ? Pager.start(environment: environment) : nil
  }
}

/// The store engines open stores with a command's context (its AWS client, config and logger).
@_spi(RootmailHost) extension CommandContext: StoreContext {}
