/// Mail index loading for commands.
@_spi(RootmailHost) public enum MailIndexLoader {
  /// Opens the index at `path` through the SQLite companion library.
  public static func open(path: String) async throws -> any MailIndex {
    try await opener.get().open(path: path)
  }

  private static let opener = CompanionObject<any MailIndexOpener>(
    library: "libRootmailSQLite.so", symbol: "rootmail_mail_index_opener")
}
