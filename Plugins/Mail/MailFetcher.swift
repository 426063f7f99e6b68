import Glibc
import RootmailKit

/// `mail fetch` as a library: lists the bucket prefix page by page and, for each key the index
/// lacks, downloads the object into the Maildir (unless a killed run already delivered it),
/// parses it and indexes it. Memory holds one page of keys at a time. Every step can be
/// interrupted: a mail is indexed only after its file is in `new/`, and indexing a key twice is
/// a no-op, so running again after a kill finishes the work without duplicates.
struct MailFetcher {
  struct Summary: Sendable, Equatable {
    var new = 0
    var alreadyHad = 0
    var failed = 0
    var listed: Int { new + alreadyHad + failed }
  }

  let s3: S3
  let bucket: String
  let prefix: String
  let concurrency: Int
  let maildir: Maildir
  let index: any MailIndex
  let filteredSubjects: [String]
  /// Looks up the mapping of an address (nil when unknown or no store).
  let mapping: @Sendable (String) async -> MappingRecord?
  /// Called after each page with the counts so far.
  let progress: @Sendable (Summary) -> Void
  /// Called with the entries a page newly indexed (receivers hook in here).
  let indexed: @Sendable ([MailIndexEntry]) async throws -> Void
  /// Called for a key that could not be fetched.
  let failure: @Sendable (String, any Error) -> Void

  /// What one download-and-parse produced.
  private enum Outcome: Sendable {
    case fetched(MailIndexEntry)
    case failed(String, any Error)
  }

  func run() async throws -> Summary {
    var summary = Summary()
    var token: String? = nil
    var mappings: [String: MappingRecord?] = [:]
    repeat {
      let page = try await s3.listObjectsV2(bucket, prefix: prefix.isEmpty ? nil : prefix, continuationToken: token)
      token = page.nextContinuationToken
      let objects = page.objects.filter { !$0.key.hasSuffix("/") }
      let known = try await index.indexedKeys(among: objects.map(\.key))
      summary.alreadyHad += known.count
      let todo = objects.filter { !known.contains($0.key) }
      var entries: [MailIndexEntry] = []
      for outcome in await fetchAll(todo) {
        switch outcome {
        case .fetched(var entry):
          for address in entry.recipients {
            let record: MappingRecord?
            if let cached = mappings[address] {
              record = cached
            } else {
              record = await mapping(address)
              if mappings.count < 10_000 { mappings[address] = record }
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
          summary.failed += 1
          failure(key, error)
        }
      }
      let inserted = try await index.insert(entries)
      summary.new += inserted.count
      summary.alreadyHad += entries.count - inserted.count
      try await indexed(inserted)
      progress(summary)
    } while token != nil
    return summary
  }

  /// Downloads and parses `objects`, at most `concurrency` at a time.
  private func fetchAll(_ objects: [S3.Object]) async -> [Outcome] {
    await withTaskGroup(of: Outcome.self) { group in
      var outcomes: [Outcome] = []
      var next = 0
      func add(_ group: inout TaskGroup<Outcome>) {
        let object = objects[next]
        next += 1
        group.addTask { await fetchOne(object) }
      }
      while next < min(objects.count, max(1, concurrency)) { add(&group) }
      while let outcome = await group.next() {
        outcomes.append(outcome)
        if next < objects.count { add(&group) }
      }
      return outcomes
    }
  }

  private func fetchOne(_ object: S3.Object) async -> Outcome {
    let id = MailID.make(key: object.key)
    do {
      if !maildir.contains(id: id) {
        let temporary = maildir.temporaryPath(id: id)
        do {
          try await s3.getObject(bucket, key: object.key, to: temporary)
        } catch {
          unlink(temporary)
          throw error
        }
        try maildir.deliver(temporary: temporary, id: id)
      }
      let bytes = try maildir.read(id: id)
      let parsed = MimeParser.parse(bytes)
      return .fetched(
        MailFacts.entry(
          id: id, object: object, size: bytes.count, parsed: parsed, filteredSubjects: filteredSubjects))
    } catch {
      return .failed(object.key, error)
    }
  }
}

/// The index row of a parsed mail.
enum MailFacts {
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
