/// Links in mail: found in plain text, checked for the password-reset rule (https on an AWS
/// sign-in host, read by the URL's real authority so `https://signin.aws.amazon.com@evil.example/`
/// or `signin.aws.amazon.com.evil.example` never pass).
public enum MailLinks {
  /// AWS sign-in hosts; a host matches one of these or a subdomain of it.
  public static let signInHosts = [
    "signin.aws.amazon.com", "signin.aws", "signin.amazonaws.cn", "signin.amazonaws-us-gov.com",
  ]

  /// http(s) URLs in plain text, in order, each once. A URL ends at white space, `<`, `>`, `"`
  /// or a control character; a trailing `.`, `,`, `)` or `;` is left out.
  public static func find(in text: String) -> [String] {
    var found: [String] = []
    let scalars = Array(text.unicodeScalars)
    var i = 0
    while i < scalars.count {
      guard scalars[i] == "h" || scalars[i] == "H", let start = schemeLength(scalars, i) else {
        i += 1
        continue
      }
      var j = i + start
      while j < scalars.count, !ends(scalars[j]) { j += 1 }
      var end = j
      while end > i + start, [".", ",", ")", ";", ":", "!", "?", "'"].contains(scalars[end - 1]) { end -= 1 }
      if end > i + start {
        var url = ""
        url.unicodeScalars.append(contentsOf: scalars[i..<end])
        if !found.contains(url) { found.append(url) }
      }
      i = max(j, i + 1)
    }
    return found
  }

  private static func schemeLength(_ s: [Unicode.Scalar], _ i: Int) -> Int? {
    for scheme in ["https://", "http://"] {
      let n = scheme.unicodeScalars.count
      guard i + n <= s.count else { continue }
      var text = ""
      text.unicodeScalars.append(contentsOf: s[i..<i + n])
      if text.lowercased() == scheme { return n }
    }
    return nil
  }

  private static func ends(_ c: Unicode.Scalar) -> Bool {
    c.value <= 0x20 || c == "<" || c == ">" || c == "\"" || (0x7F...0x9F).contains(c.value)
  }

  /// The host of an https URL, or nil when the URL is not https, has user info, a port other
  /// than 443, or a host with anything but letters, digits, `-` and `.`.
  public static func httpsHost(_ url: String) -> String? {
    guard url.lowercased().hasPrefix("https://") else { return nil }
    let rest = url.dropFirst("https://".count)
    let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
    guard !authority.contains("@"), !authority.contains("\\") else { return nil }
    var host = Substring(authority)
    if let colon = authority.lastIndex(of: ":") {
      guard authority[authority.index(after: colon)...] == "443" else { return nil }
      host = authority[..<colon]
    }
    var lower = host.lowercased()
    if lower.hasSuffix(".") { lower.removeLast() }
    guard !lower.isEmpty,
      lower.unicodeScalars.allSatisfy({ ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "-" || $0 == "." })
    else { return nil }
    return lower
  }

  /// Whether `url` is https on an AWS sign-in host.
  public static func isSignIn(_ url: String) -> Bool {
    guard let host = httpsHost(url) else { return false }
    return signInHosts.contains { host == $0 || host.hasSuffix("." + $0) }
  }

  /// The password-reset link among `links`: the first https sign-in link whose path mentions
  /// "reset", else the first https sign-in link.
  public static func resetLink(in links: [String]) -> String? {
    let signIn = links.filter(isSignIn)
    return signIn.first { $0.lowercased().contains("reset") } ?? signIn.first
  }
}

/// How a mail is sorted, as awscdk-rootmail sorts them.
public enum MailClass: String, Sendable, CaseIterable, ExpressibleByArgument {
  case passwordReset = "password-reset"
  case welcome
  case accountReady = "account-ready"
  /// A subject listed in `filtered_subjects` other than the two AWS ones above.
  case filtered
  case emptySubject = "empty-subject"
  case other

  public static let passwordResetSubject = "Amazon Web Services Password Assistance"
  public static let accountReadySubject = "Your AWS Account is Ready - Get Started Now"
  public static let welcomeSubject = "Welcome to Amazon Web Services"

  /// The class of a mail with this (decoded) subject; `filteredSubjects` is config `filtered_subjects`.
  public static func classify(subject: String, filteredSubjects: [String]) -> MailClass {
    let s = subject.trimmingSpaces()
    if s.isEmpty { return .emptySubject }
    if s == passwordResetSubject { return .passwordReset }
    if s == accountReadySubject { return .accountReady }
    if s == welcomeSubject { return .welcome }
    if filteredSubjects.contains(where: { $0.trimmingSpaces() == s }) { return .filtered }
    return .other
  }

  /// Classes `mail list` hides unless `--all` or `--class`.
  public static let hiddenByDefault: [MailClass] = [.welcome, .accountReady, .filtered]
}
