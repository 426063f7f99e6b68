import RootmailKit

/// `rootmail mail list`: the cached mail, newest first.
struct ListCommand: RootmailCommand {
  static let configuration = CommandConfiguration(
    commandName: "list",
    abstract: "List cached mail, newest first.",
    discussion: """
      Mail whose subject is in config filtered_subjects (AWS's welcome and "account is ready" \
      mail by default) is left out unless --all or --class asks for it. Run `rootmail mail fetch` \
      first to get new mail.
      """)

  @OptionGroup var global: GlobalOptions

  @Option(help: ArgumentHelp("Only mail to this address (To, Cc or Delivered-To).", valueName: "address"))
  var to: String?

  @Option(help: ArgumentHelp("Only mail to this account's address (an account name or an address).", valueName: "name|email"))
  var account: String?

  @Option(help: ArgumentHelp("Only mail received since: 30m, 12h, 7d, 2w, or a date (2026-11-30).", valueName: "age|date"))
  var since: String?

  @Option(name: .customLong("class"), help: ArgumentHelp("Only mail of this class.", valueName: "class"))
  var mailClass: MailClass?

  @Option(help: ArgumentHelp("Only mail whose subject contains this (any case).", valueName: "text"))
  var subject: String?

  @Option(help: ArgumentHelp("At most this many mails.", valueName: "n"))
  var limit: Int?

  @Flag(help: "Also list mail with a filtered subject (welcome, account ready).")
  var all = false

  /// Bytes of JSON printed at a time.
  static let jsonChunk = 64 * 1024
  /// Rows handed from the index reader to the JSON writer at a time, and batches in between.
  static let batchSize = 64
  static let batchesInFlight = 8

  /// The rows as a JSON array, printed while the index is read: the rows are written out on a
  /// thread of their own (`OwnThread.start`) as the reading task hands them over in batches
  /// (`RowPipe`), 64 KiB of text at a time, so reading and writing share two cores and memory
  /// stays flat however many mails there are.
  static func writeJSON(_ index: any MailIndex, _ query: MailQuery, _ context: CommandContext) async throws {
    let pipe = RowPipe<MailIndexEntry>(capacity: batchesInFlight)
    let started = OwnThread.start {
      var rows = JSONRows(context)
      while let batch = pipe.take() {
        for e in batch { rows.add(e) }
      }
      if pipe.failed { rows.abandon() } else { rows.finish() }
    }
    guard let writer = started else {
      // No thread to be had: each row is written here as it is read.
      var rows = JSONRows(context)
      do {
        try await index.list(query) { rows.add($0) }
      } catch {
        rows.abandon()
        throw error
      }
      rows.finish()
      return
    }
    do {
      var batch: [MailIndexEntry] = []
      batch.reserveCapacity(batchSize)
      try await index.list(query) { e in
        batch.append(e)
        if batch.count == batchSize {
          pipe.put(batch)
          batch.removeAll(keepingCapacity: true)
        }
      }
      pipe.put(batch)
    } catch {
      pipe.close(failed: true)
      await writer.finished()
      throw error
    }
    pipe.close()
    await writer.finished()
  }

  func validate() throws {
    if let since, SinceParser.seconds(since, now: 0) == nil {
      throw ValidationError("--since \(String(since.prefix(80))): use 30m, 12h, 7d, 2w, or a date such as 2026-11-30")
    }
    if let limit, limit < 1 { throw ValidationError("--limit must be 1 or more") }
  }

  func run(in context: CommandContext) async throws {
    let cache = try await MailCache.open(context)
    var query = MailQuery(subjectContains: subject, limit: limit)
    query.mailClass = mailClass?.rawValue
    if !all && mailClass == nil { query.excludedSubjects = context.config.list(.filteredSubjects) }
    if let to { query.recipient = to.lowercased() }
    if let account {
      if account.contains("@") {
        query.recipient = account.lowercased()
      } else if let record = try? await context.openStore().get(accountName: account) {
        query.recipient = record.accountEmail.lowercased()
      } else {
        query.accountName = account
      }
    }
    if let since { query.receivedSince = SinceParser.seconds(since, now: MailTime.now()) }
    if context.outputFormat == .json {
      try await Self.writeJSON(cache.index, query, context)
      return
    }
    let entries = try await cache.index.list(query)
    var table = Table(columns: ["id", "received", "from", "to", "account", "class", "subject"])
    for e in entries {
      table.rows.append(
        [
          e.id, MailRows.shortTime(e.receivedAt), e.fromAddress, e.recipients.first ?? "",
          e.accountName.isEmpty ? "-" : e.accountName, e.mailClass, e.subject.isEmpty ? "(no subject)" : e.subject,
        ].map { TerminalSafe.escaped($0) })
    }
    context.emit(table)
  }
}

/// `mail list`'s JSON array, printed 64 KiB at a time as rows are added.
struct JSONRows {
  private var out = JSONWriter(capacity: ListCommand.jsonChunk + 4096)
  private let context: CommandContext

  init(_ context: CommandContext) {
    self.context = context
    out.beginArray()
  }

  mutating func add(_ e: MailIndexEntry) {
    out.beginObject()
    MailRows.writeMembers(e, to: &out)
    out.endObject()
    if out.bytes.count >= ListCommand.jsonChunk { context.emitPart(&out) }
  }

  /// Closes the array and prints the rest.
  mutating func finish() {
    out.endArray()
    context.emit(out)
  }

  /// Prints what was written without closing the array: reading failed, and the text must not
  /// pass for the whole list.
  mutating func abandon() {
    context.emitPart(&out)
  }
}

/// `--since` values: an age (`30m`, `12h`, `7d`, `2w`) or a date/time (`2026-11-30`,
/// `2026-11-30T08:00:00Z`), as seconds since 1970.
enum SinceParser {
  static func seconds(_ text: String, now: Int) -> Int? {
    let t = text.trimmingSpaces().lowercased()
    if let unit = t.last, let n = Int(t.dropLast()), n >= 0, n < 100_000 {
      switch unit {
      case "m": return now - n * 60
      case "h": return now - n * 3600
      case "d": return now - n * 86400
      case "w": return now - n * 7 * 86400
      default: break
      }
    }
    if t.count == 10 { return MailTime.seconds(iso: t + "T00:00:00Z") }
    return MailTime.seconds(iso: t)
  }
}
