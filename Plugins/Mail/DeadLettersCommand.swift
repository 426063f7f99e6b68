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
      again. With a queue (config queue, or --queue), also the notifications its dead-letter \
      queue holds (receiver "queue": SQS gave up after queue_max_receives receives), with \
      their object key and subject; `rootmail mail replay --queue-dead-letters` moves them back.
      """)

  @OptionGroup var global: GlobalOptions

  static var pagesOutput: Bool { true }

  @Option(help: ArgumentHelp("Only this receiver's dead letters (as written in receivers).", valueName: "receiver"))
  var receiver: String?

  @Option(help: ArgumentHelp("At most this many.", valueName: "n"))
  var limit: Int = 1000

  @Option(help: ArgumentHelp("Also list this SQS queue's dead-letter queue (default: config queue).", valueName: "queue"))
  var queue: String?

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
    var letters: [QueueDeadLetters.Letter] = []
    if receiver == nil || receiver == "queue", let name = ReceiptQueueInfo.configured(context, flag: queue) {
      letters = try await QueueDeadLetters.open(context, queue: name).peek(limit: limit)
    }
    if context.outputFormat == .json {
      context.emit(.array(dead.map { Self.row($0, entry: subjects[$0.mailID]) } + letters.map(Self.row)))
      return
    }
    var table = Table(columns: ["mail", "receiver", "attempts", "when", "error"])
    for r in dead {
      table.rows.append([
        r.mailID, r.receiver, String(r.attempts), ReceiptLines.shortTime(r.updatedAt), r.detail,
      ])
    }
    for l in letters {
      table.rows.append([
        l.key.map { MailID.make(key: $0) } ?? "-", "queue", String(l.receives), ReceiptLines.shortTime(l.sentAt),
        Self.queueError(l),
      ])
    }
    context.emit(table, whenEmpty: "no dead letters" + (receiver.map { " for \($0)" } ?? ""))
  }

  /// A dead receipt as a JSON row.
  static func row(_ r: Receipt, entry: MailIndexEntry?) -> JSONValue {
    let key: JSONValue = entry.map { JSONValue.string($0.key) } ?? .null
    let subject: JSONValue = entry.map { JSONValue.string($0.subject) } ?? .null
    let when = Timestamp.format(secondsSinceEpoch: r.updatedAt)
    return .object([
      ("mail_id", .string(r.mailID)), ("receiver", .string(r.receiver)), ("attempts", .int(r.attempts)),
      ("error", .string(r.detail)), ("when", .string(when)), ("key", key), ("subject", subject),
      ("source", .string("receiver")),
    ])
  }

  /// A dead-lettered notification as a JSON row, in the receipts' shape.
  static func row(_ letter: QueueDeadLetters.Letter) -> JSONValue {
    let id: JSONValue = letter.key.map { JSONValue.string(MailID.make(key: $0)) } ?? .null
    let key: JSONValue = letter.key.map { JSONValue.string($0) } ?? .null
    let subject: JSONValue = letter.subject.map { JSONValue.string($0) } ?? .null
    let when = Timestamp.format(secondsSinceEpoch: letter.sentAt)
    return .object([
      ("mail_id", id), ("receiver", .string("queue")), ("attempts", .int(letter.receives)),
      ("error", .string(queueError(letter))), ("when", .string(when)), ("key", key), ("subject", subject),
      ("source", .string("queue")), ("message_id", .string(letter.messageID)),
    ])
  }

  /// The error column of a dead-lettered notification.
  static func queueError(_ letter: QueueDeadLetters.Letter) -> String {
    "notification \(letter.messageID) moved to the dead-letter queue after \(letter.receives) receives"
      + (letter.key.map { " (\($0))" } ?? "")
  }
}
