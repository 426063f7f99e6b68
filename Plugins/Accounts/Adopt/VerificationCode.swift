@_spi(RootmailHost) import RootmailKit

/// AWS's one-time code for a primary-email update (`[a-zA-Z0-9]{6}`). It prints as
/// `[verification code]` wherever it is interpolated, so it cannot reach a log, a progress line
/// or an error by accident; `reveal()` is for the one request that carries it.
struct VerificationCode: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
  private let value: String

  /// The code, when `text` is exactly six ASCII letters and digits.
  init?(_ text: some StringProtocol) {
    guard text.utf8.count == 6, text.utf8.allSatisfy({ Self.isAlphanumeric($0) }) else { return nil }
    value = String(text)
  }

  static func isAlphanumeric(_ b: UInt8) -> Bool {
    (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
  }

  var description: String { "[verification code]" }
  var debugDescription: String { description }

  /// The code itself, for `AcceptPrimaryEmailUpdate` only.
  func reveal() -> String { value }
}

/// The trust rule for AWS's verification-code mail: the reset-link rule's sender check
/// (`SenderTrust`: DKIM, or SPF and DMARC, passed for an AWS domain), sent to the address being
/// adopted, about this account when it names one, and the code taken only from where AWS puts
/// it — the line after "Your verification code is:" in the text part (or, without one, the HTML
/// part reduced to text), a line that is six letters and digits and nothing else.
enum VerificationCodeRule {
  enum Verdict: Sendable, Equatable {
    case code(VerificationCode)
    /// Why the mail is not used; never contains the code.
    case refused(String)
  }

  static let marker = "your verification code is:"

  static func evaluate(_ mail: ParsedMail, recipient: String, accountID: String, trustedDomains: [String]) -> Verdict {
    switch SenderTrust.assess(mail, trustedDomains: trustedDomains) {
    case .aws: break
    case .spoofedAWS(let why): return .refused("it claims an AWS sender but \(why)")
    case .unverified(let results): return .refused("it is not from AWS (\(results))")
    case .verified: return .refused("it is not from an AWS domain (from \(TerminalSafe.quoted(mail.fromAddress)))")
    }
    guard mail.recipients.contains(recipient.lowercased()) else {
      return .refused("it is not addressed to \(recipient)")
    }
    let text =
      mail.textParts.isEmpty ? mail.htmlParts.map(htmlText).joined(separator: "\n") : mail.textParts.joined(separator: "\n")
    if let ending = accountEnding(in: text), !accountID.hasSuffix(ending) {
      return .refused("it is for the account ID ending in \(ending), not \(accountID)")
    }
    let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map { String($0).trimmingSpaces() }
    var codes: [VerificationCode] = []
    for (i, line) in lines.enumerated() where line.lowercased().hasPrefix(marker) {
      let sameLine = String(line.dropFirst(marker.count)).trimmingSpaces()
      let candidate = sameLine.isEmpty ? lines[(i + 1)...].first(where: { !$0.isEmpty }) ?? "" : sameLine
      guard let code = VerificationCode(candidate) else {
        return .refused("the line after \"Your verification code is:\" is not six letters and digits")
      }
      codes.append(code)
    }
    guard let code = codes.first else { return .refused("it has no \"Your verification code is:\" line") }
    guard codes.allSatisfy({ $0 == code }) else { return .refused("it states more than one verification code") }
    return .code(code)
  }

  /// The digits after "account ID ending in", when the mail says which account it is for.
  static func accountEnding(in text: String) -> String? {
    guard let range = text.firstRange(of: "account ID ending in ") else { return nil }
    let digits = text[range.upperBound...].prefix { $0.isASCII && $0.isNumber }
    return digits.isEmpty ? nil : String(digits)
  }

  /// HTML as lines of text: every tag ends a line, character references decoded.
  static func htmlText(_ html: String) -> String {
    var out = ""
    var inTag = false
    for c in html {
      if c == "<" {
        inTag = true
        out.append("\n")
      } else if c == ">" {
        inTag = false
      } else if !inTag {
        out.append(c)
      }
    }
    return CharacterReferences.decodingHTML(out)
  }
}
