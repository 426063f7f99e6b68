@_spi(RootmailHost) import RootmailKit

/// What this plugin provides (handed to the host by `Entry/`'s `rootmail_plugin_descriptor`).
public let pluginDescriptor = PluginDescriptor(
  name: "Mail", version: "1.0.0", commands: [MailCommand.self], doctorChecks: MailDoctor.checks)

/// `rootmail mail`: fetch the root mail SES stored in S3 into a local cache, and read it.
struct MailCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "mail",
    abstract: "Fetch root mail from the S3 bucket SES stores it in, and read it safely.",
    discussion: """
      Mail is cached in a Maildir under $XDG_DATA_HOME/rootmail/mail and indexed in \
      $XDG_DATA_HOME/rootmail/mail-index.sqlite. Anything from a mail is shown with its control \
      characters escaped; a password-reset link is printed only from a mail SES authenticated \
      as AWS's (DMARC, and DKIM or SPF, passed for an AWS domain).
      """,
    subcommands: [
      FetchCommand.self, ListCommand.self, SearchCommand.self, ShowCommand.self, LinksCommand.self, ResetLinkCommand.self,
      WatchCommand.self, DeadLettersCommand.self, ReplayCommand.self, ReceiveCommand.self, ForwardCommand.self,
    ])
}
