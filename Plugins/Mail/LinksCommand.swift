import RootmailKit

/// `rootmail mail links ID`: every link in a mail, one per line.
struct LinksCommand: RootmailCommand {
  static let configuration = CommandConfiguration(
    commandName: "links", abstract: "Print every link in a cached mail, one per line.",
    discussion: """
      Each link once, in the order the mail has them (HTML links first, then URLs in the text), \
      at most the first \(MailLinks.maximumPerMail) of a mail.
      """)

  @OptionGroup var global: GlobalOptions

  @Argument(help: ArgumentHelp("The mail's id from mail list (a unique prefix will do).", valueName: "id"))
  var id: String

  func run(in context: CommandContext) async throws {
    let cache = try await MailCache.open(context)
    let (_, mail, parser) = try await cache.load(try await cache.entry(id))
    let links = MailBody.links(mail, parser: parser)
    if context.outputFormat == .json {
      context.emit(.array(links.map { .string($0) }))
    } else {
      for link in links { context.print(TerminalSafe.escaped(link)) }
    }
  }
}
