import RootmailKit

/// `rootmail mail list`: the cached mail, newest first.
struct ListCommand: RootmailCommand {
  static let configuration = CommandConfiguration(
    commandName: "list",
    abstract: "List cached mail, newest first.",
    discussion: """
      Mail whose subject is in config filtered_subjects (AWS's welcome and "account is ready" \
      mail by default) is left out unless --all or --class asks for it. Run `rootmail mail fetch` \
      first to get new mail. The first column is the sender trust: ✓ mail that passes the \
      trust rule for an AWS sender (DKIM for an AWS domain, or SPF and DMARC), ! mail that fails \
      authentication (one claiming an AWS sender, or failing DMARC, or with no passing DKIM or \
      SPF), blank for other mail. On a terminal the table fits its width (the subject is cut \
      with …, addresses in the middle); -o wide prints every cell whole.
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

  @Option(help: ArgumentHelp("Only mail from this sender address.", valueName: "address"))
  var from: String?

  @Flag(help: "Only mail with attachments.")
  var hasAttachments = false

  @Flag(help: "Only mail that passes the trust rule for an AWS sender (✓ in the list).")
  var trusted = false

  @Flag(help: "Only mail that fails authentication (! in the list): a spoofed AWS sender or unverified mail.")
  var untrusted = false

  @Flag(help: "Also list mail with a filtered subject (welcome, account ready).")
  var all = false

  static var pagesOutput: Bool { true }

  /// Bytes of JSON printed at a time.
  static let jsonChunk = 64 * 1024
  /// Rows handed from the index reader to the JSON writer at a time, and batches in between.
  static let batchSize = 64
  static let batchesInFlight = 8

  /// The rows as a JSON array, printed while the index is read: the rows are written out on a
  /// thread of their own (`OwnThread.start`) as the reading task hands them over in batches
  /// (`RowPipe`), 64 KiB of text at a time, so reading and writing share two cores and memory
  /// stays flat however many mails there are.
  static func writeJSON(_ index: any MailIndex, _ query: MailQuery, _ context: CommandContext, _ rule: TrustColumn)
    async throws
  {
    let pipe = RowPipe<MailIndexEntry>(capacity: batchesInFlight)
    let started = OwnThread.start {
      var rows = JSONRows(context, rule)
      while let batch = pipe.take() {
        for e in batch { rows.add(e) }
      }
      if pipe.failed { rows.abandon() } else { rows.finish() }
    }
    guard let writer = started else {
      // No thread to be had: each row is written here as it is read.
      var rows = JSONRows(context, rule)
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
    if trusted && untrusted { throw ValidationError("--trusted and --untrusted cannot be combined") }
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
      } else if let record = try await context.openStore().get(accountName: account) {
        query.recipient = record.accountEmail.lowercased()
      } else {
        query.accountName = account
      }
    }
    if let since { query.receivedSince = SinceParser.seconds(since, now: MailTime.now()) }
    query.fromAddress = from
    query.hasAttachments = hasAttachments
    var rule = TrustColumn(trustedDomains: context.config.list(.trustedMailDomains))
    rule.wanted = trusted ? .trusted : untrusted ? .untrusted : nil
    if rule.wanted != nil {
      query.limit = nil
      rule.limit = limit
    }
    if context.outputFormat == .json {
      try await Self.writeJSON(cache.index, query, context, rule)
      return
    }
    var table = Table(columns: ["", "id", "received", "from", "to", "account", "class", "subject"])
    table.fits = [.fixed, .fixed, .fixed, .cutMiddle, .cutMiddle, .fixed, .fixed, .cutEnd]
    try await cache.index.list(query) { e in
      let trust = rule.trust(of: e)
      guard rule.keeps(trust), limit.map({ table.rows.count < $0 }) ?? true else { return }
      table.rows.append([
        trust.mark, e.id, MailRows.shortTime(e.receivedAt), e.fromAddress, e.recipients.first ?? "",
        e.accountName.isEmpty ? "-" : e.accountName, e.mailClass, e.subject.isEmpty ? "(no subject)" : e.subject,
      ])
      table.styles.append([TrustColumn.style(trust), .dim])
    }
    if table.rows.isEmpty {
      context.note("no mail matches\(describeFilters())")
      return
    }
    context.emit(table)
  }

  /// The filters given, as a user typed them, for the "no mail matches" note.
  func describeFilters() -> String {
    var parts: [String] = []
    if let to { parts.append("--to \(to)") }
    if let account { parts.append("--account \(account)") }
    if let since { parts.append("--since \(since)") }
    if let mailClass { parts.append("--class \(mailClass.rawValue)") }
    if let subject { parts.append("--subject \(subject)") }
    if let from { parts.append("--from \(from)") }
    if hasAttachments { parts.append("--has-attachments") }
    if trusted { parts.append("--trusted") }
    if untrusted { parts.append("--untrusted") }
    return parts.isEmpty ? " (the cache is empty: run rootmail mail fetch)" : " " + parts.joined(separator: " ")
  }
}

/// `mail list`'s trust column and its filters: `SenderTrust` of an index row (its verdicts and
/// From address).
struct TrustColumn: Sendable {
  enum Wanted { case trusted, untrusted }
  let trustedDomains: [String]
  var wanted: Wanted?
  /// With a trust filter, the limit is applied to the rows kept (not by the index query).
  var limit: Int?

  init(trustedDomains: [String]) { self.trustedDomains = trustedDomains }

  func trust(of e: MailIndexEntry) -> SenderTrust {
    SenderTrust.assess(verdicts: e.verdicts, senders: [e.fromAddress], trustedDomains: trustedDomains)
  }

  func keeps(_ trust: SenderTrust) -> Bool {
    switch wanted {
    case nil: return true
    case .trusted: return trust == .aws
    case .untrusted: return trust.mark == "!"
    }
  }

  /// `aws`, `spoofed-aws`, `unverified` or `verified`, for JSON.
  static func name(_ trust: SenderTrust) -> String {
    switch trust {
    case .aws: "aws"
    case .spoofedAWS: "spoofed-aws"
    case .unverified: "unverified"
    case .verified: "verified"
    }
  }

  static func style(_ trust: SenderTrust) -> TextStyle {
    switch trust {
    case .aws: .good
    case .spoofedAWS, .unverified: .bad
    case .verified: .plain
    }
  }
}

/// `mail list`'s JSON array, printed 64 KiB at a time as rows are added.
struct JSONRows {
  private var out = JSONWriter(capacity: ListCommand.jsonChunk + 4096)
  private let context: CommandContext
  private let rule: TrustColumn
  private var kept = 0
  private let limit: Int?

  init(_ context: CommandContext, _ rule: TrustColumn) {
    self.context = context
    self.rule = rule
    self.limit = rule.limit
    out.beginArray()
  }

  mutating func add(_ e: MailIndexEntry) {
    let trust = rule.trust(of: e)
    guard rule.keeps(trust), limit.map({ kept < $0 }) ?? true else { return }
    kept += 1
    out.beginObject()
    MailRows.writeMembers(e, to: &out)
    out.key(Self.trustKey)
    out.string(TrustColumn.name(trust))
    out.endObject()
    if out.bytes.count >= ListCommand.jsonChunk { context.emitPart(&out) }
  }

  static let trustKey = JSONWriter.Key("trust")

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
