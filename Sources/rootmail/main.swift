// The rootmail dispatcher: finds the plugin that provides the command asked for (or every
// plugin, for help and `plugins list`), registers their commands into one tree, and runs it.
@_spi(RootmailHost) import RootmailKit

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

// Arguments that are not UTF-8 are refused before anything reads them (Swift's
// `CommandLine.arguments` would hand them on with U+FFFD in place of the bad bytes).
if let problem = RawArguments.check(RawArguments.current()) {
  Rootmail.exit(withError: ErrorReporter.report(problem))
}
if ValueCompletion.malformedRequest(Array(CommandLine.arguments.dropFirst())) {
  Rootmail.exit(withError: ErrorReporter.report(CLIError.usage("a malformed ---completion request")))
}
let environment = ProcessEnvironment.current()
let scan = CommandLineScan(
  Array(CommandLine.arguments.dropFirst()), builtins: Builtins.names, builtinsNeedingPlugins: Builtins.needingPlugins)

var host = HostSession(rootCommand: Rootmail.self)
if scan.need != .none {
  // The configuration is read once, here (`plugin_path`), and the command reuses it.
  do {
    host.fileConfig = try ConfigLoader(environment: environment, explicitFile: scan.configFile).load()
  } catch {
    // Help and `plugins list` still work without the configured plugin folders; a command fails
    // as it would have with the same configuration.
    guard case .all = scan.need else { Rootmail.exit(withError: ErrorReporter.report(error)) }
    StandardStream.writeErr("rootmail: warning: \(error); plugin_path from the config is not searched\n")
  }
  host.searchPath = PluginSearchPath(
    environment: environment, configured: host.fileConfig?.list(.pluginPath) ?? [],
    executablePath: Executable.path ?? CommandLine.arguments[0])
  let plugins = PluginHost(
    searchPath: host.searchPath, loader: .forThisProcess(), reservedCommands: Builtins.names,
    indexPath: PluginIndex.location(environment: environment))
  if let indexPath = plugins.indexPath, let problem = PluginIndex.trustProblem(at: indexPath) {
    StandardStream.writeErr("rootmail: error: \(problem)\n")
    Rootmail.exit(withError: ExitCode(ExitStatus.configuration.rawValue))
  }
  host.plugins = plugins
  if case .command(let name) = scan.need {
    host.catalog = plugins.load(providing: name)
    if let pluginCommands = host.catalog.unknownCommandAmong, scan.arguments.first == name {
      StandardStream.writeErr(CommandSuggestion.unknownTopLevel(name, pluginCommands: pluginCommands) + "\n")
      Rootmail.exit(withError: ExitCode(ExitStatus.usage.rawValue))
    }
  } else {
    host.catalog = plugins.loadAll()
  }
  for warning in host.searchPath.warnings { StandardStream.writeErr("rootmail: warning: \(TerminalSafe.escaped(warning))\n") }
  for refusal in host.catalog.refusals {
    StandardStream.writeErr("rootmail: warning: \(TerminalSafe.escaped("\(refusal)"))\n")
  }
  CommandTree.pluginCommands = host.catalog.commands
}
let parsed: any ParsableCommand
do {
  parsed = try await Rootmail.asyncParseAsRoot(scan.arguments)
} catch {
  // An unknown command word gets git's "did you mean" line instead of "unexpected argument".
  if Rootmail.exitCode(for: error) != .success,
    let message = CommandSuggestion.message(root: Rootmail.self, arguments: scan.arguments)
  {
    StandardStream.writeErr(message + "\n")
    Rootmail.exit(withError: ExitCode(ExitStatus.usage.rawValue))
  }
  // swift-argument-parser suggests only options shown in help; the global ones are hidden.
  if Rootmail.exitCode(for: error) != .success,
    let message = CommandSuggestion.globalOption(in: Rootmail.fullMessage(for: error))
  {
    StandardStream.writeErr(message + "\n")
    Rootmail.exit(withError: ExitCode(Rootmail.exitCode(for: error).rawValue))
  }
  exitShowingHelp(error)
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
  exitShowingHelp(error)
}

/// Exits as swift-argument-parser would for `error`, with help texts showing the global options
/// once (`GlobalOptionsHelp`).
func exitShowingHelp(_ error: any Error) -> Never {
  if Rootmail.exitCode(for: error) == .success {
    let message = Rootmail.fullMessage(for: error)
    if message.contains("USAGE: ") {
      StandardStream.writeOut(GlobalOptionsHelp.adjusted(message, root: Rootmail.self))
      StandardStream.flushOut()
      Rootmail.exit()
    }
  }
  Rootmail.exit(withError: error)
}
