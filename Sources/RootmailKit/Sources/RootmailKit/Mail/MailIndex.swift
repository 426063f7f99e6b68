#if canImport(Glibc)
  import Glibc
#endif

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// One row of the mail index: what `mail list` shows and filters on, without opening the mail.
public struct MailIndexEntry: Sendable, Equatable {
  /// Short stable id (`MailID.make(key:)`), also the mail's file name in the Maildir.
  public var id: String
  /// The S3 key, the object's size and ETag.
  public var key: String
  public var size: Int
  public var eTag: String
  /// When SES stored it (the object's LastModified, seconds since 1970): what "age" means,
  /// since the Date header is whatever the sender wrote.
  public var receivedAt: Int
  /// The Date header, when readable.
  public var date: Int?
  public var messageID: String
  public var from: String
  public var fromAddress: String
  public var recipients: [String]
  public var subject: String
  public var mailClass: String
  public var verdicts: MailVerdicts
  /// The mapping of the first recipient the store knows (email, account name, owner).
  public var accountEmail: String
  public var accountName: String
  public var owner: String
  public var attachments: Int
  public var parseWarnings: [String]
  public var fetchedAt: Int

  public init(
    id: String, key: String, size: Int, eTag: String, receivedAt: Int, date: Int?, messageID: String, from: String,
    fromAddress: String, recipients: [String], subject: String, mailClass: String, verdicts: MailVerdicts,
    accountEmail: String = "", accountName: String = "", owner: String = "", attachments: Int = 0,
    parseWarnings: [String] = [], fetchedAt: Int
  ) {
    self.id = id
    self.key = key
    self.size = size
    self.eTag = eTag
    self.receivedAt = receivedAt
    self.date = date
    self.messageID = messageID
    self.from = from
    self.fromAddress = fromAddress
    self.recipients = recipients
    self.subject = subject
    self.mailClass = mailClass
    self.verdicts = verdicts
    self.accountEmail = accountEmail
    self.accountName = accountName
    self.owner = owner
    self.attachments = attachments
    self.parseWarnings = parseWarnings
    self.fetchedAt = fetchedAt
  }
}

/// Which index rows `mail list` wants. Every filter is optional; rows come newest first.
@_spi(RootmailHost) public struct MailQuery: Sendable, Equatable {
  /// Any recipient equal to this address (lower case).
  public var recipient: String?
  /// The matched mapping's account name.
  public var accountName: String?
  public var receivedSince: Int?
  public var mailClass: String?
  /// Case-insensitive substring of the subject.
  public var subjectContains: String?
  /// Subjects left out (`filtered_subjects` unless `--all`).
  public var excludedSubjects: [String]
  /// The sender's address equal to this (any case).
  public var fromAddress: String?
  /// Only mail with at least one attachment.
  public var hasAttachments: Bool
  public var limit: Int?

  public init(
    recipient: String? = nil, accountName: String? = nil, receivedSince: Int? = nil, mailClass: String? = nil,
    subjectContains: String? = nil, excludedSubjects: [String] = [], fromAddress: String? = nil,
    hasAttachments: Bool = false, limit: Int? = nil
  ) {
    self.fromAddress = fromAddress
    self.hasAttachments = hasAttachments
    self.recipient = recipient
    self.accountName = accountName
    self.receivedSince = receivedSince
    self.mailClass = mailClass
    self.subjectContains = subjectContains
    self.excludedSubjects = excludedSubjects
    self.limit = limit
  }
}

/// The local index of fetched mail (an SQLite table in the companion library, so that one
/// copy of GRDB serves the process). Inserting a key already present does nothing, so a fetch
/// killed at any point and run again indexes nothing twice.
@_spi(RootmailHost) public protocol MailIndex: AnyObject, Sendable {
  /// The keys among `keys` that are indexed already.
  func indexedKeys(among keys: [String]) async throws -> Set<String>
  /// Inserts entries whose key is new, in one transaction, each with the decoded text
  /// `mail search` searches (`searchTexts` by key; missing: none); returns those inserted.
  func insert(_ entries: [MailIndexEntry], searchTexts: [String: String]) async throws -> [MailIndexEntry]
  /// Rows matching `query` whose subject, sender, recipients or text hold every word of
  /// `text` (a word matches as a prefix, any case), newest first, one at a time.
  func search(_ text: String, _ query: MailQuery, each body: (MailIndexEntry) throws -> Void) async throws
  /// Rows indexed before the search index existed (their text not yet searchable), at most
  /// `limit`.
  func entriesWithoutSearchText(limit: Int) async throws -> [MailIndexEntry]
  /// Makes rows already indexed searchable with their decoded text (by key).
  func setSearchTexts(_ texts: [String: String]) async throws
  /// Rows matching `query`, newest first, handed to `body` one at a time as they are read, so
  /// that memory does not grow with the number of mails (`mail list --output json`).
  func list(_ query: MailQuery, each body: (MailIndexEntry) throws -> Void) async throws
  /// Rows whose id starts with `idPrefix`.
  func entries(idPrefix: String) async throws -> [MailIndexEntry]
  /// How many rows there are.
  func count() async throws -> Int

  /// The record of receiver outcomes on this index's mail (the local `ReceiptLedger`).
  var receipts: any ReceiptLedger { get }
  /// Rows waiting for receivers whose turn has come by `now` (at most `limit`, the longest
  /// waiting first). A newly inserted row is pending from the moment it is inserted; rows an
  /// index already held when receivers came (an upgrade) are not.
  func pendingReceive(dueBy now: Int, limit: Int) async throws -> [MailIndexEntry]
  /// Marks rows as no longer pending: every configured receiver's receipt is settled.
  func markReceived(ids: [String]) async throws
  /// Makes rows pending again from `at` on (a receiver backing off, or a replay).
  func schedulePending(ids: [String], at: Int) async throws
  /// Rows whose id is one of `ids`.
  func entries(ids: [String]) async throws -> [MailIndexEntry]
  /// What SQLite's `PRAGMA quick_check` finds wrong with the file, at most `limit` lines
  /// (empty: healthy); `rootmail doctor` runs it.
  func quickCheck(limit: Int) async throws -> [String]
}

@_spi(RootmailHost) extension MailIndex {
  /// Inserts entries whose key is new with no search text; returns those inserted.
  public func insert(_ entries: [MailIndexEntry]) async throws -> [MailIndexEntry] {
    try await insert(entries, searchTexts: [:])
  }

  /// Rows matching `query`, newest first.
  public func list(_ query: MailQuery) async throws -> [MailIndexEntry] {
    var rows: [MailIndexEntry] = []
    try await list(query) { rows.append($0) }
    return rows
  }
}

/// Opens a mail index file; exported by libRootmailSQLite.so as `rootmail_mail_index_opener`.
@_spi(RootmailHost) public protocol MailIndexOpener: AnyObject, Sendable {
  func open(path: String) throws -> any MailIndex
}

/// Mail index loading for commands.
@_spi(RootmailHost) public enum MailIndexLoader {
  /// Opens the index at `path` through the SQLite companion library.
  public static func open(path: String) async throws -> any MailIndex {
    try await opener.get().open(path: path)
  }

  private static let opener = CompanionObject<any MailIndexOpener>(
    library: "libRootmailSQLite.so", symbol: "rootmail_mail_index_opener")
}

/// Mail ids: the first 12 hex digits of SHA-256 of the S3 key, stable across caches.
public enum MailID {
  public static func make(key: String) -> String {
    let digest = Digest.sha256(Array(key.utf8))
    return digest.prefix(6).map { b in (b < 16 ? "0" : "") + String(b, radix: 16) }.joined()
  }

  /// Whether `text` can be an id or id prefix (4 to 12 lower-case hex digits).
  public static func isPrefix(_ text: String) -> Bool {
    (4...12).contains(text.count) && text.unicodeScalars.allSatisfy { ($0 >= "0" && $0 <= "9") || ($0 >= "a" && $0 <= "f") }
  }
}

/// Seconds since 1970 from the timestamps AWS writes (`2026-12-01T13:00:00.000Z`).
public enum MailTime {
  public static func seconds(iso text: String) -> Int? {
    Timestamp.parse(text).map { Int($0.timeIntervalSince1970) }
  }

  /// The current time in seconds since 1970.
  public static func now() -> Int { Int(time(nil)) }
}
