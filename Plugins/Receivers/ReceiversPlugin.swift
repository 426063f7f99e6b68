@_spi(RootmailHost) import RootmailKit

/// What this plugin provides: the built-in mail receivers (no commands). `mail fetch` and
/// `mail watch` load it when the `receivers` setting names one of them.
public let pluginDescriptor = PluginDescriptor(
  name: "Receivers", version: "1.0.0",
  receivers: [
    ForwardReceiver.declaration,
    ResetLinkReceiver.declaration,
    OpsItemReceiver.declaration,
    ExecReceiver.declaration,
  ])
