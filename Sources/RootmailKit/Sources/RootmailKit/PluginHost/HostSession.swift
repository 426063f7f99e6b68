import Synchronization

/// What the dispatcher found for this run: the configuration it read (`plugin_path` among it),
/// the plugin search path and the plugins. It is handed to the commands through their
/// `CommandContext` (`plugins list` reports on it) and to `generate-docs`.
@_spi(RootmailHost) public struct HostSession: Sendable {
  /// The version of rootmail (the host, the kit and the in-tree plugins are released together).
  public static let version = "0.1.0"

  /// The configuration from defaults, the file (`--config` honoured) and the environment,
  /// without the command's flags; nil when the dispatcher did not read it.
  public var fileConfig: Config?
  public var searchPath: PluginSearchPath
  public var catalog: PluginCatalog
  /// What found and loaded the plugins, to load receiver plugins later (`receivers(named:)`);
  /// nil when the dispatcher loaded none (tests that build a context directly).
  public var plugins: PluginHost?
  /// The root of the command tree, for the docs generator.
  public var rootCommand: (any ParsableCommand.Type)?

  public init(
    fileConfig: Config? = nil, searchPath: PluginSearchPath = PluginSearchPath(folders: []),
    catalog: PluginCatalog = PluginCatalog(), plugins: PluginHost? = nil, rootCommand: (any ParsableCommand.Type)? = nil
  ) {
    self.fileConfig = fileConfig
    self.searchPath = searchPath
    self.catalog = catalog
    self.plugins = plugins
    self.rootCommand = rootCommand
  }

  /// The plugins declaring the receivers `names`, loading those not loaded yet.
  public func receivers(named names: [String]) -> ReceiverCatalog {
    guard let plugins else { return ReceiverCatalog(plugins: catalog.plugins) }
    return plugins.loadReceivers(named: names, loaded: catalog.plugins)
  }
}

/// The plugin command types merged into the command tree for this run. The root command's
/// configuration is static in swift-argument-parser, so it reads them from here.
@_spi(RootmailHost) public enum CommandTree {
  private static let registered = Mutex<[any ParsableCommand.Type]>([])

  /// The plugin commands under the root, in search order.
  public static var pluginCommands: [any ParsableCommand.Type] {
    get { registered.withLock { $0 } }
    set { registered.withLock { $0 = newValue } }
  }
}
