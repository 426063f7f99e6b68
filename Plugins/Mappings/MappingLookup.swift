@_spi(RootmailHost) import RootmailKit

/// How `get`, `update` and `delete` find the mapping a user names (`MappingStore.mapping(named:)`),
/// as `mail list --account` does.
enum MappingLookup {
  static let help = ArgumentHelp(
    "An address, an account name (bu-app-env-001, or bu-app-env when one mapping has it) or an AWS account ID.",
    valueName: "email|account-name")

  /// The mapping `key` names; exit 1 when there is none.
  static func find(_ key: String, in store: any MappingStore) async throws -> MappingRecord {
    guard !key.isEmpty else {
      throw CLIError.invalid(field: "email|account-name", value: key, rule: "must name an address or an account name")
    }
    guard let record = try await store.mapping(named: key) else { throw MappingStoreError.notFound(key) }
    return record
  }
}

/// The statuses rootmail gives a mapping, which `update --status` takes and `--status`
/// filters match whatever their case.
enum MappingStatus {
  static let known = ["NAME-ALLOCATED", "ACCOUNT-CREATING", "ACCOUNT-CREATED", "ACCOUNT-FAILED", "ACCOUNT-ADOPTED"]
  static let listed = known.joined(separator: ", ")

  /// `text` as rootmail writes it (upper case) when it is a known status; else exit 65.
  static func checked(_ text: String, field: String = "--status") throws -> String {
    let upper = text.uppercased()
    guard known.contains(upper) else { throw CLIError.invalid(field: field, value: text, rule: "must be one of \(listed)") }
    return upper
  }
}
