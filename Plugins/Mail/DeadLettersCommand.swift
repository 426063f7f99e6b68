@_spi(RootmailHost) import RootmailKit

/// `rootmail mail dead-letters`: the receivers that gave up on a mail.
struct DeadLettersCommand: RootmailCommand {
  static let configuration = CommandConfiguration(
    commandName: "dead-letters",
    abstract: "List the mail a receiver gave up on, with the last error.",
    discussion: """
      A receiver that failed without hope of a retry, or max_attempts times (config, default 5), \
      leaves its mail here, oldest first: the mail id, the receiver, its attempts, the last error \
      and when it gave up. `rootmail mail replay ID` or `rootmail mail replay --all` runs them \
      again.
      """)

  @OptionGroup var global: GlobalOptions

  static var pagesOutput: Bool { true }

  @Option(help: ArgumentHelp("Only this receiver's dead letters (as written in receivers).", valueName: "receiver"))
  var receiver: String?

  @Option(help: ArgumentHelp("At most this many.", valueName: "n"))
  var limit: Int = 1000

  func validate() throws {
    if limit < 1 { throw ValidationError("--limit must be 1 or more") }
  }

  func run(in context: CommandContext) async throws {
    let cache = try await MailCache.open(context)
    let ledger = try await ReceiverSetup.ledger(context, index: cache.index)
    var dead = try await ledger.receipts(in: [.dead], limit: receiver == nil ? limit : 100_000)
    if let receiver { dead = Array(dead.filter { $0.receiver == receiver }.prefix(limit)) }
    let entries = try await cache.index.entries(ids: Array(Set(dead.map(\.mailID))))
    let subjects = Dictionary(entries.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    if context.outputFormat == .json {
      context.emit(
        .array(
          dead.map { r in
            .object([
              ("mail_id", .string(r.mailID)), ("receiver", .string(r.receiver)), ("attempts", .int(r.attempts)),
              ("error", .string(r.detail)), ("when", .string(Timestamp.format(secondsSinceEpoch: r.updatedAt))),
              ("key", subjects[r.mailID].map { .string($0.key) } ?? .null),
              ("subject", subjects[r.mailID].map { .string($0.subject) } ?? .null),
            ])
          }))
      return
    }
    var table = Table(columns: ["mail", "receiver", "attempts", "when", "error"])
    for r in dead {
      table.rows.append([
        r.mailID, r.receiver, String(r.attempts), ReceiptLines.shortTime(r.updatedAt), r.detail,
      ])
    }
    context.emit(table)
  }
}
