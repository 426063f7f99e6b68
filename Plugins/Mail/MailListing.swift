@_spi(RootmailHost) import RootmailKit

/// How `mail list` and `mail search` print rows: a table fitted to the terminal (trust mark,
/// id, received, from, to, account, class, subject), tab-separated text, or JSON streamed as the
/// index is read.
enum MailListing {
  /// The help text about the columns.
  static let columnsHelp = """
    The first column is the sender trust: ✓ mail that passes the trust rule for an AWS sender \
    (DMARC, and DKIM or SPF, passed for an AWS domain), ! mail that fails authentication (one \
    claiming an AWS sender, or failing DMARC, or with no passing DKIM or SPF), blank for other \
    mail. On a terminal the table fits its width when it can: the subject and the account give \
    way first (cut with …), then the addresses (cut after their @, never so far that two look \
    alike); -o wide prints every cell whole. With no match, a note on stderr says so, and how many \
    mails that match were hidden for a filtered subject (exit 0).
    """

  /// Bytes of JSON printed at a time.
  static let jsonChunk = 64 * 1024
  /// Rows handed from the index reader to the JSON writer at a time, and batches in between.
  static let batchSize = 64
  static let batchesInFlight = 8

  /// Reads the rows of `query` with `read` and prints those `rule` keeps in the command's
  /// format. With no row, a note names `criteria` (what the user asked for; empty: the cache is
  /// empty) and how many mails a filtered subject hid.
  static func print(
    _ context: CommandContext, query: MailQuery, rule: TrustColumn, filters: MailFilters, criteria: String,
    read: @escaping (MailQuery, (MailIndexEntry) throws -> Void) async throws -> Void
  ) async throws {
    try await print(context, rule: rule, filters: filters, criteria: criteria) { each in
      try await read(query, each)
    } empty: {
      try await noteEmpty(context, query: query, rule: rule, criteria: criteria, read: read)
    }
  }

  /// The note for no rows: what was asked for, and the mails that match it but were hidden for
  /// their filtered subject (filtered_subjects), which --all shows. An empty cache says so.
  static func noteEmpty(
    _ context: CommandContext, query: MailQuery, rule: TrustColumn, criteria: String,
    read: (MailQuery, (MailIndexEntry) throws -> Void) async throws -> Void
  ) async throws {
    var hidden = 0
    if !query.excludedSubjects.isEmpty {
      var all = query
      all.excludedSubjects = []
      all.limit = nil
      try await read(all) { e in if rule.keeps(rule.trust(of: e)) { hidden += 1 } }
    }
    let note =
      criteria.isEmpty
      ? (hidden > 0 ? "no mail" : "no mail (the cache is empty: run rootmail mail fetch)") : "no mail matches " + criteria
    context.note(
      hidden > 0 ? note + " (\(Plural.count(hidden, "mail")) with a filtered subject hidden: --all shows them)" : note)
  }

  static func print(
    _ context: CommandContext, rule: TrustColumn, filters: MailFilters, criteria: String,
    read: ((MailIndexEntry) throws -> Void) async throws -> Void, empty: () async throws -> Void
  ) async throws {
    if context.outputFormat == .json {
      try await writeJSON(context, rule, read: read)
      return
    }
    if context.outputFormat == .text {
      // Piped: one line a row as the index is read, 64 KiB of text at a time (no table held).
      var out: [UInt8] = []
      out.reserveCapacity(jsonChunk + 4096)
      var kept = 0
      try await read { e in
        let trust = rule.trust(of: e)
        guard rule.keeps(trust), filters.limit.map({ kept < $0 }) ?? true else { return }
        kept += 1
        let cells = [
          trust.mark, e.id, MailRows.shortTime(e.receivedAt), e.fromAddress, e.recipients.first ?? "",
          e.accountName.isEmpty ? "-" : e.accountName, e.mailClass, e.subject.isEmpty ? "(no subject)" : e.subject,
        ]
        for (i, cell) in cells.enumerated() {
          if i > 0 { out.append(UInt8(ascii: "\t")) }
          out.append(contentsOf: TerminalSafe.escaped(cell).utf8)
        }
        out.append(UInt8(ascii: "\n"))
        if out.count >= jsonChunk {
          StandardStream.writeOut(bytes: out)
          out.removeAll(keepingCapacity: true)
        }
      }
      StandardStream.writeOut(bytes: out)
      if kept == 0 { try await empty() }
      return
    }
    var table = Table(columns: ["", "id", "received", "from", "to", "account", "class", "subject"])
    table.fits = [.fixed, .fixed, .fixed, .cutMiddle, .cutMiddle, .cutEnd, .fixed, .cutEnd]
    let limit = filters.limit
    try await read { e in
      let trust = rule.trust(of: e)
      guard rule.keeps(trust), limit.map({ table.rows.count < $0 }) ?? true else { return }
      table.rows.append([
        trust.mark, e.id, MailRows.shortTime(e.receivedAt), e.fromAddress, e.recipients.first ?? "",
        e.accountName.isEmpty ? "-" : e.accountName, e.mailClass, e.subject.isEmpty ? "(no subject)" : e.subject,
      ])
      table.styles.append([TrustColumn.style(trust), .dim])
    }
    if table.rows.isEmpty {
      try await empty()
      return
    }
    context.emit(table)
  }

  /// The rows as a JSON array, printed while the index is read: the rows are written out on a
  /// thread of their own (`OwnThread.start`) as the reading task hands them over in batches
  /// (`RowPipe`), 64 KiB of text at a time, so reading and writing share two cores and memory
  /// stays flat however many mails there are.
  static func writeJSON(
    _ context: CommandContext, _ rule: TrustColumn, read: ((MailIndexEntry) throws -> Void) async throws -> Void
  ) async throws {
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
        try await read { rows.add($0) }
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
      try await read { e in
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
}

/// `mail list`'s trust column and its filters: `SenderTrust` of an index row (its verdicts and
/// From address).
struct TrustColumn: Sendable {
  enum Wanted { case trusted, untrusted }
  /// `trusted_mail_domains`, in lower case once.
  let trustedDomains: [String]
  var wanted: Wanted?
  /// With a trust filter, the limit is applied to the rows kept (not by the index query).
  var limit: Int?

  init(trustedDomains: [String]) { self.trustedDomains = trustedDomains.map { $0.lowercased() } }

  func trust(of e: MailIndexEntry) -> SenderTrust.Level {
    SenderTrust.level(verdicts: e.verdicts, senders: [e.fromAddress], lowercasedDomains: trustedDomains)
  }

  func keeps(_ trust: SenderTrust.Level) -> Bool {
    switch wanted {
    case nil: return true
    case .trusted: return trust == .aws
    case .untrusted: return trust == .spoofedAWS || trust == .unverified
    }
  }

  /// `aws`, `spoofed-aws`, `unverified` or `verified`, for JSON.
  static func name(_ trust: SenderTrust.Level) -> String {
    switch trust {
    case .aws: "aws"
    case .spoofedAWS: "spoofed-aws"
    case .unverified: "unverified"
    case .verified: "verified"
    }
  }

  static func style(_ trust: SenderTrust.Level) -> TextStyle {
    switch trust {
    case .aws: .good
    case .spoofedAWS, .unverified: .bad
    case .verified: .plain
    }
  }
}

/// `mail list`'s JSON array, printed 64 KiB at a time as rows are added.
struct JSONRows {
  private var out = JSONWriter(capacity: MailListing.jsonChunk + 4096)
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
    if out.bytes.count >= MailListing.jsonChunk { context.emitPart(&out) }
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
