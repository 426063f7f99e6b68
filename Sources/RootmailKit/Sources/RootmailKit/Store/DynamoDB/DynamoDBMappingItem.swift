/// How a `MappingRecord` is stored in aws-account-factory-email's table: one item per address,
/// keyed by `AccountEmail`, with the sample's attribute names. `AccountName` and `Enum` are the
/// keys of the `AccountName-Enum-Index` GSI, so they are left out when empty (DynamoDB refuses
/// empty index keys, and the item then simply stays out of the index).
///
/// Beside the mappings, rootmail keeps one *name guard* item per full account name (key
/// `#name <AccountName-Enum>`, attribute `NameGuardFor` = the address), written in the same
/// transaction as its mapping, so that account names are unique as addresses are. A guard key
/// contains a space, which no valid address does, and has no `AccountName`, so it never shows
/// in the GSI the sample queries.
enum DynamoDBMappingItem {
  static let keyAttribute = "AccountEmail"
  static let indexName = "AccountName-Enum-Index"
  static let guardPrefix = "#name "
  static let guardAttribute = "NameGuardFor"

  /// The key of a mapping item.
  static func key(email: String) -> DynamoDBItem { [keyAttribute: .s(email)] }

  /// The key of the name guard of a full account name.
  static func guardKey(name: String) -> DynamoDBItem { [keyAttribute: .s(guardPrefix + name)] }

  /// The guard item for a mapping's full account name.
  static func guardItem(for record: MappingRecord) -> DynamoDBItem {
    [keyAttribute: .s(guardPrefix + record.fullAccountName), guardAttribute: .s(record.accountEmail)]
  }

  /// Whether an item is a name guard rather than a mapping.
  static func isGuard(_ item: DynamoDBItem) -> Bool {
    item[guardAttribute] != nil || (item[keyAttribute]?.stringValue?.hasPrefix(guardPrefix) ?? false)
  }

  /// The item of a mapping.
  static func item(_ r: MappingRecord) -> DynamoDBItem {
    var item: DynamoDBItem = [
      keyAttribute: .s(r.accountEmail), "OwnerAddress": .s(r.ownerAddress), "AccountType": .s(r.accountType),
      "Tags": .m(r.tags.mapValues { .s($0) }), "Status": .s(r.status), "LastUpdated": .s(r.lastUpdated),
    ]
    if !r.accountName.isEmpty { item["AccountName"] = .s(r.accountName) }
    if !r.counter.isEmpty { item["Enum"] = .s(r.counter) }
    if let id = r.accountId { item["AccountId"] = .s(id) }
    if let reason = r.failureReason { item["FailureReason"] = .s(reason) }
    return item
  }

  /// A mapping read back (also one the sample wrote: numbers read as their text, missing
  /// attributes as empty); nil for a guard, a receiver receipt (`DynamoDBReceiptItem`, kept
  /// in this table by `mail watch` with a DynamoDB store) or an item without an address.
  static func record(_ item: DynamoDBItem) -> MappingRecord? {
    guard !isGuard(item), !DynamoDBReceiptItem.isReceipt(item, keyAttribute: keyAttribute),
      let email = item[keyAttribute].flatMap(text)
    else { return nil }
    var tags: [String: String] = [:]
    for (k, v) in item["Tags"]?.mapValue ?? [:] {
      if let s = text(v) { tags[k] = s }
    }
    return MappingRecord(
      accountEmail: email, ownerAddress: item["OwnerAddress"].flatMap(text) ?? "",
      accountName: item["AccountName"].flatMap(text) ?? "", counter: item["Enum"].flatMap(text) ?? "",
      accountType: item["AccountType"].flatMap(text) ?? "", tags: tags,
      status: item["Status"].flatMap(text) ?? MappingRecord.allocated, lastUpdated: item["LastUpdated"].flatMap(text) ?? "",
      accountId: item["AccountId"].flatMap(text), failureReason: item["FailureReason"].flatMap(text))
  }

  static func text(_ value: AttributeValue) -> String? {
    switch value {
    case .s(let s), .n(let s): return s
    case .bool(let b): return b ? "true" : "false"
    default: return nil
    }
  }

  /// The counter as a number when `Enum` is all digits (and fits), else nil; the sample pads
  /// it, so string order is numeric order only among counters of one length.
  static func counterNumber(_ text: String) -> Int? {
    guard !text.isEmpty, text.count <= 18, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
    return Int(text)
  }

  /// A full account name split as the sample builds it (`name-NNN` → `name`, `NNN`), when it
  /// ends in a numeric counter.
  static func split(fullName: String) -> (name: String, counter: String)? {
    guard let dash = fullName.lastIndex(of: "-") else { return nil }
    let name = String(fullName[..<dash])
    let counter = String(fullName[fullName.index(after: dash)...])
    guard !name.isEmpty, counterNumber(counter) != nil else { return nil }
    return (name, counter)
  }
}
