@_spi(RootmailHost) import RootmailKit

/// What this plugin provides (handed to the host by `Entry/`'s `rootmail_plugin_descriptor`).
public let pluginDescriptor = PluginDescriptor(
  name: "Deploy", version: "1.0.0", commands: [DeployCommand.self], doctorChecks: DeployDoctor.checks)
