import RootmailKit

@_cdecl("rootmail_plugin_abi")
public func rootmailPluginABI() -> Int32 { PluginABI.kitVersion }

@_cdecl("rootmail_plugin_descriptor")
public func rootmailPluginDescriptor() -> UnsafeMutableRawPointer {
  PluginDescriptor(name: "Deploy", version: "1.0.0", commands: [DeployCommand.self]).retainedPointer()
}
