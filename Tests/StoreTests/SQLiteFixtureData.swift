import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport

/// What the SQLite files in `Tests/Fixtures/sqlite` hold: `store.sqlite`, a mapping store, and
/// `mail-index.sqlite`, a mail index with its search table and receipt ledger. The files were
/// written from these values by the GRDB release (`SQLiteFixtureGenerator`, see the README
/// there); `SQLiteFixtureTests` opens them with the current layer and reads the same values.
enum SQLiteFixtureData {
  /// The committed files.
  static var folder: String { RootmailCLI.fixturesFolder + "/sqlite" }
  static let storeFile = "store.sqlite"
  static let mailIndexFile = "mail-index.sqlite"

  /// The migrations GRDB recorded in each file (`grdb_migrations`).
  static let storeMigrations = ["v1-mappings", "v2-enum-number"]
  static let mailIndexMigrations = ["v1-mail", "v2-receive", "v3-search"]

  /// Inserted one by one (`insert`): tags, a missing and a present account id and failure
  /// reason, a counter that is not a number, text beyond ASCII.
  static let mappings: [MappingRecord] = [
    MappingRecord(
      accountEmail: "root+aaaa0000bbbb@aws.example.com", ownerAddress: "jdoe@example.com", accountName: "fin-ledger-prod",
      counter: "1", accountType: "IT", tags: ["cost-center": "4711", "team": "Finance — Ledger"],
      lastUpdated: "2026-11-22T02:05:00Z"),
    MappingRecord(
      accountEmail: "root+cccc1111dddd@aws.example.com", ownerAddress: "jdoe@example.com", accountName: "fin-ledger-prod",
      counter: "2", accountType: "IT", status: "ACCOUNT-CREATED", lastUpdated: "2026-11-23T10:00:00Z",
      accountId: "123456789012"),
    MappingRecord(
      accountEmail: "root+eeee2222ffff@aws.example.com", ownerAddress: "zoë@example.com", accountName: "sandbox",
      counter: "", accountType: "Sandbox", status: "FAILED", lastUpdated: "2026-11-24T08:30:00Z",
      failureReason: "quota \"exceeded\"\nsecond line"),
    MappingRecord(
      accountEmail: "root+9999888877@aws.example.com", ownerAddress: "ops@example.com", accountName: "legacy",
      counter: "v7", accountType: "IT", lastUpdated: "2026-11-25T00:00:00Z"),
  ]

  /// Made by `insertNext` after `mappings`: the next counter of "fin-ledger-prod".
  static let nextMapping = MappingRecord(
    accountEmail: "root+0123456789ab@aws.example.com", ownerAddress: "jdoe@example.com", accountName: "fin-ledger-prod",
    counter: "3", accountType: "IT", lastUpdated: "2026-11-26T12:00:00Z")

  /// Every mapping in the store, in `list`'s order (by email).
  static var allMappings: [MappingRecord] { (mappings + [nextMapping]).sorted { $0.accountEmail < $1.accountEmail } }

  static func mail(
    _ n: Int, receivedAt: Int, date: Int?, subject: String, recipients: [String], from: String = "AWS",
    fromAddress: String = "no-reply@signin.aws", mailClass: String = "other", attachments: Int = 0,
    dkim: [String] = [], warnings: [String] = [], account: (String, String, String) = ("", "", "")
  ) -> MailIndexEntry {
    let key = "RootMail/fixture-\(n)"
    return MailIndexEntry(
      id: MailID.make(key: key), key: key, size: 1000 + n, eTag: "\"etag-\(n)\"", receivedAt: receivedAt, date: date,
      messageID: "<m\(n)@example.com>", from: from, fromAddress: fromAddress, recipients: recipients, subject: subject,
      mailClass: mailClass,
      verdicts: MailVerdicts(
        spam: "PASS", virus: "PASS", spf: "pass", dkim: dkim.isEmpty ? "none" : "pass", dmarc: "pass",
        spfDomain: "amazonses.com", dkimPassDomains: dkim, dmarcDomain: "signin.aws"),
      accountEmail: account.0, accountName: account.1, owner: account.2, attachments: attachments,
      parseWarnings: warnings, fetchedAt: receivedAt + 60)
  }

  /// Inserted in one `insert`, each with its search text (nil: none, so the row has no search
  /// row and `entriesWithoutSearchText` lists it).
  static let mails: [(entry: MailIndexEntry, searchText: String?)] = [
    (
      mail(
        1, receivedAt: 1_764_000_000, date: 1_763_999_990, subject: "Your AWS account is ready",
        recipients: ["root+aaaa0000bbbb@aws.example.com"], mailClass: "account-ready", dkim: ["amazonses.com", "signin.aws"],
        account: ("root+aaaa0000bbbb@aws.example.com", "fin-ledger-prod-1", "jdoe@example.com")),
      "Welcome to Amazon Web Services. Your account fin-ledger-prod-1 is ready."
    ),
    (
      mail(
        2, receivedAt: 1_764_100_000, date: nil, subject: "Réinitialisation du mot de passe",
        recipients: ["root+cccc1111dddd@aws.example.com", "copy@example.com"], mailClass: "password-reset",
        warnings: ["no Date header", "charset \"x-unknown\" read as UTF-8"]),
      "Cliquez sur le lien pour réinitialiser votre mot de passe: zebrafish"
    ),
    (
      mail(
        3, receivedAt: 1_764_200_000, date: 1_764_199_000, subject: "Invoice\r\nattached", recipients: [],
        from: "Billing", fromAddress: "billing@example.com", attachments: 2),
      nil
    ),
  ]

  /// Receipts written through the ledger API, and what the ledger then holds.
  static let receiptWorker = "host:42:abcd"

  /// The receipts after `writeReceipts`, by mail id and receiver.
  static var receipts: [Receipt] {
    let m1 = mails[0].entry.id
    let m2 = mails[1].entry.id
    return [
      Receipt(
        mailID: m1, receiver: "forward", state: .done, attempts: 1, detail: "forwarded to jdoe@example.com",
        updatedAt: 1_764_000_100),
      Receipt(
        mailID: m1, receiver: "opsitem", state: .claimed, attempts: 1, worker: receiptWorker, leaseUntil: 1_764_000_400,
        updatedAt: 1_764_000_100),
      Receipt(
        mailID: m2, receiver: "forward", state: .failed, attempts: 1, detail: "SES: throttled", retryAt: 1_764_100_900,
        updatedAt: 1_764_100_100),
      Receipt(
        mailID: m2, receiver: "reset-link", state: .dead, attempts: 1, detail: "no link in the mail",
        updatedAt: 1_764_100_100),
    ].sorted { ($0.mailID, $0.receiver) < ($1.mailID, $1.receiver) }
  }

  /// The mail ids marked received after the insert (the others stay pending).
  static var receivedIDs: [String] { [mails[0].entry.id] }
}
