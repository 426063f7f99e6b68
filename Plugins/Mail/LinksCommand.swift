@_spi(RootmailHost) import RootmailKit

/// `rootmail mail links ID`: every link in a mail, one per line.
struct LinksCommand: RootmailCommand {
  static let configuration = CommandConfiguration(
    commandName: "links", abstract: "Print every link in a cached mail, one per line.",
    discussion: """
      Each link once, in the order the mail has them (HTML links first, then URLs in the text), \
      at most the first \(MailLinks.maximumPerMail) of a mail. \
      In the table form (on a terminal), a link that is not https on an AWS sign-in or console \
      host is marked with ! before it (piped, -o text, the links are printed bare); \
      for a mail that claims to be from AWS but fails DKIM/SPF/DMARC a warning goes to stderr. \
      With --output json, the links as a list of strings (unmarked).
      """)

  @OptionGroup var global: GlobalOptions

  @Argument(
    help: ArgumentHelp("The mail's id from mail list (a unique prefix will do).", valueName: "id"),
    completion: MailIDCompletion.kind)
  var id: String

  static var pagesOutput: Bool { true }

  func run(in context: CommandContext) async throws {
    let cache = try await MailCache.open(context)
    let (_, mail, parser) = try await cache.load(try await cache.entry(id))
    let links = MailBody.links(mail, parser: parser)
    let trust = SenderTrust.assess(mail, trustedDomains: context.config.list(.trustedMailDomains))
    if let banner = ShowCommand.banner(trust) { context.warn(String(banner.dropFirst(2))) }
    if context.outputFormat == .json {
      context.emit(.array(links.map { .string($0) }))
    } else if context.outputFormat == .text {
      // Piped: one link a line, as they are, for xargs and while read.
      for link in links { context.print(TerminalSafe.escaped(link)) }
    } else {
      // Each link not on an AWS sign-in or console host is marked with `!` before it.
      for link in links {
        let mark = MailLinks.isAWSHost(link) ? "  " : TextStyle.bad.apply("!", enabled: context.colorEnabled) + " "
        StandardStream.writeOut(mark + TerminalSafe.escaped(link) + "\n")
      }
    }
  }
}
