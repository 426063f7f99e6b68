@_spi(RootmailHost) import RootmailKit

/// What benchmarks/mail's parse benchmark calls: reading a file and using a parse the way
/// `mail show` does (readable text and links), so nothing is optimised away.
public enum MailBenchFiles {
  public static func read(_ path: String) throws -> [UInt8] { try FileBytes.read(path) }

  @_spi(RootmailHost) public static func touch(_ mail: ParsedMail, parser: any MailParser) -> Int {
    let body = MailBody.readable(mail, parser: parser)
    return body.text.utf8.count + body.links.count + mail.attachments.count
  }
}
