/// Finds the receipt ledger this configuration names: the DynamoDB table receiver outcomes are
/// shared through between machines, or none (the local mail index). The one entry point
/// `mail fetch` and `mail watch` open the ledger through.
@_spi(RootmailHost) public enum ReceiptLedgerLocator {
  /// The DynamoDB ledger when config `receipt_table` names a table, or else when the store is
  /// `dynamodb:<table>` (then receipts live in the mapping table); nil otherwise, and the
  /// caller keeps receipts in the local mail index. The table must exist with one string hash
  /// key and no range key (as `mappings init-table` makes it); anything else, or a missing
  /// table, is a configuration error (exit 78) raised here, before any mail is claimed. Without
  /// permission to describe the table (`dynamodb:DescribeTable`), its key is taken to be
  /// `AccountEmail`, the sample's.
  public static func open(context: CommandContext) async throws -> (any ReceiptLedger)? {
    guard let table = try tableName(config: context.config, environment: context.environment) else { return nil }
    let db = try context.aws().dynamoDB
    let description: DynamoDBTableDescription
    do {
      description = try await db.describeTable(table)
    } catch let error as AWSError where error.isAccessDenied {
      // A watcher's policy may allow only item calls on receipt keys: take the sample's key.
      context.logger.debug("receipts: no permission to describe \(table) (\(error.code)); its key is taken to be AccountEmail")
      return DynamoDBReceiptLedger(table: table, db: db)
    } catch let error as AWSError where error.code == "ResourceNotFoundException" {
      throw CLIError.configuration(
        "the DynamoDB table \(table) for receiver receipts does not exist",
        hint: "create it with `ROOTMAIL_STORE=dynamodb:\(table) rootmail mappings init-table`, or fix receipt_table or store")
    }
    guard let keys = description.keySchema, keys.hash.type == "S", keys.range == nil else {
      throw CLIError.configuration(
        "the DynamoDB table \(table) cannot hold receiver receipts: it needs one string hash key and no range key",
        hint: "create a table with `ROOTMAIL_STORE=dynamodb:<table> rootmail mappings init-table` and name it in receipt_table")
    }
    return DynamoDBReceiptLedger(table: table, keyAttribute: keys.hash.name, db: db)
  }

  /// The table receipts go to under this configuration, or nil for the local mail index.
  public static func tableName(config: Config, environment: [String: String]) throws -> String? {
    if let table = config.string(.receiptTable)?.trimmingSpaces(), !table.isEmpty { return table }
    let location = try StoreLocator.location(config: config, environment: environment)
    return location.scheme == "dynamodb" ? location.target : nil
  }
}
