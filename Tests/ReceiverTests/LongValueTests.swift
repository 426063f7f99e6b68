import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailPluginMail
import RootmailTestSupport
import Testing

@_spi(RootmailHost) @testable import RootmailMIME
@_spi(RootmailHost) @testable import RootmailPluginReceivers

/// Receivers cut a stranger's long text before escaping it, not after: a 600,000-character
/// control-only subject took 50 s in a fetch with an `exec:` receiver (escape all, keep 4 KiB).
/// Bounds are generous and on this thread's CPU time, which a busy machine does not stretch;
/// benchmarks/hostile holds the tight ones.
@Suite struct LongValueTests {
  static let controls = String(repeating: "\u{1}\u{1B}\u{9B}", count: 200_000)

  static func mail(subject: String, body: String) -> ReceivedMail {
    var received = ExecReceiverTests.received(Array("From: a@example.com\r\nTo: b@example.com\r\nSubject: s\r\n\r\nx\r\n".utf8))
    received.parsed.subject = subject
    received.parsed.textParts = [body]
    return received
  }

  @Test func execEnvironmentEscapesOnlyWhatFitsItsLimit() {
    let (value, seconds) = ThreadCPUTime.measure { ExecEnvironment.safe(Self.controls) }
    #expect(seconds < 5, "\(seconds) s of CPU")
    #expect(value.utf8.count <= ExecEnvironment.valueLimit && value.utf8.count > ExecEnvironment.valueLimit - 10)
    #expect(value.hasPrefix("\\u{1}\\u{1b}\\u{9b}\\u{1}") && !TerminalSafe.hasUnsafe(value))
    // The same value as escaping everything and cutting after.
    let small = String(repeating: "a\u{1B}é", count: 2_000)
    let whole = TerminalSafe.escaped(small)
    #expect(ExecEnvironment.safe(small) == String(whole.utf8.prefix(ExecEnvironment.valueLimit))!)
    #expect(ExecEnvironment.safe("short\u{7}") == "short\\u{7}")
    let variables = ExecEnvironment(base: ["PATH": "/bin"], trustedDomains: []).variables(
      for: Self.mail(subject: Self.controls, body: "x"))
    #expect(variables["ROOTMAIL_SUBJECT"] == value)
  }

  @Test func opsItemEscapesOnlyWhatFitsTitleAndDescription() {
    let mail = Self.mail(subject: Self.controls, body: String(repeating: "\u{0}", count: 1_000_000))
    let (item, seconds) = ThreadCPUTime.measure { OpsItemReceiver.item(for: mail, bucket: nil) }
    #expect(seconds < 5, "\(seconds) s of CPU")
    #expect(item.title.utf16.count <= SSM.OpsItemLimits.title && item.title.hasSuffix(" ..."))
    #expect(item.title.hasPrefix("\\u{1}\\u{1b}\\u{9b}"))
    #expect(item.description.utf16.count <= SSM.OpsItemLimits.description && item.description.hasPrefix("\\u{0}\\u{0}"))
    #expect(!TerminalSafe.hasUnsafe(item.title) && !TerminalSafe.hasUnsafe(item.description))
  }
}
