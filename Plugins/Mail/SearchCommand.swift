@_spi(RootmailHost) import RootmailKit

/// `rootmail mail search TEXT`: cached mail whose subject, sender, recipients or text hold it.
struct SearchCommand: RootmailCommand {
  static let configuration = CommandConfiguration(
    commandName: "search",
    abstract: "Search cached mail: subject, sender, recipients and the decoded text.",
    discussion: """
      Every word must appear (as a word or the start of one, any case, accents ignored); the \
      words are taken as text, never as search syntax. Mail is made searchable as mail fetch \
      indexes it; mail cached before search existed is made searchable once, by the first \
      search, with a progress line. Same filters and output as mail list, newest first. \
      \(MailListing.columnsHelp)
      """)

  @OptionGroup var global: GlobalOptions

  @Argument(help: ArgumentHelp("The words to find.", valueName: "text"))
  var text: [String]

  @OptionGroup var filters: MailFilters

  static var pagesOutput: Bool { true }

  /// Mails parsed and stored at a time while making the older cache searchable.
  static let buildBatch = 1000

  func validate() throws {
    let words = text.joined(separator: " ").split(whereSeparator: { $0.isWhitespace })
    guard !words.isEmpty else { throw ValidationError("give the text to search for") }
    guard words.count <= 32, text.joined().utf8.count <= 1000 else {
      throw ValidationError("the search text is longer than 32 words or 1000 bytes")
    }
  }

  func run(in context: CommandContext) async throws {
    let cache = try await MailCache.open(context)
    try await Self.makeSearchable(cache, context)
    let (query, rule) = try await filters.query(context)
    let words = text.joined(separator: " ")
    let criteria = ([TerminalSafe.quoted(words, limit: 100)] + [filters.described()].filter { !$0.isEmpty })
      .joined(separator: " ")
    try await MailListing.print(context, query: query, rule: rule, filters: filters, criteria: criteria) {
      query, each in try await cache.index.search(words, query, each: each)
    }
  }

  /// Parses the cached mail that was indexed before search existed and stores its text, a
  /// batch at a time, with a progress line on a terminal. Quarantined mail is stored without
  /// text (parsing it may stop rootmail).
  static func makeSearchable(_ cache: MailCache, _ context: CommandContext) async throws {
    var missing = try await cache.index.entriesWithoutSearchText(limit: buildBatch)
    guard !missing.isEmpty else { return }
    let total = try await cache.index.count()
    let bar = ProgressLine(enabled: Terminal.stderrIsTerminal)
    if !bar.enabled { context.note("mail search: making the mail cached before search existed searchable (once)") }
    var done = 0
    let parser = try await MailParserLoader.shared()
    while !missing.isEmpty {
      var texts: [String: String] = [:]
      for entry in missing {
        if MailFacts.isQuarantined(entry) {
          texts[entry.key] = ""
        } else if let raw = try? cache.maildir.read(id: entry.id) {
          texts[entry.key] = MailFacts.searchText(parser.parse(raw), parser: parser)
        } else {
          texts[entry.key] = ""
        }
      }
      try await cache.index.setSearchTexts(texts)
      done += missing.count
      bar.show("making the cache searchable: \(done) mails (of at most \(total))")
      missing = try await cache.index.entriesWithoutSearchText(limit: buildBatch)
    }
    bar.clear()
    context.note("mail search: made \(done) cached mails searchable")
  }
}
