@_spi(RootmailHost) import RootmailKit

/// The mappings plugin: the `mappings` commands.
public let pluginDescriptor = PluginDescriptor(name: "Mappings", version: "1.0.0", commands: [MappingsCommand.self])

/// `rootmail mappings`: read, change, delete, export and import address → owner mappings.
struct MappingsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "mappings",
    abstract: "List, show, change, delete, export and import address → owner mappings.",
    subcommands: [
      ListCommand.self, GetCommand.self, UpdateCommand.self, DeleteCommand.self, ExportCommand.self, ImportCommand.self,
      InitTableCommand.self,
    ])
}
