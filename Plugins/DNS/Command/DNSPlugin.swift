import RootmailKit

@_cdecl("rootmail_plugin_abi")
public func rootmailPluginABI() -> Int32 { PluginABI.kitVersion }

@_cdecl("rootmail_plugin_descriptor")
public func rootmailPluginDescriptor() -> UnsafeMutableRawPointer {
  PluginDescriptor(name: "DNS", version: "1.0.0", commands: [DNSCommand.self], doctorChecks: DNSDoctor.checks)
    .retainedPointer()
}

/// `rootmail dns`: is the receiving subdomain wired?
struct DNSCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "dns",
    abstract: "Check the DNS and SES setup that makes the subdomain receive mail.",
    subcommands: [CheckCommand.self])
}
