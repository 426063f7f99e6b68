@_spi(RootmailHost) import RootmailKit

/// `rootmail mail list`: the cached mail, newest first.
struct ListCommand: RootmailCommand {
  static let configuration = CommandConfiguration(
    commandName: "list",
    abstract: "List cached mail, newest first.",
    discussion: """
      Mail whose subject is in config filtered_subjects (AWS's welcome and "account is ready" \
      mail by default) is left out unless --all or --class asks for it. Run `rootmail mail fetch` \
      first to get new mail. \(MailListing.columnsHelp)
      """)

  @OptionGroup var global: GlobalOptions

  @OptionGroup var filters: MailFilters

  static var pagesOutput: Bool { true }

  func run(in context: CommandContext) async throws {
    let cache = try await MailCache.open(context)
    let (query, rule) = try await filters.query(context)
    try await MailListing.print(context, query: query, rule: rule, filters: filters, criteria: filters.described()) {
      query, each in try await cache.index.list(query, each: each)
    }
  }
}
