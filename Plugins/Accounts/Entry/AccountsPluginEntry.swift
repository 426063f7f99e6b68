@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailPluginAccounts

// The C entry points, the same three in every plugin of rootmail's own: the plugin API and the
// host interface it was built against (checked by the host first), then its descriptor.
@_cdecl("rootmail_plugin_abi")
public func rootmailPluginABI() -> Int32 { PluginABI.kitVersion }

@_cdecl("rootmail_plugin_host_interface")
public func rootmailPluginHostInterface() -> Int32 { PluginABI.hostInterfaceVersion }

@_cdecl("rootmail_plugin_descriptor")
public func rootmailPluginDescriptor() -> UnsafeMutableRawPointer { pluginDescriptor.retainedPointer() }
