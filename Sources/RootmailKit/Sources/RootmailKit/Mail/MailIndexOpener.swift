/// Opens a mail index file; exported by libRootmailSQLite.so as `rootmail_mail_index_opener`.
@_spi(RootmailHost) public protocol MailIndexOpener: AnyObject, Sendable {
  func open(path: String) throws -> any MailIndex
}
