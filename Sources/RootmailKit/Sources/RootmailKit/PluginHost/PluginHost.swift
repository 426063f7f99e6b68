#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The plugins of one run: what was loaded and what was refused.
@_spi(RootmailHost) public struct PluginCatalog: Sendable {
  public var plugins: [LoadedPlugin] = []
  public var refusals: [PluginRefusal] = []
  /// Every plugin file found, in search order (loaded or not loaded in this run).
  public var files: [PluginFile] = []
  /// Set by `load(providing:)` when the current index says no plugin provides the command: the
  /// commands the plugins do provide (nothing was loaded, so a typo costs no plugin load).
  public var unknownCommandAmong: [String]? = nil

  public init() {}

  /// The top-level command types of every loaded plugin, in search order.
  public var commands: [any ParsableCommand.Type] { plugins.flatMap(\.descriptor.commands) }
}

/// Finds and loads plugins for the dispatcher: every plugin (for help, completion, `plugins
/// list`), or only the one providing a command, found through the `PluginIndex`.
@_spi(RootmailHost) public struct PluginHost: Sendable {
  public let searchPath: PluginSearchPath
  public let loader: PluginLoader
  /// Command names the host itself provides; a plugin claiming one is refused.
  public let reservedCommands: Set<String>
  public let indexPath: String?

  public init(searchPath: PluginSearchPath, loader: PluginLoader, reservedCommands: Set<String>, indexPath: String?) {
    self.searchPath = searchPath
    self.loader = loader
    self.reservedCommands = reservedCommands
    self.indexPath = indexPath
  }

  var hostKey: String { "abi=\(PluginABI.hostKitVersion);toolchain=\(loader.hostToolchain ?? "?")" }

  /// Loads every plugin on the search path and rewrites the index.
  public func loadAll() -> PluginCatalog {
    let (files, permissionRefusals) = PluginFiles.scan(searchPath)
    var catalog = PluginCatalog()
    catalog.files = files
    catalog.refusals = permissionRefusals
    var claimed: [String: String] = [:]
    for name in reservedCommands { claimed[name] = "rootmail itself" }
    var entries: [PluginIndex.Entry] = []
    for file in files {
      switch loader.load(file) {
      case .failure(let refusal):
        catalog.refusals.append(refusal)
        entries.append(.init(file: file, commands: []))
      case .success(let plugin):
        let names = plugin.descriptor.commandNames
        if let clash = names.first(where: { claimed[$0] != nil }) {
          catalog.refusals.append(
            PluginRefusal(path: file.path, reason: "command '\(clash)' is already provided by \(claimed[clash]!)"))
          entries.append(.init(file: file, commands: []))
          continue
        }
        for n in names { claimed[n] = "plugin \(plugin.descriptor.name) (\(file.path))" }
        catalog.plugins.append(plugin)
        entries.append(.init(file: file, commands: names, receivers: plugin.descriptor.receiverNames))
      }
    }
    if let indexPath {
      let index = PluginIndex(hostKey: hostKey, folders: searchPath.folders, entries: entries)
      if PluginIndex.read(from: indexPath) != index { index.write(to: indexPath) }
    }
    return catalog
  }

  /// Loads only the plugin that provides `command` when the index knows it and is current;
  /// otherwise everything (which also refreshes the index).
  public func load(providing command: String) -> PluginCatalog {
    guard let indexPath, let index = PluginIndex.read(from: indexPath) else { return loadAll() }
    let files = PluginFiles.scan(searchPath).files
    guard let file = index.file(providing: command, hostKey: hostKey, folders: searchPath.folders, files: files)
    else {
      // A current index whose every file loaded: the command is unknown, without loading any
      // plugin. A refused file may have been fixed (a chmod keeps size, mtime and inode), so
      // then everything is loaded once more, as before.
      if let names = index.commandNames(hostKey: hostKey, folders: searchPath.folders, files: files) {
        var catalog = PluginCatalog()
        catalog.files = files
        catalog.unknownCommandAmong = names
        return catalog
      }
      return loadAll()
    }
    var catalog = PluginCatalog()
    catalog.files = files
    switch loader.load(file) {
    case .success(let plugin) where plugin.descriptor.commandNames.contains(command):
      catalog.plugins = [plugin]
      return catalog
    default:
      return loadAll()
    }
  }

  /// Loads the plugins that declare the receivers `names`, through the index when it is current
  /// and knows every name, otherwise by loading every plugin (which refreshes the index, so a
  /// receiver plugin just dropped on the plugin path is found). Plugins in `loaded` are used as
  /// they are. For each name, the first plugin in search order declaring it provides it.
  public func loadReceivers(named names: [String], loaded: [LoadedPlugin]) -> ReceiverCatalog {
    var plugins = loaded
    var refusals: [PluginRefusal] = []
    let missing = names.filter { name in !loaded.contains { $0.descriptor.receiverNames.contains(name) } }
    if !missing.isEmpty {
      let files = PluginFiles.scan(searchPath).files
      var viaIndex = false
      if let indexPath, let index = PluginIndex.read(from: indexPath),
        let wanted = index.files(providingReceivers: missing, hostKey: hostKey, folders: searchPath.folders, files: files)
      {
        viaIndex = true
        for file in wanted where !plugins.contains(where: { $0.file.path == file.path }) {
          switch loader.load(file) {
          case .success(let plugin): plugins.append(plugin)
          case .failure: viaIndex = false
          }
        }
      }
      if !viaIndex {
        let all = loadAll()
        plugins = loaded + all.plugins.filter { p in !loaded.contains { $0.file.path == p.file.path } }
        refusals = all.refusals
      }
    }
    return ReceiverCatalog(plugins: plugins, refusals: refusals)
  }
}

/// The receivers the plugins of a run declare, by name: the first plugin in search order that
/// declares a name provides it.
@_spi(RootmailHost) public struct ReceiverCatalog: Sendable {
  public let plugins: [LoadedPlugin]
  /// Plugin files that could not be loaded while looking (shown when a receiver is missing).
  public let refusals: [PluginRefusal]

  public init(plugins: [LoadedPlugin], refusals: [PluginRefusal] = []) {
    self.plugins = plugins
    self.refusals = refusals
  }

  /// The declaration of receiver `name` and the plugin declaring it.
  public func declaration(_ name: String) -> (ReceiverDeclaration, LoadedPlugin)? {
    for plugin in plugins {
      if let d = plugin.descriptor.receivers.first(where: { $0.name == name }) { return (d, plugin) }
    }
    return nil
  }
}
