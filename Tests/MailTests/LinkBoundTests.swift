import Foundation
@_spi(RootmailHost) import RootmailKit
import RootmailTestSupport
import Testing

@_spi(RootmailHost) @testable import RootmailMIME
@_spi(RootmailHost) @testable import RootmailPluginMail

/// Links of one mail: each once through a set, not a list searched for every new link (200,000
/// URLs took about 3 minutes in `mail show`), and at most `MailLinks.maximumPerMail` kept. The
/// bounds are on this thread's CPU time (a busy machine does not stretch it) and generous.
@Suite struct LinkBoundTests {
  static let manyURLs = (0..<200_000).map { "https://a.example/\($0)" }

  @Test func textLinksAreFoundOnceAndBounded() {
    let text = (Self.manyURLs + Self.manyURLs.prefix(10)).joined(separator: " ")
    let (found, seconds) = ThreadCPUTime.measure { MailLinks.find(in: text) }
    #expect(seconds < 10, "\(seconds) s of CPU")
    #expect(found == Array(Self.manyURLs.prefix(MailLinks.maximumPerMail)))
    #expect(
      MailLinks.find(in: "https://x.example/a https://x.example/a https://x.example/b") == [
        "https://x.example/a", "https://x.example/b",
      ])
    let all = MailLinks.find(in: text, limit: .max)
    #expect(all.count == 200_000)
  }

  @Test func mailBodyLinksAreBoundedAndDeduplicatedQuickly() {
    var mail = MimeParser.parse(Array("From: a@example.com\r\nSubject: s\r\n\r\nx\r\n".utf8))
    mail.textParts = [Self.manyURLs.joined(separator: "\n"), Self.manyURLs.prefix(5).joined(separator: "\n")]
    let (links, seconds) = ThreadCPUTime.measure { MailBody.links(mail, parser: GMimeMailParser()) }
    #expect(seconds < 10, "\(seconds) s of CPU")
    #expect(links == Array(Self.manyURLs.prefix(MailLinks.maximumPerMail)))
  }

  @Test func htmlLinksAreNumberedOnceAndBounded() {
    let anchors = (0..<3_000).map { "<a href=\"https://h.example/\($0 % 1_500)\">l\($0)</a>" }.joined(separator: " ")
    let readable = HTMLText.convert("<html><body><p>" + anchors + "</p></body></html>")
    #expect(readable.links.count == MailLinks.maximumPerMail)
    #expect(readable.links.first == "https://h.example/0" && Set(readable.links).count == readable.links.count)
    #expect(readable.text.contains("l0 [1]") && readable.text.contains("l1500 [1]"))
    #expect(readable.text.contains("l999 [1000]") && !readable.text.contains("[1001]"))
    #expect(readable.text.contains("l1000 l1001"))
  }

  @Test func theResetRuleStillSeesEveryLink() {
    var mail = MimeParser.parse(Array("From: a@example.com\r\nSubject: s\r\n\r\nx\r\n".utf8))
    mail.textParts = [Self.manyURLs.prefix(5_000).joined(separator: " ") + " https://signin.aws.amazon.com/reset"]
    let (links, seconds) = ThreadCPUTime.measure { MailLinks.all(in: mail) }
    #expect(seconds < 10, "\(seconds) s of CPU")
    #expect(links.count == 5_001 && links.last == "https://signin.aws.amazon.com/reset")
  }
}
