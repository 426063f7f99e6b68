@_spi(RootmailHost) import RootmailKit

/// What this plugin provides (handed to the host by `Entry/`'s `rootmail_plugin_descriptor`).
public let pluginDescriptor = PluginDescriptor(name: "Accounts", version: "1.0.0", commands: [AccountsCommand.self])

/// `rootmail accounts`: the organization's accounts and their root users.
struct AccountsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "accounts",
    abstract: "See every account's root mail, move accounts onto vended addresses, audit root credentials.",
    discussion: """
      Reads the organization with AWS Organizations (run it with the management account's \
      credentials, or a delegated administrator's). `deploy --policy accounts` prints the \
      least-privilege IAM policy these commands need.
      """,
    subcommands: [AccountsListCommand.self, AccountsSyncCommand.self, AdoptCommand.self, AuditCommand.self])
}
