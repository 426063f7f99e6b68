/// What SES said about a mail, read from the headers it prepends when it stores the mail:
/// `X-SES-Spam-Verdict`, `X-SES-Virus-Verdict`, `Received-SPF` and `Authentication-Results`.
///
/// Only the topmost of each counts, and an `Authentication-Results` header only when its
/// authserv-id is `amazonses.com`: SES puts its headers above the sender's, so a stranger can
/// add look-alike headers further down but never above them.
public struct MailVerdicts: Sendable, Equatable {
  public var spam: String
  public var virus: String
  /// `pass`, `fail`, `softfail`, `none`, … or empty when SES gave no result.
  public var spf: String
  public var dkim: String
  public var dmarc: String
  /// The domain SPF checked (smtp.mailfrom / envelope-from).
  public var spfDomain: String
  /// Domains of the DKIM signatures that passed (header.d, or the domain of header.i).
  public var dkimPassDomains: [String]
  /// The From domain DMARC was evaluated for (header.from).
  public var dmarcDomain: String

  public init(
    spam: String = "", virus: String = "", spf: String = "", dkim: String = "", dmarc: String = "",
    spfDomain: String = "", dkimPassDomains: [String] = [], dmarcDomain: String = ""
  ) {
    self.spam = spam
    self.virus = virus
    self.spf = spf
    self.dkim = dkim
    self.dmarc = dmarc
    self.spfDomain = spfDomain
    self.dkimPassDomains = dkimPassDomains
    self.dmarcDomain = dmarcDomain
  }

  /// The verdicts in a mail's headers (top first).
  public init(headers: [MailHeader]) {
    self.init()
    func first(_ name: String) -> String? { headers.first { $0.name.lowercased() == name }?.value }
    spam = Self.token(first("x-ses-spam-verdict") ?? "").uppercased()
    virus = Self.token(first("x-ses-virus-verdict") ?? "").uppercased()
    if let spfHeader = first("received-spf") { spf = Self.token(spfHeader).lowercased() }
    guard let results = first("authentication-results") else { return }
    let parsed = AuthenticationResults(results)
    guard parsed.authservID == "amazonses.com" else { return }
    for method in parsed.methods {
      switch method.name {
      case "spf":
        spf = method.result
        spfDomain = Self.domain(of: method.properties["smtp.mailfrom"] ?? method.properties["envelope-from"] ?? "")
      case "dkim":
        if dkim.isEmpty || method.result == "pass" { dkim = method.result }
        if method.result == "pass" {
          let d = method.properties["header.d"] ?? Self.domain(of: method.properties["header.i"] ?? "")
          if !d.isEmpty { dkimPassDomains.append(d) }
        }
      case "dmarc":
        dmarc = method.result
        dmarcDomain = Self.domain(of: method.properties["header.from"] ?? "")
      default: break
      }
    }
  }

  /// The domain of `user@domain`, `@domain` or `domain`, lower case, without a trailing dot.
  static func domain(of value: String) -> String {
    var d = value.lowercased()
    if let at = d.lastIndex(of: "@") { d = String(d[d.index(after: at)...]) }
    while d.hasSuffix(".") || d.hasSuffix(">") { d.removeLast() }
    return d
  }

  static func token(_ value: String) -> String {
    String(value.trimmingSpaces().prefix { !$0.isWhitespace && $0 != ";" && $0 != "(" })
  }
}

/// An `Authentication-Results` header value (RFC 8601), comments removed.
struct AuthenticationResults {
  struct Method {
    var name: String
    var result: String
    var properties: [String: String]
  }
  var authservID = ""
  var methods: [Method] = []

  init(_ value: String) {
    var text = ""
    var depth = 0
    for c in value {
      if c == "(" {
        depth += 1
      } else if c == ")" {
        depth = max(0, depth - 1)
      } else if depth == 0 {
        text.append(c)
      }
    }
    let parts = text.split(separator: ";", omittingEmptySubsequences: false).map { String($0).trimmingSpaces() }
    guard let first = parts.first else { return }
    authservID = String(first.split(whereSeparator: \.isWhitespace).first ?? "").lowercased()
    for part in parts.dropFirst() where !part.isEmpty {
      let words = part.split(whereSeparator: \.isWhitespace)
      guard let head = words.first, let eq = head.firstIndex(of: "=") else { continue }
      var method = Method(
        name: head[..<eq].lowercased(), result: head[head.index(after: eq)...].lowercased(), properties: [:])
      for word in words.dropFirst() {
        guard let e = word.firstIndex(of: "=") else { continue }
        let key = word[..<e].lowercased()
        var v = String(word[word.index(after: e)...])
        if v.hasPrefix("\"") && v.hasSuffix("\"") && v.count >= 2 { v = String(v.dropFirst().dropLast()) }
        if method.properties[key] == nil { method.properties[key] = v }
      }
      methods.append(method)
    }
  }
}

/// The trust rule for password-reset mail: anyone can send to any address of the receiving
/// domain, so a mail counts as AWS's only when DKIM passed for an AWS domain, or SPF and DMARC
/// both passed for one (as SES recorded them).
public enum MailTrust {
  /// nil when trusted, else why not. `trustedDomains` is config `trusted_mail_domains` (a
  /// domain matches itself and its subdomains; `aws` is Amazon's own top-level domain).
  public static func refusal(_ verdicts: MailVerdicts, trustedDomains: [String]) -> String? {
    func trusted(_ domain: String) -> Bool {
      !domain.isEmpty && trustedDomains.contains { domain == $0.lowercased() || domain.hasSuffix("." + $0.lowercased()) }
    }
    if verdicts.dkim == "pass", verdicts.dkimPassDomains.contains(where: trusted) { return nil }
    if verdicts.spf == "pass" && trusted(verdicts.spfDomain) && verdicts.dmarc == "pass" && trusted(verdicts.dmarcDomain) {
      return nil
    }
    var why: [String] = []
    if verdicts.dkim.isEmpty && verdicts.spf.isEmpty && verdicts.dmarc.isEmpty {
      return "SES recorded no SPF, DKIM or DMARC result for it"
    }
    if verdicts.dkim != "pass" {
      why.append("DKIM \(verdicts.dkim.isEmpty ? "missing" : verdicts.dkim)")
    } else {
      why.append("DKIM passed only for \(verdicts.dkimPassDomains.joined(separator: ", "))")
    }
    if verdicts.spf != "pass" {
      why.append("SPF \(verdicts.spf.isEmpty ? "missing" : verdicts.spf)")
    } else if !trusted(verdicts.spfDomain) {
      why.append("SPF passed for \(verdicts.spfDomain.isEmpty ? "no domain" : verdicts.spfDomain)")
    }
    if verdicts.dmarc != "pass" {
      why.append("DMARC \(verdicts.dmarc.isEmpty ? "missing" : verdicts.dmarc)")
    } else if !trusted(verdicts.dmarcDomain) {
      why.append("DMARC passed for \(verdicts.dmarcDomain)")
    }
    return why.joined(separator: ", ") + " (needs DKIM pass for an AWS domain, or SPF and DMARC pass for one)"
  }
}
