//
// With ROOTMAIL_FUZZ_MAIL=address (`scripts/fuzz-mail.sh SECONDS address`) each input is the
// value of a To field of an otherwise plain mail: the address parser path (AddressHeaderBounds,
// then GMime's address lists) gets all the mutations.
import Glibc
// libFuzzer target over the mail parse path: MIME (GMime), header decoding, verdicts, the
// reset-link trust rule, HTML to text (libxml2), link finding and the escaping of everything
// shown. Built and run by scripts/fuzz-mail.sh; a crash, leak-free abort or sanitizer report
// is a bug.
@_spi(RootmailHost) import RootmailKit

let parser = GMimeMailParser()
let addressOnly = getenv("ROOTMAIL_FUZZ_MAIL").map { String(cString: $0) } == "address"

@_cdecl("LLVMFuzzerTestOneInput")
public func rootmailFuzzMail(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  var bytes = Array(UnsafeBufferPointer(start: data, count: size))
  if addressOnly {
    bytes = Array("From: a@outside.example\r\nTo: ".utf8) + bytes + Array("\r\nSubject: s\r\n\r\nbody\r\n".utf8)
  }
  let mail = parser.parse(bytes)
  let body = MailBody.readable(mail, parser: parser)
  _ = TerminalSafe.escapedLines(body.text)
  _ = TerminalSafe.escaped(mail.subject)
  _ = TerminalSafe.escaped(mail.from)
  for link in MailBody.links(mail, parser: parser) { _ = MailLinks.isSignIn(link) }
  _ = ResetLinkRule.evaluate(mail, trustedDomains: ["amazon.com", "amazonaws.com", "aws"])
  _ = MailClass.classify(subject: mail.subject, filteredSubjects: ["Welcome to Amazon Web Services"])
  for (i, part) in mail.attachments.enumerated() { _ = AttachmentSaver.safeName(part.fileName, index: i) }
  for header in mail.headers { _ = JSONValue.string(header.value).compact }
  return 0
}
