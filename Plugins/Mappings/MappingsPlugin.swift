import RootmailKit

@_cdecl("rootmail_plugin_abi")
public func rootmailPluginABI() -> Int32 { PluginABI.kitVersion }

@_cdecl("rootmail_plugin_descriptor")
public func rootmailPluginDescriptor() -> UnsafeMutableRawPointer {
  PluginDescriptor(name: "Mappings", version: "1.0.0", commands: [MappingsCommand.self]).retainedPointer()
}

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
