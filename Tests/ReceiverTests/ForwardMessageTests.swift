import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

@_spi(RootmailHost) @testable import RootmailMIME
@_spi(RootmailHost) @testable import RootmailPluginMail
@_spi(RootmailHost) @testable import RootmailPluginReceivers

/// The header rewrite on its own: line ends kept, odd shapes of mail, and hostile header
/// blocks, checked with a second parser (GMime, through the mail plugin's `MimeParser`).
@Suite struct ForwardMessageTests {
  typealias H = BuiltinReceiverHarness

  func rewrite(_ raw: [UInt8]) -> [UInt8] {
    ForwardMessage.rewrite(
      raw, from: "rootmail@aws.example.com", to: "owner@example.com", processedBy: "rootmail",
      fallbackSender: "sender@outside.example")
  }

  @Test func lineEndsFollowTheMailAndOddShapesKeepTheirBody() {
    let lf = rewrite(Array("From: a@b.example\nSubject: s\n\nbody\n".utf8))
    #expect(
      String(decoding: lf, as: UTF8.self)
        == "From: rootmail@aws.example.com\nReply-To: a@b.example\nSubject: s\nTo: owner@example.com\nX-Processed-By: rootmail\n\nbody\n"
    )
    // No header at all: everything is body, kept whole.
    let bare = Array("just a body without any header\n".utf8)
    #expect(H.split(rewrite(bare)).body == bare)
    let emptyFirst = Array("\njust a body\n".utf8)
    #expect(H.split(rewrite(emptyFirst)).body == Array("just a body\n".utf8))
    // Headers and no body.
    let onlyHeaders = rewrite(Array("Subject: x\r\nFrom: a@b.example".utf8))
    #expect(String(decoding: onlyHeaders, as: UTF8.self).hasSuffix("X-Processed-By: rootmail\r\n\r\n"))
    #expect(H.split(onlyHeaders).body.isEmpty)
    // Obsolete `From :` and folded duplicates are removed with the rest.
    let obsolete = rewrite(Array("From : evil@x.example\r\nTo: a@b.example,\r\n c@d.example\r\nTo: e@f.example\r\n\r\nb".utf8))
    let headers = H.split(obsolete).headers
    #expect(headers.filter { $0.0 == "from" }.map(\.1) == ["rootmail@aws.example.com"])
    #expect(headers.filter { $0.0 == "to" }.map(\.1) == ["owner@example.com"])
  }

  /// Random damage to the header blocks of real mails: whatever comes in, GMime reads exactly
  /// one From (address_from) and one To (the owner) in the result, no line holds a bare CR, and
  /// the body is the original's.
  @Test func hostileHeaderBlocksNeverInjectAField() throws {
    var rng = ForwardNoiseRandom(seed: 13)
    let seeds = [
      try H.bytes(H.fixtures + "/custom-mail.eml"), try H.bytes(H.testMails + "/10-reset-spoofed.eml"),
      try H.bytes(H.testMails + "/11-escape-headers.eml"), Array("From: a@b.example\r\nTo: c@d.example\r\n\r\nx\r\n".utf8),
    ]
    let noise: [[UInt8]] = [
      [13], [10], [0], [13, 10], Array("\rBcc: v@x.example".utf8), Array("\nTo: v@x.example".utf8), [58], [32],
    ]
    for round in 0..<400 {
      var raw = seeds[round % seeds.count]
      let headerEnd = HeaderBlock(raw).bodyStart
      for _ in 0..<(1 + Int(rng.next() % 4)) {
        let at = Int(rng.next() % UInt64(max(1, headerEnd)))
        raw.insert(contentsOf: noise[Int(rng.next() % UInt64(noise.count))], at: at)
      }
      let out = rewrite(raw)
      let parsed = MimeParser.parse(out)
      #expect(parsed.headerValues("From").count == 1, "round \(round)")
      #expect(parsed.fromAddress == "rootmail@aws.example.com", "round \(round)")
      #expect(
        parsed.headerValues("To").map { $0.trimmingCharacters(in: .whitespaces) } == ["owner@example.com"], "round \(round)")
      #expect(parsed.headerValues("Bcc").isEmpty, "round \(round)")
      let block = out[..<HeaderBlock(out).bodyStart]
      for (i, byte) in block.enumerated() where byte == 13 {
        #expect(block.dropFirst(i + 1).first == 10, "round \(round): bare CR in the header block")
      }
      #expect(H.split(out).body == H.split(raw).body, "round \(round)")
    }
  }
}

/// A small deterministic generator (ForwardNoiseRandom64), so a failing round can be replayed.
struct ForwardNoiseRandom {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
