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
  ///
  /// Each method's result comes from SES's own result clauses only. SES copies the sender's
  /// HELO and envelope-from into its `spf` clause (`…; envelope-from=X; helo=Y;`), and a HELO
  /// may hold `;dkim=pass header.d=amazon.com;`: what such text adds is one more clause of a
  /// method SES states once (spf, dmarc, envelope-from, helo), or a `dkim` clause beside SES's
  /// `dkim=none`, so a method stated twice is `repeated` (never `pass`), and trusts nothing.
  public init(headers: [MailHeader]) {
    self.init()
    func first(_ name: String) -> String? { headers.first { $0.hasName(name) }?.value }
    spam = Self.token(first("x-ses-spam-verdict") ?? "").uppercased()
    virus = Self.token(first("x-ses-virus-verdict") ?? "").uppercased()
    if let spfHeader = first("received-spf") { spf = Self.token(spfHeader).lowercased() }
    guard let results = first("authentication-results") else { return }
    let parsed = AuthenticationResults(results)
    guard parsed.authservID == "amazonses.com" else { return }
    let spfClauses = parsed.methods.filter { $0.name == "spf" }
    if let method = spfClauses.first {
      if spfClauses.count > 1 || method.repeatedProperties {
        spf = Self.repeated
      } else {
        spf = method.result
        spfDomain = Self.domain(of: method.properties["smtp.mailfrom"] ?? method.properties["envelope-from"] ?? "")
      }
    }
    let dmarcClauses = parsed.methods.filter { $0.name == "dmarc" }
    if let method = dmarcClauses.first {
      if dmarcClauses.count > 1 {
        dmarc = Self.repeated
      } else {
        dmarc = method.result
        dmarcDomain = Self.domain(of: method.properties["header.from"] ?? "")
      }
    }
    // One dkim clause per signature is SES's way; `none` (no signature) beside another is not.
    let dkimClauses = parsed.methods.filter { $0.name == "dkim" }
    if dkimClauses.count > 1 && dkimClauses.contains(where: { $0.result == "none" }) {
      dkim = Self.repeated
    } else {
      for method in dkimClauses {
        if dkim.isEmpty || method.result == "pass" { dkim = method.result }
        if method.result == "pass" {
          let d = Self.domain(of: method.properties["header.d"] ?? method.properties["header.i"] ?? "")
          if !d.isEmpty { dkimPassDomains.append(d) }
        }
      }
    }
  }

  /// The result of a method stated twice in SES's `Authentication-Results`.
  public static let repeated = "repeated"

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

/// An `Authentication-Results` header value read as RFC 8601 does: `;` separates clauses only
/// outside quoted strings and comments (nested, with quoted pairs), and a clause that is only
/// properties (SES's `envelope-from=X` and `helo=Y`) belongs to the method before it.
struct AuthenticationResults {
  struct Method {
    var name: String
    var result: String
    var properties: [String: String]
    /// A property stated twice for this method (a second `helo=` or `envelope-from=`).
    var repeatedProperties = false
  }
  var authservID = ""
  var methods: [Method] = []

  /// Clause names that are SES's properties of the spf clause, not methods.
  static let propertyClauses: Set<String> = ["envelope-from", "helo", "client-ip"]

  init(_ value: String) {
    // A comment or quoted string left open swallows the rest of the value: SES's own results
    // after a sender's HELO that ends in `(` or `"`. Such a header says nothing (no method, so
    // no DKIM or DMARC pass), rather than only what the sender wrote before it.
    guard let clauses = Self.clauses(value), let first = clauses.first else { return }
    authservID = (first.first ?? "").lowercased()
    for words in clauses.dropFirst() {
      guard let head = words.first, let eq = head.firstIndex(of: "=") else { continue }
      let name = head[..<eq].lowercased()
      if Self.propertyClauses.contains(name) || name.contains(".") {
        guard !methods.isEmpty else { continue }
        Self.add(words, to: &methods[methods.count - 1])
        continue
      }
      var method = Method(name: name, result: Self.unquoted(head[head.index(after: eq)...]).lowercased(), properties: [:])
      Self.add(words.dropFirst(), to: &method)
      methods.append(method)
    }
  }

  /// Adds `key=value` words to a method's properties; the first of a key counts.
  static func add(_ words: some Sequence<String>, to method: inout Method) {
    for word in words {
      guard let e = word.firstIndex(of: "=") else { continue }
      let key = word[..<e].lowercased()
      if method.properties[key] != nil {
        method.repeatedProperties = true
        continue
      }
      method.properties[key] = unquoted(word[word.index(after: e)...])
    }
  }

  /// A value without the quotes around it when it is one quoted string.
  static func unquoted(_ value: Substring) -> String {
    value.count >= 2 && value.hasPrefix("\"") && value.hasSuffix("\"") ? String(value.dropFirst().dropLast()) : String(value)
  }

  /// The clauses of `value` (split on `;` outside quoted strings and comments), each as its
  /// words (split on white space outside quoted strings; comments read as white space).
  /// Nil when a comment or quoted string is not closed (or a quoted pair not finished) by the
  /// end of the value.
  static func clauses(_ value: String) -> [[String]]? {
    // All ASCII (SES's own headers): the same reading byte by byte, without the Unicode
    // character and property lookups (a few per cent of a fetch's CPU).
    var copy = value
    if copy.withUTF8({ bytes in bytes.allSatisfy { $0 < 0x80 } }) { return copy.withUTF8 { asciiClauses($0) } }
    return characterClauses(value)
  }

  /// `clauses` of an all-ASCII value, a byte at a time (ASCII white space is what
  /// `Character.isWhitespace` says of it: tab, line feed, vertical tab, form feed, carriage
  /// return, space; a CR LF pair reads as the one white-space character it is).
  static func asciiClauses(_ value: UnsafeBufferPointer<UInt8>) -> [[String]]? {
    var clauses: [[String]] = []
    var words: [String] = []
    var word: [UInt8] = []
    var quoted = false
    var escaped = false
    var depth = 0
    func endWord() {
      if !word.isEmpty { words.append(String(decoding: word, as: UTF8.self)) }
      word.removeAll(keepingCapacity: true)
    }
    var i = 0
    while i < value.count {
      let c = value[i]
      // A CR LF pair is one character, as the `Character` reading sees it.
      let width = c == 0x0D && i + 1 < value.count && value[i + 1] == 0x0A ? 2 : 1
      defer { i += width }
      if escaped {
        if depth == 0 { word.append(contentsOf: value[i..<i + width]) }
        escaped = false
      } else if c == 0x5C && (quoted || depth > 0) {
        escaped = true
        if depth == 0 { word.append(c) }
      } else if quoted {
        word.append(contentsOf: value[i..<i + width])
        if c == 0x22 { quoted = false }
      } else if c == 0x28 {
        depth += 1
        if depth == 1 { endWord() }
      } else if depth > 0 {
        if c == 0x29 { depth -= 1 }
      } else if c == 0x22 {
        quoted = true
        word.append(c)
      } else if c == 0x3B {
        endWord()
        clauses.append(words)
        words = []
      } else if c == 0x20 || (0x09...0x0D).contains(c) {
        endWord()
      } else {
        word.append(c)
      }
    }
    guard !quoted, !escaped, depth == 0 else { return nil }
    endWord()
    clauses.append(words)
    return clauses
  }

  /// `clauses` a `Character` at a time (any value).
  static func characterClauses(_ value: String) -> [[String]]? {
    var clauses: [[String]] = []
    var words: [String] = []
    var word = ""
    var quoted = false
    var escaped = false
    var depth = 0
    func endWord() {
      if !word.isEmpty { words.append(word) }
      word = ""
    }
    for c in value {
      if escaped {
        if depth == 0 { word.append(c) }
        escaped = false
      } else if c == "\\" && (quoted || depth > 0) {
        escaped = true
        if depth == 0 { word.append(c) }
      } else if quoted {
        word.append(c)
        if c == "\"" { quoted = false }
      } else if c == "(" {
        depth += 1
        if depth == 1 { endWord() }
      } else if depth > 0 {
        if c == ")" { depth -= 1 }
      } else if c == "\"" {
        quoted = true
        word.append(c)
      } else if c == ";" {
        endWord()
        clauses.append(words)
        words = []
      } else if c.isWhitespace {
        endWord()
      } else {
        word.append(c)
      }
    }
    guard !quoted, !escaped, depth == 0 else { return nil }
    endWord()
    clauses.append(words)
    return clauses
  }
}

/// The trust rule for password-reset mail: anyone can send to any address of the receiving
/// domain, so a mail counts as AWS's only when DMARC passed for an AWS From domain and DKIM
/// passed for an AWS domain or SPF for one (as SES recorded them). DMARC is required on both
/// paths: a stranger can make SES record a `dkim=pass` of their own domain next to a forged
/// one, but not a DMARC pass for an AWS From address, nor a second `dmarc` result unnoticed.
public enum MailTrust {
  /// nil when trusted, else why not. `trustedDomains` is config `trusted_mail_domains` (a
  /// domain matches itself and its subdomains; `aws` is Amazon's own top-level domain).
  public static func refusal(_ verdicts: MailVerdicts, trustedDomains: [String]) -> String? {
    let lowered = trustedDomains.map { $0.lowercased() }
    func trusted(_ domain: String) -> Bool { isTrusted(domain, lowercasedDomains: lowered) }
    let dmarcPassed = verdicts.dmarc == "pass" && trusted(verdicts.dmarcDomain)
    let dkimPassed = verdicts.dkim == "pass" && verdicts.dkimPassDomains.contains(where: trusted)
    let spfPassed = verdicts.spf == "pass" && trusted(verdicts.spfDomain)
    if dmarcPassed && (dkimPassed || spfPassed) { return nil }
    if verdicts.dkim.isEmpty && verdicts.spf.isEmpty && verdicts.dmarc.isEmpty {
      return "SES recorded no SPF, DKIM or DMARC result for it"
    }
    var why: [String] = []
    if verdicts.dkim != "pass" {
      why.append("DKIM \(verdicts.dkim.isEmpty ? "missing" : verdicts.dkim)")
    } else if !dkimPassed {
      why.append("DKIM passed only for \(verdicts.dkimPassDomains.joined(separator: ", "))")
    }
    if verdicts.spf != "pass" {
      why.append("SPF \(verdicts.spf.isEmpty ? "missing" : verdicts.spf)")
    } else if !spfPassed {
      why.append("SPF passed for \(verdicts.spfDomain.isEmpty ? "no domain" : verdicts.spfDomain)")
    }
    if verdicts.dmarc != "pass" {
      why.append("DMARC \(verdicts.dmarc.isEmpty ? "missing" : verdicts.dmarc)")
    } else if !dmarcPassed {
      why.append("DMARC passed for \(verdicts.dmarcDomain.isEmpty ? "no domain" : verdicts.dmarcDomain)")
    }
    return why.joined(separator: ", ")
      + " (needs DMARC pass for an AWS From domain, and DKIM or SPF pass for an AWS domain)"
  }

  /// Whether the mail passes (as `refusal` is nil), without building the reason: for a list of
  /// thousands of mails. `lowercasedDomains` are `trusted_mail_domains` in lower case.
  public static func passes(_ verdicts: MailVerdicts, lowercasedDomains: [String]) -> Bool {
    func trusted(_ domain: String) -> Bool { isTrusted(domain, lowercasedDomains: lowercasedDomains) }
    guard verdicts.dmarc == "pass", trusted(verdicts.dmarcDomain) else { return false }
    return (verdicts.dkim == "pass" && verdicts.dkimPassDomains.contains(where: trusted))
      || (verdicts.spf == "pass" && trusted(verdicts.spfDomain))
  }

  /// Whether `domain` is one of `lowercasedDomains` or below one.
  static func isTrusted(_ domain: String, lowercasedDomains: [String]) -> Bool {
    !domain.isEmpty && lowercasedDomains.contains { domain == $0 || domain.hasSuffix("." + $0) }
  }
}
