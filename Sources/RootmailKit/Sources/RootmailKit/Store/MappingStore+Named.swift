@_spi(RootmailHost) extension MappingStore {
  /// The mapping a user names: by its address (it has an `@`), its full account name
  /// (`fin-ledger-prod-001`), its account name without the number when one mapping has it
  /// (`fin-ledger-prod`), or its 12-digit AWS account ID once known (`accounts sync`); nil when
  /// none has it. A name that several mappings share is an error naming them (exit 64).
  public func mapping(named key: String) async throws -> MappingRecord? {
    if key.contains("@") { return try await get(email: key) }
    if let record = try await get(accountName: key) { return record }
    let isAccountID = key.utf8.count == 12 && key.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    let candidates =
      isAccountID
      ? try await list(MappingFilter()).filter { $0.accountId == key }
      : try await list(MappingFilter(namePrefix: key)).filter { $0.accountName == key }
    guard candidates.count <= 1 else {
      let names = candidates.map(\.fullAccountName).sorted()
      throw CLIError.usage(
        "account \(TerminalSafe.quoted(key, limit: 80)) is ambiguous: \(names.prefix(5).joined(separator: ", "))"
          + (names.count > 5 ? " and \(names.count - 5) more" : "") + "; name one of them")
    }
    return candidates.first
  }
}
