/// The root of the command tree: rootmail's own commands plus every loaded plugin's commands.
@_spi(RootmailHost) public struct RootCommand: AsyncParsableCommand {
  public static var configuration: CommandConfiguration {
    CommandConfiguration(
      commandName: "rootmail",
      abstract: "Vend, map and read the root-user mailboxes of an AWS Organization.",
      discussion: """
        Every AWS account needs its own root-user email address. rootmail vends unique, \
        unguessable addresses, keeps the address to owner mappings, reads the mail AWS sends \
        to them, checks the DNS that makes receiving work, and deploys the AWS side. Its \
        commands come from plugins; `rootmail plugins list` shows them.

        Exit status: 0 ok, 1 a check or operation failed, 64 usage, 65 bad input data, \
        69 an AWS service unavailable, 77 access denied, 78 configuration error.
        """,
      version: HostSession.version,
      subcommands: Builtins.commands + CommandTree.pluginCommands)
  }

  public init() {}
}
