import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport

/// The receipt ledgers the shared suite (`ReceiptLedgerTests`) runs against. Every ledger is
/// built here, so another one (the local SQLite ledger of the mail index) is one more case.
enum LedgerUnderTest: String, CaseIterable, Sendable, CustomStringConvertible {
  /// `ReceiptLedgerLocator` on a fresh table on moto_server (serialized, so that conditional
  /// writes racing from several clients are applied one at a time, as DynamoDB does).
  case dynamodb
  /// The mail index's own ledger (`MailIndex.receipts`), one SQLite file opened once per
  /// "machine". One fetch or watch runs on a Maildir at a time (its fetch lock), so it takes
  /// any claim another worker holds for a dead process's, whatever its lease: the tests of
  /// live claims between workers run on `shared` ledgers only.
  case sqlite

  var description: String { rawValue }

  /// The ledgers several machines share, which keep a live claim from other workers.
  static let shared: [LedgerUnderTest] = [.dynamodb]

  /// `machines` ledgers on one fresh, shared record, each as another machine sees it (its own
  /// configuration, home and AWS client).
  func makeLedgers(machines: Int = 1) async throws -> [any ReceiptLedger] {
    switch self {
    case .dynamodb:
      let table = try await SampleMappingTable.create()
      var ledgers: [any ReceiptLedger] = []
      for _ in 0..<machines {
        ledgers.append(try await ReceiptLedgerFixture.open(store: "dynamodb:\(table)"))
      }
      return ledgers
    case .sqlite:
      let path = try TemporaryFolder.make() + "/mail-index.sqlite"
      var ledgers: [any ReceiptLedger] = []
      for _ in 0..<machines { ledgers.append(try await MailIndexLoader.open(path: path).receipts) }
      return ledgers
    }
  }

  func makeLedger() async throws -> any ReceiptLedger { try await makeLedgers()[0] }
}

/// Opening ledgers the way a command does.
enum ReceiptLedgerFixture {
  /// The context of a command run with `settings` (as `ROOTMAIL_*` variables) against moto.
  static func context(_ settings: [String: String], environment extra: [String: String] = [:]) throws -> CommandContext {
    let home = try TemporaryFolder.make()
    var environment = try SampleMappingTable.environment().merging(extra) { $1 }
    environment["HOME"] = home
    environment["XDG_DATA_HOME"] = home + "/data"
    for (key, value) in settings { environment["ROOTMAIL_" + key.uppercased()] = value }
    return CommandContext(config: try ConfigLoader(environment: environment).load(), environment: environment)
  }

  /// The shared ledger of a command whose `store` is `store` (and `receipt_table`, if given);
  /// fails if there is none.
  static func open(store: String, receiptTable: String? = nil, environment: [String: String] = [:]) async throws
    -> any ReceiptLedger
  {
    var settings = ["store": store]
    if let receiptTable { settings["receipt_table"] = receiptTable }
    guard let ledger = try await ReceiptLedgerLocator.open(context: try context(settings, environment: environment)) else {
      throw CLIError("no shared ledger for store \(store)")
    }
    return ledger
  }
}
