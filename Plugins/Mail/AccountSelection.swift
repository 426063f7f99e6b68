@_spi(RootmailHost) import RootmailKit

/// How a mail command's `--account name|email` narrows its index query: an address is the
/// recipient; a name is looked up in the mapping store (the account's root-user address) and,
/// when the store has no mapping of that name, matched against the index's account column. A
/// store that cannot be read is an error, not "no such account".
enum AccountSelection {
  static func narrow(_ query: inout MailQuery, to account: String, _ context: CommandContext) async throws {
    if let address = try await address(of: account, context) {
      query.recipient = address.lowercased()
    } else {
      query.accountName = account
    }
  }

  /// The root-user address `account` names: itself when it is an address, else its mapping's;
  /// nil when the store has no mapping of that name (`mail reset-link --from-ssm` needs one).
  static func address(of account: String, _ context: CommandContext) async throws -> String? {
    if account.contains("@") { return account }
    return try await context.openStore().mapping(named: account)?.accountEmail
  }
}
