@_spi(RootmailHost) import RootmailKit

/// The warning the `forward` receiver sends to `address_admin` instead of forwarding a mail
/// that claims an AWS sender but fails the trust rule: a short text part saying why, and the
/// original attached as `message/rfc822` (never inline, so no client shows its links as if
/// they were ours). Every header written here is printable ASCII.
enum SpoofWarning {
  static let subjectPrefix = "[rootmail: spoofed AWS sender]"

  static func message(
    original mail: ReceivedMail, why: String, from: String, to admin: String, processedBy: String
  ) -> [UInt8] {
    let boundary = "rootmail-" + RandomHex.make(length: 24)
    let subject = printable(mail.parsed.subject, limit: 150)
    let sender = printable(mail.parsed.fromAddress, limit: 200)
    let recipient = printable(mail.entry.recipients.first ?? mail.parsed.recipients.first ?? "", limit: 200)
    let eightBit = mail.raw.contains { $0 >= 0x80 }
    var text = ""
    text += "A mail to \(recipient) claims to come from \(sender.isEmpty ? "an AWS address" : sender)\r\n"
    text += "but fails SES's authentication: \(printable(why, limit: 400)).\r\n\r\n"
    text += "rootmail did not forward it to the account's owner. The original is attached;\r\n"
    text += "do not follow its links. S3 key: \(printable(mail.entry.key, limit: 300))\r\n"
    var out = ""
    out += "From: \(from)\r\n"
    out += "To: \(admin)\r\n"
    out += "Subject: \(subjectPrefix) \(subject)\r\n"
    out += "MIME-Version: 1.0\r\n"
    out += "X-Processed-By: \(processedBy)\r\n"
    out += "Content-Type: multipart/mixed; boundary=\"\(boundary)\"\r\n\r\n"
    out += "--\(boundary)\r\n"
    out += "Content-Type: text/plain; charset=us-ascii\r\n\r\n"
    out += text + "\r\n"
    out += "--\(boundary)\r\n"
    out += "Content-Type: message/rfc822\r\n"
    out += "Content-Transfer-Encoding: \(eightBit ? "8bit" : "7bit")\r\n"
    out += "Content-Disposition: attachment; filename=\"original.eml\"\r\n\r\n"
    var bytes = Array(out.utf8)
    bytes += mail.raw
    if mail.raw.last != 10 { bytes += [13, 10] }
    bytes += Array("--\(boundary)--\r\n".utf8)
    return bytes
  }

  /// `text` as printable ASCII for a header or the note: anything else becomes `?`, cut at
  /// `limit` characters.
  static func printable(_ text: String, limit: Int) -> String {
    String(String.UnicodeScalarView(text.unicodeScalars.prefix(limit).map { $0.value >= 0x20 && $0.value < 0x7F ? $0 : "?" }))
  }
}
