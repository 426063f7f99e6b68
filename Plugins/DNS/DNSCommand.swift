@_spi(RootmailHost) import RootmailKit

/// The dns plugin: `dns check` and its doctor checks.
public let pluginDescriptor = PluginDescriptor(
  name: "DNS", version: "1.0.0", commands: [DNSCommand.self], doctorChecks: DNSDoctor.checks)

/// `rootmail dns`: is the receiving subdomain wired?
struct DNSCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "dns",
    abstract: "Check the DNS and SES setup that makes the subdomain receive mail.",
    subcommands: [CheckCommand.self])
}
