/// What the dispatcher found for this run, for the built-in commands that report on it.
public enum HostSession {
  /// The version of rootmail (the host, the kit and the in-tree plugins are released together).
  public static let version = "0.1.0"
  nonisolated(unsafe) public static var catalog = PluginCatalog()
  nonisolated(unsafe) public static var searchPath = PluginSearchPath(folders: [])
  /// Plugin command types registered for this run, merged into the command tree.
  nonisolated(unsafe) public static var pluginCommands: [any ParsableCommand.Type] = []
}
