#if canImport(Glibc)
  import Glibc
#endif

/// What `rootmail` does with its command line: refuses arguments that are not UTF-8, finds the
/// plugin that provides the command asked for (or every plugin, for help and `plugins list`),
/// registers their commands under `RootCommand`, parses, and runs the command. `run()` returns
/// the exit status instead of exiting, so it is tested without starting a process
/// (`DispatcherUnitTests`); `Sources/rootmail/main.swift` only calls `main()`.
@_spi(RootmailHost) public struct Dispatcher: Sendable {
  /// The arguments after the program name.
  public var arguments: [String]
  /// The same arguments as bytes, as the kernel passed them.
  public var rawArguments: [[UInt8]]
  public var environment: [String: String]
  /// Where the executable is (the installed plugin folder is found beside it).
  public var executablePath: String
  /// Where the dispatcher's own messages go (usage errors, warnings, help); commands write
  /// through `StandardStream`.
  public var write: @Sendable (_ text: String, _ toStandardError: Bool) -> Void

  public init(
    arguments: [String], rawArguments: [[UInt8]]? = nil, environment: [String: String], executablePath: String,
    write: @escaping @Sendable (_ text: String, _ toStandardError: Bool) -> Void = Dispatcher.standardStreams
  ) {
    self.arguments = arguments
    self.rawArguments = rawArguments ?? arguments.map { Array($0.utf8) }
    self.environment = environment
    self.executablePath = executablePath
    self.write = write
  }

  /// This process's command line and environment.
  public static func current() -> Dispatcher {
    Dispatcher(
      arguments: Array(CommandLine.arguments.dropFirst()), rawArguments: RawArguments.current(),
      environment: ProcessEnvironment.current(), executablePath: Executable.path ?? CommandLine.arguments[0])
  }

  /// Runs this process's command line and exits with its status.
  ///
  /// The exit is `_exit` after flushing stdio: work a command gave up on may still run on other
  /// threads (a `dns check`'s AWS requests past `--timeout`, signing inside libcrypto), and
  /// `exit`'s handlers would tear down the C libraries under it: OpenSSL's cleanup, which
  /// libcurl's initialisation registers, freed libcrypto's tables while a request was being
  /// signed (SIGSEGV in a quarter of `dns check --timeout 5ms` runs). Nothing of rootmail's
  /// needs an exit handler: output goes through stdio, flushed here, and every file and child
  /// process is finished before `run` returns. A transport load the dispatcher started is let
  /// finish first, so a run does the same loading whether it got to a request or not.
  public static func main() async -> Never {
    let status = await current().run()
    TransportPreload.wait()
    fflush(nil)
    _exit(status)
  }

  @Sendable public static func standardStreams(_ text: String, _ toStandardError: Bool) {
    if toStandardError { StandardStream.writeErr(text) } else { StandardStream.writeOut(text) }
  }

  /// Runs the command line; returns the exit status.
  public func run() async -> Int32 {
    // Arguments that are not UTF-8 are refused before anything reads them (Swift's
    // `CommandLine.arguments` would hand them on with U+FFFD in place of the bad bytes).
    if let problem = RawArguments.check(rawArguments) { return finish(ErrorReporter.report(problem)) }
    if ValueCompletion.malformedRequest(arguments) {
      return finish(ErrorReporter.report(CLIError.usage("a malformed ---completion request")))
    }
    if let report = VersionReport.text(for: arguments) {
      write(report, false)
      return 0
    }
    let scan = CommandLineScan(arguments, builtins: Builtins.names, builtinsNeedingPlugins: Builtins.needingPlugins)
    var host = HostSession(rootCommand: RootCommand.self)
    if scan.need != .none {
      switch loadPlugins(for: scan, into: &host) {
      case .some(let status): return status
      case .none: break
      }
      // A command that starts with AWS requests: libcurl loads while the command line is parsed.
      if case .command = scan.need, TransportPreload.wanted(for: scan.arguments, among: host.catalog.commands) {
        TransportPreload.start()
      }
    }
    // `help <words>` naming no command is a typo to point out (as `rootmail mial` is), not the
    // nearest command's help with exit 0.
    if scan.arguments.first == "help", scan.arguments.count > 1,
      let message = CommandSuggestion.message(root: RootCommand.self, arguments: Array(scan.arguments.dropFirst()))
    {
      write(message + "\n", true)
      return ExitStatus.usage.rawValue
    }
    let parsed: any ParsableCommand
    do {
      parsed = try await RootCommand.asyncParseAsRoot(scan.arguments)
    } catch {
      // A global option between a command's words (`rootmail mail -o json list`) is taken as
      // if it came last; any other failure is reported as it was.
      let moved = CommandLineScan.globalOptionsMovedLast(scan.arguments, spellings: .global)
      guard moved != scan.arguments, let reparsed = try? await RootCommand.asyncParseAsRoot(moved) else {
        return parseFailure(error, arguments: scan.arguments)
      }
      parsed = reparsed
    }
    do {
      var command = parsed
      if let rootmailCommand = command as? any RootmailCommand {
        try await rootmailCommand.execute(host: host)
      } else if let docs = command as? GenerateDocsCommand {
        try docs.run(host: host)
      } else if let completion = command as? CompletionCommand {
        try completion.run(host: host)
      } else if var asyncCommand = command as? any AsyncParsableCommand {
        try await asyncCommand.run()
      } else {
        try command.run()
      }
    } catch {
      return finishShowingHelp(error)
    }
    return 0
  }

  /// Reads the configuration once (`plugin_path`; the command reuses it) and loads the plugins
  /// the scan asks for. A status when the command line ends here.
  private func loadPlugins(for scan: CommandLineScan, into host: inout HostSession) -> Int32? {
    do {
      host.fileConfig = try ConfigLoader(environment: environment, explicitFile: scan.configFile).load()
    } catch {
      // Help and `plugins list` still work without the configured plugin folders; a command
      // fails as it would have with the same configuration.
      guard case .all = scan.need else { return finish(ErrorReporter.report(error)) }
      write("rootmail: warning: \(error); plugin_path from the config is not searched\n", true)
    }
    host.searchPath = PluginSearchPath(
      environment: environment, configured: host.fileConfig?.list(.pluginPath) ?? [], executablePath: executablePath)
    let plugins = PluginHost(
      searchPath: host.searchPath, loader: .forThisProcess(), reservedCommands: Builtins.names,
      indexPath: PluginIndex.location(environment: environment))
    if let indexPath = plugins.indexPath, let problem = PluginIndex.trustProblem(at: indexPath) {
      write("rootmail: error: \(problem)\n", true)
      return ExitStatus.configuration.rawValue
    }
    host.plugins = plugins
    if case .command(let name) = scan.need {
      host.catalog = plugins.load(providing: name)
      if let pluginCommands = host.catalog.unknownCommandAmong, scan.arguments.first == name {
        write(CommandSuggestion.unknownTopLevel(name, pluginCommands: pluginCommands) + "\n", true)
        return ExitStatus.usage.rawValue
      }
    } else {
      host.catalog = plugins.loadAll()
    }
    for warning in host.searchPath.warnings { write("rootmail: warning: \(TerminalSafe.escaped(warning))\n", true) }
    for refusal in host.catalog.refusals { write("rootmail: warning: \(TerminalSafe.escaped("\(refusal)"))\n", true) }
    CommandTree.pluginCommands = host.catalog.commands
    return nil
  }

  /// A command line the parser refused: git's "did you mean" for an unknown command word or a
  /// misspelled global option (swift-argument-parser suggests only options shown in help), else
  /// the parser's own message.
  private func parseFailure(_ error: any Error, arguments: [String]) -> Int32 {
    if RootCommand.exitCode(for: error) != .success {
      if let message = CommandSuggestion.message(root: RootCommand.self, arguments: arguments) {
        write(message + "\n", true)
        return ExitStatus.usage.rawValue
      }
      let parserMessage = RootCommand.fullMessage(for: error)
      if let message = CommandSuggestion.globalOption(in: parserMessage)
        ?? CommandSuggestion.globalOptionValues(in: parserMessage)
      {
        write(Self.rootmailStyle(TerminalSafe.escapedLines(message)) + "\n", true)
        return RootCommand.exitCode(for: error).rawValue
      }
    }
    return finishShowingHelp(error)
  }

  /// As swift-argument-parser's `exit(withError:)`, with help texts showing the global options
  /// once (`GlobalOptionsHelp`).
  private func finishShowingHelp(_ error: any Error) -> Int32 {
    if RootCommand.exitCode(for: error) == .success {
      let message = RootCommand.fullMessage(for: error)
      if message.contains("USAGE: ") {
        write(GlobalOptionsHelp.adjusted(message, root: RootCommand.self), false)
        return 0
      }
    }
    return finish(error)
  }

  /// The parser's message for `error` (stdout for help and version, stderr otherwise) and its
  /// exit status, as `exit(withError:)` prints them.
  private func finish(_ error: any Error) -> Int32 {
    let code = RootCommand.exitCode(for: error)
    let message = RootCommand.fullMessage(for: error)
    // An error quotes what was typed: escaped, as every other message is.
    if !message.isEmpty {
      write((code == .success ? message : Self.rootmailStyle(TerminalSafe.escapedLines(message))) + "\n", code != .success)
    }
    return code.rawValue
  }

  /// The parser's `Error: Unknown option '-x'` as every other error of rootmail's starts:
  /// `rootmail: error: unknown option '-x'` (the usage lines after it as they are).
  static func rootmailStyle(_ message: String) -> String {
    guard message.hasPrefix("Error: ") else { return message }
    let rest = message.dropFirst("Error: ".count)
    return "rootmail: error: " + rest.prefix(1).lowercased() + rest.dropFirst()
  }
}
