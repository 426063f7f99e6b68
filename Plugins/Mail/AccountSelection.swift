@_spi(RootmailHost) import RootmailKit

/// How a mail command's `--account name|email` narrows its index query: an address is the
/// recipient; a name is looked up in the mapping store (the account's root-user address) and,
/// when the store has no mapping of that name, matched against the index's account column. A
/// store that cannot be read is an error, not "no such account".
enum AccountSelection {
  static func narrow(_ query: inout MailQuery, to account: String, _ context: CommandContext) async throws {
    if account.contains("@") {
      query.recipient = account.lowercased()
    } else if let record = try await context.openStore().get(accountName: account) {
      query.recipient = record.accountEmail.lowercased()
    } else {
      query.accountName = account
    }
  }
}
