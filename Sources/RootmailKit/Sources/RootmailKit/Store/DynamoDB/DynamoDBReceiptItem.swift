import RootmailSigV4

/// How a `Receipt` is stored in DynamoDB: one item per mail and receiver, in the mapping table
/// (or the `receipt_table`), keyed on the table's hash key (`AccountEmail` in the sample's
/// table) by `#receipt <mailID> <receiver>`. That key contains a space, which no address does,
/// and starts with `#` (as the name guards' `#name …` keys do), so it never clashes with a
/// mapping; the item has no `AccountName` or `Enum`, so it stays out of the sample's GSI, and
/// the mapping store skips it when it scans (`DynamoDBMappingItem.record`).
///
/// Attributes: `MailID`, `Receiver`, `ReceiptState` (the `Receipt.State` raw value),
/// `Attempts`, `RetryAt`, `LeaseUntil`, `UpdatedAt` (numbers), `Worker` and `Detail` (left out
/// when empty), `ClaimToken` and `SettleToken` (to recognise one's own write when a resent
/// request finds it applied).
///
/// Beside them, one item per mail keyed `#receipts <mailID>` lists the mail's receivers
/// (`Receivers`, a string set, added to with each claim), so that one mail's receipts are read
/// with GetItems instead of a scan: the sample's table has a hash key only, nothing to query.
enum DynamoDBReceiptItem {
  static let prefix = "#receipt "
  static let setPrefix = "#receipts "
  static let receivers = "Receivers"
  static let mail = "MailID"
  static let receiver = "Receiver"
  static let state = "ReceiptState"
  static let attempts = "Attempts"
  static let detail = "Detail"
  static let retryAt = "RetryAt"
  static let worker = "Worker"
  static let leaseUntil = "LeaseUntil"
  static let updatedAt = "UpdatedAt"
  /// A random token each claim writes, so a worker recognises its own claim when a resent
  /// request finds it already applied.
  static let claimToken = "ClaimToken"
  /// A random token each settle writes (likewise, for a resent settle).
  static let settleToken = "SettleToken"

  /// DynamoDB's limit on a partition key value, in bytes.
  static let maxKeyBytes = 2048
  /// A longer mail id is refused (rootmail's are 12 hex digits).
  static let maxMailIDBytes = 256
  /// A detail (an error text) is cut to this many bytes, to keep items small (400 KB at most).
  static let maxDetailBytes = 8192

  /// The key value of one receipt. A mail id must be 1 to 256 bytes without spaces or control
  /// characters (so that `#receipt <mailID> ` is a prefix only that mail's receipts have). A
  /// receiver id too long for DynamoDB's key limit is keyed by its SHA-256 (`#sha256 <hex>`;
  /// a receiver id starts with a letter, so this cannot be another receiver's key).
  static func keyValue(mailID: String, receiver: String) throws -> String {
    let full = try mailPrefix(mailID) + receiver
    guard !receiver.isEmpty else {
      throw CLIError.invalid(field: "receiver", value: "", rule: "a receiver id is not empty")
    }
    if full.utf8.count <= maxKeyBytes { return full }
    return try mailPrefix(mailID) + "#sha256 " + Hex.lowercase(Digest.sha256(Array(receiver.utf8)))
  }

  /// `#receipt <mailID> `: the start of every key of one mail's receipts.
  static func mailPrefix(_ mailID: String) throws -> String {
    let valid =
      !mailID.isEmpty && mailID.utf8.count <= maxMailIDBytes
      && mailID.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value != 0x7F && !(0x80...0x9F).contains($0.value) }
    guard valid else {
      throw CLIError.invalid(
        field: "mail id", value: String(mailID.prefix(80)),
        rule: "1 to \(maxMailIDBytes) bytes without spaces or control characters")
    }
    return prefix + mailID + " "
  }

  /// The key value of the item listing one mail's receivers.
  static func setKeyValue(mailID: String) throws -> String {
    _ = try mailPrefix(mailID)
    return setPrefix + mailID
  }

  /// Whether an item of the table is a receipt or a mail's receiver list (by its key,
  /// whatever the key attribute's name).
  static func isReceipt(_ item: DynamoDBItem, keyAttribute: String) -> Bool {
    guard let key = item[keyAttribute]?.stringValue else { return false }
    return key.hasPrefix(prefix) || key.hasPrefix(setPrefix)
  }

  /// A detail cut to `maxDetailBytes` on a character boundary.
  static func clipped(_ detail: String) -> String {
    guard detail.utf8.count > maxDetailBytes else { return detail }
    var out = ""
    var bytes = 0
    for character in detail {
      let size = character.utf8.count
      guard bytes + size <= maxDetailBytes - 3 else { break }
      out.append(character)
      bytes += size
    }
    return out + "..."
  }

  /// A receipt read back; nil for an item that is not one (or whose state this version does
  /// not know). Anything else missing or malformed reads as empty or 0: the table may be
  /// written by other versions or by hand.
  static func receipt(_ item: DynamoDBItem) -> Receipt? {
    guard let mailID = item[mail]?.stringValue, let receiverID = item[receiver]?.stringValue,
      let state = item[state]?.stringValue.flatMap(Receipt.State.init(rawValue:))
    else { return nil }
    func number(_ name: String) -> Int { item[name].flatMap(DynamoDBMappingItem.text).flatMap { Int($0) } ?? 0 }
    return Receipt(
      mailID: mailID, receiver: receiverID, state: state, attempts: number(attempts),
      detail: item[detail]?.stringValue ?? "", retryAt: number(retryAt), worker: item[worker]?.stringValue ?? "",
      leaseUntil: number(leaseUntil), updatedAt: number(updatedAt))
  }

  /// Placeholder of each receipt attribute in expressions (`#k` is the table's key).
  static let placeholders = [
    "#mail": mail, "#recv": receiver, "#state": state, "#tries": attempts, "#detail": detail, "#retry": retryAt,
    "#worker": worker, "#lease": leaseUntil, "#updated": updatedAt, "#receivers": receivers,
    "#token": claimToken, "#settleToken": settleToken,
  ]

  /// An expression with exactly the placeholders and values `texts` use (DynamoDB refuses
  /// unused ones), so one set of names serves every update and condition.
  static func expression(_ text: String, also others: [String] = [], keyAttribute: String, values: DynamoDBItem)
    -> DynamoDBExpression
  {
    let tokens = Set(([text] + others).flatMap(placeholderTokens))
    var names = placeholders.filter { tokens.contains($0.key) }
    if tokens.contains("#k") { names["#k"] = keyAttribute }
    return DynamoDBExpression(text, names: names, values: values.filter { tokens.contains($0.key) })
  }

  /// Every `#name` and `:value` token in an expression.
  static func placeholderTokens(_ text: String) -> [String] {
    var tokens: [String] = []
    var current = ""
    for scalar in text.unicodeScalars {
      let isWord = (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || (scalar >= "0" && scalar <= "9")
      if scalar == "#" || scalar == ":" {
        if current.count > 1 { tokens.append(current) }
        current = String(scalar)
      } else if isWord && !current.isEmpty {
        current.unicodeScalars.append(scalar)
      } else {
        if current.count > 1 { tokens.append(current) }
        current = ""
      }
    }
    if current.count > 1 { tokens.append(current) }
    return tokens
  }
}
