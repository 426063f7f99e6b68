@_spi(RootmailHost) import RootmailKit

/// The filters `list` and `export` share.
struct FilterOptions: ParsableArguments {
  @Option(help: ArgumentHelp("Only mappings of this owner.", valueName: "address"))
  var owner: String?

  @Option(name: .customLong("account-type"), help: ArgumentHelp("Only this account type.", valueName: "type"))
  var accountType: String?

  @Option(help: ArgumentHelp("Only this status, in any case: \(MappingStatus.listed).", valueName: "status"))
  var status: String?

  @Option(name: .customLong("name-prefix"), help: ArgumentHelp("Only account names starting with this.", valueName: "prefix"))
  var namePrefix: String?

  /// The store's filter; a status rootmail never writes is refused (exit 65) rather than
  /// matching nothing.
  func filter() throws -> MappingFilter {
    MappingFilter(
      owner: owner, accountType: accountType, status: try status.map { try MappingStatus.checked($0) },
      namePrefix: namePrefix)
  }

  /// The filters given, as a user typed them (`--owner a@example.com --status ACTIVE`).
  var described: String {
    [("--owner", owner), ("--account-type", accountType), ("--status", status), ("--name-prefix", namePrefix)]
      .compactMap { name, value in value.map { "\(name) \($0)" } }.joined(separator: " ")
  }
}

/// How `get` and `update` print one mapping: JSON, or one field a row.
enum RecordOutput {
  static func emit(_ record: MappingRecord, in context: CommandContext) {
    switch context.outputFormat {
    case .json: context.emit(record.json)
    case .table, .wide, .text:
      var table = Table(columns: ["field", "value"])
      if case .object(let members) = record.json {
        for (name, value) in members {
          table.rows.append([name, value.stringValue ?? value.compact])
        }
      }
      context.emit(table)
    }
  }
}
