import Glibc
@_spi(RootmailHost) import RootmailKit

/// `mail fetch` as a library: lists the bucket prefix page by page and, for each key the index
/// lacks, downloads the object into the Maildir (unless a killed run already delivered it),
/// parses it and indexes it. Memory holds one page of keys at a time. Every step can be
/// interrupted: a mail is indexed only after its file is in `new/`, and indexing a key twice is
/// a no-op, so running again after a kill finishes the work without duplicates. (Against a
/// killed process, not a power cut: nothing here calls fsync — a mail's file is renamed into
/// `new/` straight after its last write, and the index commits in WAL with synchronous=NORMAL;
/// a killed process's writes are in the page cache all the same.)
///
/// A mail is parsed under a mark in the Maildir (a `ParseSlots` slot, emptied when the parse
/// returns; for a retry, a `Maildir.markParsing` file): a mark a run finds was left by a
/// process that died parsing, perhaps of that mail, perhaps of another parsed at the same time. Before listing, each such mail is parsed
/// again alone, under a retry mark; one whose retry mark is found too is quarantined: indexed
/// unparsed with a warning, its raw bytes kept, its receivers skipped until
/// `mail replay --force`. So no mail can stop the others for more than two runs.
struct MailFetcher {
  struct Summary: Sendable, Equatable {
    var new = 0
    var alreadyHad = 0
    var failed = 0
    /// Replaced between listing and download: fetched by the next run.
    var changed = 0
    var listed: Int { new + alreadyHad + failed + changed }
    /// Objects listed so far, and whether the listing has reached its last page.
    var listedSoFar = 0
    var listingDone = false

    /// The progress line: `fetching: 1,150/3,000 (12 new, 1,138 already had, 0 failed)`, the
    /// total once the listing is done, `1,150 so far` before.
    var progressLine: String {
      let total = listingDone ? "/" + Self.grouped(listedSoFar) : " listed so far"
      return "fetching: \(Self.grouped(listed))\(total) (\(Self.grouped(new)) new, \(Self.grouped(alreadyHad)) already had,"
        + " \(failed) failed)"
    }

    /// `3000` as `3,000`.
    static func grouped(_ n: Int) -> String {
      var digits = Array(String(n))
      var out = ""
      while digits.count > 3 {
        out = "," + String(digits.suffix(3)) + out
        digits.removeLast(3)
      }
      return String(digits) + out
    }
  }

  let s3: S3
  let bucket: String
  let prefix: String
  let concurrency: Int
  let maildir: Maildir
  let index: any MailIndex
  let filteredSubjects: [String]
  /// Looks up the mapping of an address (nil when unknown or no store); throws only when the
  /// fetch was cancelled, which then indexes nothing more (the next fetch gets those mails).
  let mapping: @Sendable (String) async throws -> MappingRecord?
  /// Called after each page with the counts so far.
  let progress: @Sendable (Summary) -> Void
  /// Called with the entries a page newly indexed (receivers hook in here).
  let indexed: @Sendable ([MailIndexEntry]) async throws -> Void
  /// Called for a key that could not be fetched.
  let failure: @Sendable (String, any Error) -> Void
  /// Called with a warning about one mail (quarantined).
  var warning: @Sendable (String) -> Void = { _ in }
  /// Called with each listed page before its downloads start.
  var pageListed: @Sendable ([S3.Object]) async -> Void = { _ in }
  /// `<subdomain>.<domain>` when configured: only recipients there are looked up.
  var receivingDomain: String? = nil

  /// Store lookups one mail may cost at most: a mail to 5,000 addresses must not cost 5,000
  /// requests.
  static let maxLookupsPerMail = 10

  /// What one download-and-parse produced.
  private enum Outcome: Sendable {
    /// The row, and the decoded text `mail search` searches.
    case fetched(MailIndexEntry, text: String)
    case failed(String, any Error)
    /// The object's ETag was no longer the listed one (S3 answered the GET's If-Match 412).
    case changed(String)
    /// The fetch was cancelled (a stop) during this mail's download: the next fetch gets it.
    case cancelled
  }

  /// Mails indexed per transaction: progress a kill cannot undo, without a commit per mail.
  static let batchSize = 50

  func run() async throws -> Summary {
    var state = State()
    try await recoverInterruptedParses(into: &state)
    var token: String? = nil
    repeat {
      // A cancelled fetch (mail watch stopping) stops between pages and downloads no more.
      try Task.checkCancellation()
      let page = try await s3.listObjectsV2(bucket, prefix: prefix.isEmpty ? nil : prefix, continuationToken: token)
      token = page.nextContinuationToken
      let objects = page.objects.filter { Self.isMail($0.key) }
      state.summary.listedSoFar += objects.count
      state.summary.listingDone = token == nil
      await pageListed(objects)
      let known = try await index.indexedKeys(among: objects.map(\.key))
      state.summary.alreadyHad += known.subtracting(state.recovered).count
      try await fetchAll(objects.filter { !known.contains($0.key) }, into: &state)
      progress(state.summary)
    } while token != nil
    return state.summary
  }

  /// The object SES writes under a rule's prefix when the S3 action is made (a test message,
  /// not mail).
  static let sesSetupNotification = "AMAZON_SES_SETUP_NOTIFICATION"

  /// Whether the object at `key` may be mail: not a folder marker (`x/`) and not SES's set-up
  /// notification (a new user's trial saw it listed as `!` mail and run through receivers).
  static func isMail(_ key: String) -> Bool {
    !key.hasSuffix("/") && Path.fileName(of: key) != sesSetupNotification
  }

  /// Downloads, parses and indexes those of `objects` the index lacks: objects a notification
  /// named (`mail watch --queue`), not listed. An object with no ETag is read without If-Match.
  func fetch(_ objects: [S3.Object]) async throws -> Summary {
    let objects = objects.filter { Self.isMail($0.key) }
    var state = State()
    let known = try await index.indexedKeys(among: objects.map(\.key))
    state.summary.alreadyHad = known.count
    state.summary.listedSoFar = objects.count
    state.summary.listingDone = true
    try await fetchAll(objects.filter { !known.contains($0.key) }, into: &state)
    return state.summary
  }

  /// The counts and the mapping cache of one run.
  private struct State {
    var summary = Summary()
    var mappings: [String: MappingRecord?] = [:]
    /// Keys indexed before listing (`recoverInterruptedParses`), not to count twice.
    var recovered = Set<String>()
  }

  /// Parses again, one at a time, the mails a process died parsing (see the type's comment),
  /// and indexes them; quarantines those it died on twice.
  private func recoverInterruptedParses(into state: inout State) async throws {
    let marks = maildir.parseMarks()
    guard !marks.isEmpty else { return }
    var outcomes: [Outcome] = []
    for mark in marks {
      guard maildir.contains(id: mark.id) else {
        maildir.unmarkParsing(id: mark.id)
        continue
      }
      if mark.retry {
        warning(
          "mail \(mark.id) (\(TerminalSafe.escaped(mark.object.key))) is quarantined: rootmail stopped twice while"
            + " parsing it; it is indexed unparsed and its receivers are skipped (mail replay \(mark.id) --force runs them)")
        let size = (try? maildir.read(id: mark.id).count) ?? mark.object.size
        outcomes.append(.fetched(MailFacts.quarantined(id: mark.id, object: mark.object, size: size), text: ""))
      } else {
        outcomes.append(await fetchOne(mark.object, parser: try await MailParserLoader.shared(), slots: nil))
      }
    }
    try await record(outcomes, into: &state)
    state.recovered = Set(marks.map(\.object.key))
    for mark in marks where mark.retry { maildir.unmarkParsing(id: mark.id) }
    maildir.removeLeftSlots()
  }

  /// Downloads and parses `objects`, at most `concurrency` at a time, indexing every
  /// `batchSize` finished mails.
  private func fetchAll(_ objects: [S3.Object], into state: inout State) async throws {
    guard !objects.isEmpty else { return }
    // The parser (libRootmailMIME.so) loads with the first page that has new mail: a fetch with
    // nothing new never loads it.
    let parser = try await MailParserLoader.shared()
    let slots = ParseSlots(folder: maildir.parsingFolder)
    defer { slots.close() }
    var pending: [Outcome] = []
    var next = 0
    try await withThrowingTaskGroup(of: Outcome.self) { group in
      func add() {
        let object = objects[next]
        next += 1
        group.addTask { await fetchOne(object, parser: parser, slots: slots) }
      }
      while next < min(objects.count, max(1, concurrency)) { add() }
      while let outcome = try await group.next() {
        pending.append(outcome)
        if next < objects.count && !Task.isCancelled { add() }
        if pending.count >= Self.batchSize {
          try await record(pending, into: &state)
          pending.removeAll(keepingCapacity: true)
        }
      }
    }
    try await record(pending, into: &state)
  }

  /// Indexes a batch of outcomes (with the recipients' mappings) and counts them.
  private func record(_ outcomes: [Outcome], into state: inout State) async throws {
    var entries: [MailIndexEntry] = []
    var texts: [String: String] = [:]
    for outcome in outcomes {
      switch outcome {
      case .fetched(var entry, let text):
        texts[entry.key] = text
        for address in lookupCandidates(entry.recipients) {
          let record: MappingRecord?
          if let cached = state.mappings[address] {
            record = cached
          } else {
            record = try await mapping(address)
            if state.mappings.count < 10_000 { state.mappings[address] = record }
          }
          if let record {
            entry.accountEmail = record.accountEmail
            entry.accountName = record.fullAccountName
            entry.owner = record.ownerAddress
            break
          }
        }
        entries.append(entry)
      case .failed(let key, let error):
        state.summary.failed += 1
        failure(key, error)
      case .cancelled:
        break
      case .changed(let key):
        state.summary.changed += 1
        warning(
          "\(TerminalSafe.escaped(key)) changed between listing and download (its ETag is no longer the listed one);"
            + " the next fetch gets it")
      }
    }
    let inserted = try await index.insert(entries, searchTexts: texts)
    state.summary.new += inserted.count
    state.summary.alreadyHad += entries.count - inserted.count
    try await indexed(inserted)
    progress(state.summary)
  }

  /// The recipients worth a store lookup: those of the receiving domain (any when it is not
  /// configured), without repeats, the first `maxLookupsPerMail`.
  func lookupCandidates(_ recipients: [String]) -> [String] {
    let suffix = receivingDomain.map { "@" + $0.lowercased() }
    var seen = Set<String>()
    var candidates: [String] = []
    for address in recipients where candidates.count < Self.maxLookupsPerMail {
      let lower = address.lowercased()
      if let suffix, !lower.hasSuffix(suffix) { continue }
      if seen.insert(lower).inserted { candidates.append(lower) }
    }
    return candidates
  }

  /// Downloads (unless the Maildir has it) and parses one mail, under a parse mark: a first
  /// one in one of `slots`, or with no slots a retry (`Maildir.markParsing`).
  private func fetchOne(_ object: S3.Object, parser: any MailParser, slots: ParseSlots?) async -> Outcome {
    let id = MailID.make(key: object.key)
    do {
      // The bytes as downloaded, else (a killed run delivered the mail; a transport that does
      // not keep them) as read from `new/`.
      var downloaded: [UInt8] = []
      if !maildir.contains(id: id) {
        let temporary = maildir.temporaryPath(id: id)
        do {
          // If-Match: the bytes indexed are the listed ETag's, never a replacement's.
          downloaded = try await s3.getObjectKeepingBytes(
            bucket, key: object.key, to: temporary, ifMatch: object.eTag.isEmpty ? nil : object.eTag)
        } catch {
          unlink(temporary)
          if S3.isPreconditionFailed(error) { return .changed(object.key) }
          throw error
        }
        try maildir.deliver(temporary: temporary, id: id)
      }
      let bytes = downloaded.isEmpty ? try maildir.read(id: id) : downloaded
      let parsed: ParsedMail
      if let slots {
        parsed = try slots.marking(object) { parser.parse(bytes) }
      } else {
        try maildir.markParsing(ParseMark(object: object, retry: true))
        parsed = parser.parse(bytes)
        maildir.unmarkParsing(id: id)
      }
      return .fetched(
        MailFacts.entry(id: id, object: object, size: bytes.count, parsed: parsed, filteredSubjects: filteredSubjects),
        text: MailFacts.searchText(parsed, parser: parser))
    } catch is CancellationError {
      return .cancelled
    } catch {
      return .failed(object.key, error)
    }
  }
}

/// The index row of a parsed mail.
enum MailFacts {
  /// The parse warning of a quarantined mail (`MailFetcher`), and how the engine knows one.
  static let quarantineWarning =
    "quarantined: rootmail stopped twice while parsing this mail; it is indexed unparsed, its raw bytes kept,"
    + " and its receivers skipped until mail replay --force"

  static func isQuarantined(_ entry: MailIndexEntry) -> Bool { entry.parseWarnings.contains(quarantineWarning) }

  /// The row of a mail indexed without parsing it: what S3 said, and the quarantine warning.
  static func quarantined(id: String, object: S3.Object, size: Int) -> MailIndexEntry {
    var entry = entry(id: id, object: object, size: size, parsed: ParsedMail(), filteredSubjects: [])
    entry.mailClass = MailClass.other.rawValue
    entry.parseWarnings = [quarantineWarning]
    return entry
  }

  /// What `mail search` searches in a mail's body: its text parts, else its HTML read as text.
  static func searchText(_ parsed: ParsedMail, parser: any MailParser) -> String {
    if !parsed.textParts.isEmpty { return parsed.textParts.joined(separator: "\n") }
    return parsed.htmlParts.map { parser.readable(html: $0).text }.joined(separator: "\n")
  }

  static func entry(id: String, object: S3.Object, size: Int, parsed: ParsedMail, filteredSubjects: [String])
    -> MailIndexEntry
  {
    var eTag = object.eTag
    if eTag.hasPrefix("\"") && eTag.hasSuffix("\"") && eTag.count >= 2 { eTag = String(eTag.dropFirst().dropLast()) }
    let now = MailTime.now()
    return MailIndexEntry(
      id: id, key: object.key, size: size, eTag: eTag, receivedAt: MailTime.seconds(iso: object.lastModified) ?? now,
      date: parsed.date, messageID: parsed.messageID, from: parsed.from, fromAddress: parsed.fromAddress,
      recipients: parsed.recipients, subject: parsed.subject,
      mailClass: MailClass.classify(subject: parsed.subject, filteredSubjects: filteredSubjects).rawValue,
      verdicts: parsed.verdicts, attachments: parsed.attachments.count, parseWarnings: parsed.warnings, fetchedAt: now)
  }
}
