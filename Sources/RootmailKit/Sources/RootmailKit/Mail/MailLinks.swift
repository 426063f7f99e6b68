#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Links in mail: found in plain text, checked for the password-reset rule (https on an AWS
/// sign-in host, read by the URL's real authority so `https://signin.aws.amazon.com@evil.example/`
/// or `signin.aws.amazon.com.evil.example` never pass).
@_spi(RootmailHost) public enum MailLinks {
  /// AWS sign-in hosts; a host matches one of these or a subdomain of it.
  public static let signInHosts = [
    "signin.aws.amazon.com", "signin.aws", "signin.amazonaws.cn", "signin.amazonaws-us-gov.com",
  ]

  /// The most links kept of one mail (`mail show`, `mail links`): a mail can hold hundreds of
  /// thousands of URLs, and what comes after the first thousand is noise.
  public static let maximumPerMail = 1000

  /// http(s) URLs in plain text, in order, each once, at most `limit`. A URL ends at white
  /// space, `<`, `>`, `"` or a control character; a trailing `.`, `,`, `)` or `;` is left out.
  public static func find(in text: String, limit: Int = maximumPerMail) -> [String] {
    // Read as UTF-8 bytes: every byte that starts or ends a URL is ASCII, and the C1 controls
    // that end one are `C2 80`–`C2 9F`, so a URL always starts and ends on a scalar boundary.
    // Every URL has `://` right after its scheme: the text is searched for colons (memchr,
    // few in text) and the scheme looked for before each, not at every `h`. The first URL
    // from a position is the one whose colon comes first (an `https` before a colon starts
    // before an `http` before it; one before a later colon starts later still).
    var text = text
    return text.withUTF8 { u in
      var found = LinkList(limit: limit)
      guard let base = u.baseAddress else { return found.links }
      // URLs start at `from` or later; colons are looked for from `next`.
      var from = 0
      var next = 0
      while next < u.count && !found.isFull {
        guard let hit = memchr(base + next, 0x3A, u.count - next) else { break }
        let colon = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
        next = colon + 1
        guard colon + 2 < u.count, u[colon + 1] == UInt8(ascii: "/"), u[colon + 2] == UInt8(ascii: "/") else { continue }
        let start: Int
        if colon - 5 >= from && scheme(u, colon - 5, "https") {
          start = colon - 5
        } else if colon - 4 >= from && scheme(u, colon - 4, "http") {
          start = colon - 4
        } else {
          continue
        }
        let schemeEnd = colon + 3
        var j = schemeEnd
        while j < u.count, !ends(u, j) { j += 1 }
        var end = j
        while end > schemeEnd, trailing.contains(u[end - 1]) { end -= 1 }
        if end > schemeEnd {
          found.add(String(decoding: UnsafeBufferPointer(rebasing: u[start..<end]), as: UTF8.self))
        }
        from = max(j, start + 1)
        next = max(next, from)
      }
      return found.links
    }
  }

  /// Whether `name` (lower-case letters) is written at `u[i]`, in any case.
  private static func scheme(_ u: UnsafeBufferPointer<UInt8>, _ i: Int, _ name: StaticString) -> Bool {
    let n = name.utf8CodeUnitCount
    guard i >= 0, i + n <= u.count else { return false }
    let p = name.utf8Start
    for k in 0..<n where u[i + k] | 0x20 != p[k] { return false }
    return true
  }

  private static let trailing: [UInt8] = Array(".,);:!?'".utf8)

  /// Whether the scalar at `u[j]` ends a URL: white space and controls (C0, DEL, C1), `<`, `>`, `"`.
  private static func ends(_ u: UnsafeBufferPointer<UInt8>, _ j: Int) -> Bool {
    let c = u[j]
    if c <= 0x20 || c == 0x7F || c == UInt8(ascii: "<") || c == UInt8(ascii: ">") || c == UInt8(ascii: "\"") {
      return true
    }
    return c == 0xC2 && j + 1 < u.count && u[j + 1] >= 0x80 && u[j + 1] <= 0x9F
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

/// Links in order, each once (a set beside the list once it is long: checking a list for each
/// new link made 200,000 URLs take minutes), and no more than `limit`.
@_spi(RootmailHost) public struct LinkList: Sendable {
  public private(set) var links: [String] = []
  /// Each link's number, kept only past `scanned` links (empty until then).
  private var seen: [String: Int] = [:]
  public let limit: Int

  /// Up to this many links the list itself is searched: a mail's dozen links are compared
  /// faster than they are hashed into a dictionary that grows as they come.
  static let scanned = 16

  public init(limit: Int = MailLinks.maximumPerMail) { self.limit = limit }

  /// Whether `limit` links are kept (any further new link is dropped).
  public var isFull: Bool { links.count >= limit }

  /// Adds `url` unless it is there already or the list is full; returns its 1-based number in
  /// the list, or nil when it was dropped.
  @discardableResult
  public mutating func add(_ url: String) -> Int? {
    if links.count <= Self.scanned {
      if let i = links.firstIndex(of: url) { return i + 1 }
    } else if let n = seen[url] {
      return n
    }
    guard !isFull else { return nil }
    links.append(url)
    if links.count > Self.scanned {
      if seen.isEmpty {
        for (i, link) in links.enumerated() { seen[link] = i + 1 }
      } else {
        seen[url] = links.count
      }
    }
    return links.count
  }
}
