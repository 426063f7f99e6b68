// The rootmail dispatcher: finds the plugin that provides the command asked for (or every
// plugin, for help and `plugins list`), registers their commands into one tree, and runs it.
import RootmailKit

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

let environment = ProcessInfo.processInfo.environment
let scan = CommandLineScan(
  Array(CommandLine.arguments.dropFirst()), builtins: Builtins.names, builtinsNeedingPlugins: Builtins.needingPlugins)

if scan.need != .none {
  let configured = (try? ConfigLoader(environment: environment).load())?.list(.pluginPath) ?? []
  let searchPath = PluginSearchPath(
    environment: environment, configured: configured, executablePath: Executable.path ?? CommandLine.arguments[0])
  let host = PluginHost(
    searchPath: searchPath, loader: .forThisProcess(), reservedCommands: Builtins.names,
    indexPath: PluginIndex.location(environment: environment))
  if let indexPath = host.indexPath, let problem = PluginIndex.trustProblem(at: indexPath) {
    StandardStream.writeErr("rootmail: error: \(problem)\n")
    Rootmail.exit(withError: ExitCode(ExitStatus.configuration.rawValue))
  }
  let catalog: PluginCatalog
  if case .command(let name) = scan.need { catalog = host.load(providing: name) } else { catalog = host.loadAll() }
  for warning in searchPath.warnings { StandardStream.writeErr("rootmail: warning: \(TerminalSafe.escaped(warning))\n") }
  for refusal in catalog.refusals { StandardStream.writeErr("rootmail: warning: \(TerminalSafe.escaped("\(refusal)"))\n") }
  HostSession.searchPath = searchPath
  HostSession.catalog = catalog
  HostSession.pluginCommands = catalog.commands
}
HostSession.rootCommand = Rootmail.self
do {
  var command = try await Rootmail.asyncParseAsRoot(scan.arguments)
  if let rootmailCommand = command as? any RootmailCommand {
    try await rootmailCommand.execute()
  } else if var asyncCommand = command as? any AsyncParsableCommand {
    try await asyncCommand.run()
  } else {
    try command.run()
  }
} catch {
  Rootmail.exit(withError: error)
}
