/// `rootmail plugins`: what the dispatcher found on the plugin search path.
@_spi(RootmailHost) public struct PluginsCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "plugins",
    abstract: "Show the plugins rootmail found.",
    subcommands: [List.self],
    defaultSubcommand: List.self)

  public init() {}

  /// `rootmail plugins list`: every plugin with its version, path, commands and receivers, and
  /// every plugin file that was refused, with the reason.
  public struct List: RootmailCommand {
    public static let configuration = CommandConfiguration(
      commandName: "list",
      abstract: "List every plugin found, and every plugin file refused with its reason.",
      discussion:
        "Plugins are searched in $ROOTMAIL_PLUGIN_PATH, plugin_path from the config, $XDG_DATA_HOME/rootmail/plugins, <prefix>/lib/rootmail/plugins and the executable's folder; the first plugin of a name wins."
    )

    @OptionGroup public var global: GlobalOptions

    public init() {}

    public func run(in context: CommandContext) async throws {
      let catalog = context.host.catalog
      switch context.outputFormat {
      case .json:
        context.emit(Self.json(catalog, searchPath: context.host.searchPath))
      case .table, .wide, .text:
        var table = Table(columns: ["name", "version", "status", "commands", "receivers", "path"])
        // At a narrow terminal the lists and a refusal's reason give way, then the path keeps
        // its start and its file name (`-o wide` prints every cell whole).
        table.fits = [.fixed, .fixed, .cutEnd, .cutEnd, .cutEnd, .cutMiddle]
        for p in catalog.plugins {
          table.rows.append([
            p.descriptor.name, p.descriptor.version, "loaded", p.descriptor.commandNames.joined(separator: ","),
            p.descriptor.receiverNames.joined(separator: ","), p.file.path,
          ])
        }
        for r in catalog.refusals {
          table.rows.append([
            PluginABI.pluginName(fromFileName: Path.fileName(of: r.path)) ?? "?", "-", "refused: " + r.reason, "-", "-", r.path,
          ])
        }
        context.emit(table)
      }
    }

    static func json(_ catalog: PluginCatalog, searchPath: PluginSearchPath) -> JSONValue {
      .object([
        ("searchPath", .array(searchPath.folders.map { .string($0) })),
        (
          "plugins",
          .array(
            catalog.plugins.map { p in
              .object([
                ("name", .string(p.descriptor.name)), ("version", .string(p.descriptor.version)), ("path", .string(p.file.path)),
                ("commands", .array(p.descriptor.commandNames.map { .string($0) })),
                ("receivers", .array(p.descriptor.receiverNames.map { .string($0) })),
              ])
            })
        ),
        ("refused", .array(catalog.refusals.map { .object([("path", .string($0.path)), ("reason", .string($0.reason))]) })),
      ])
    }
  }
}
