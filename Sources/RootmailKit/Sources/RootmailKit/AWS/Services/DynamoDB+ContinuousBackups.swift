/// Reading a table's point-in-time recovery state (`deploy` checks the table it made).
@_spi(RootmailHost) extension DynamoDB {
  /// Whether point-in-time recovery is on for the table.
  public func pointInTimeRecoveryEnabled(_ table: String) async throws -> Bool {
    let out = try await rpc.call("DescribeContinuousBackups", .object([("TableName", .string(table))]))
    let status = out["ContinuousBackupsDescription"]?["PointInTimeRecoveryDescription"]?["PointInTimeRecoveryStatus"]
    return status?.stringValue == "ENABLED"
  }
}
