/// Where one service's requests go and how they are signed: the resolved endpoint
/// (`EndpointResolver`) that the client builds each request against.
@_spi(RootmailHost) public struct AWSEndpoint: Sendable, Equatable {
  /// `https` or `http`.
  public let scheme: String
  public let host: String
  /// Nil for the scheme's default port.
  public let port: Int?
  /// A path every request path is appended to: empty, or `/something` without a trailing slash.
  public let basePath: String
  public let signingRegion: String
  /// S3 only: put the bucket in the path (`host/bucket/key`) instead of the host name.
  public let pathStyle: Bool
  /// Where it came from: `--endpoint-url`, `AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL`,
  /// `profile <name> services`, `profile <name>`, `config` or `default`.
  public let source: String

  public init(
    scheme: String, host: String, port: Int? = nil, basePath: String = "", signingRegion: String, pathStyle: Bool = false,
    source: String
  ) {
    self.scheme = scheme
    self.host = host
    self.port = port
    self.basePath = basePath
    self.signingRegion = signingRegion
    self.pathStyle = pathStyle
    self.source = source
  }

  /// The endpoint was set by the user rather than derived from the region.
  public var isOverridden: Bool { source != "default" }

  /// `scheme://host[:port][basePath]`, for `whoami` and logs.
  public var url: String { "\(scheme)://\(host)" + (port.map { ":\($0)" } ?? "") + basePath }

  /// Whether a bucket must go in the path: path-style endpoints, and buckets that cannot be a
  /// host label under TLS (dots, upper case, underscores), as botocore decides.
  public func usesPathStyle(bucket: String) -> Bool {
    if pathStyle { return true }
    let bytes = Array(bucket.utf8)
    guard (3...63).contains(bytes.count), bytes.first != 0x2D, bytes.last != 0x2D else { return true }
    let dnsSafe = bytes.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x7A).contains($0) || $0 == 0x2D }
    return !dnsSafe || (scheme == "https" && bucket.contains("."))
  }

  /// The parts of an endpoint URL.
  public struct URLParts: Sendable, Equatable {
    public let scheme: String
    public let host: String
    /// Nil for the scheme's default port.
    public let port: Int?
    /// Without a trailing slash.
    public let path: String
  }

  /// Splits `http[s]://host[:port][/path]` (no user, query or fragment; a trailing slash
  /// dropped); the error names `source` and the rule broken.
  public static func parseURL(_ text: String, source: String) throws -> URLParts {
    switch splitURL(text) {
    case .success(let parts): return parts
    case .failure(let broken):
      throw CLIError.configuration(
        "invalid endpoint URL \"\(text)\" (from \(source)): \(broken.rule)",
        hint: "use e.g. http://127.0.0.1:5000 or https://host")
    }
  }

  /// The bytes an endpoint URL's path may hold (RFC 3986: unreserved, sub-delims, `:`, `@`,
  /// `%` of percent-encoding, `/`).
  static let pathBytes = Set(
    Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@%/".utf8))

  /// The rule an endpoint URL breaks.
  struct URLRule: Error { let rule: String }

  /// `parseURL` without a source: the parts, or the rule `text` breaks (what `config set
  /// endpoint_url` and the config file's check say).
  static func splitURL(_ text: String) -> Result<URLParts, URLRule> {
    func bad(_ rule: String) -> Result<URLParts, URLRule> { .failure(URLRule(rule: rule)) }
    guard let schemeEnd = text.firstRange(of: "://") else { return bad("it has no scheme") }
    let scheme = text[..<schemeEnd.lowerBound].lowercased()
    guard scheme == "http" || scheme == "https" else { return bad("the scheme must be http or https") }
    let rest = text[schemeEnd.upperBound...]
    guard !rest.contains("?"), !rest.contains("#"), !rest.contains("@") else {
      return bad("it must not have a user, query or fragment")
    }
    let authority = rest.prefix { $0 != "/" }
    var path = String(rest.dropFirst(authority.count))
    while path.hasSuffix("/") { path.removeLast() }
    var host = String(authority)
    var port: Int? = nil
    if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
      host = String(authority[..<colon])
      guard let p = Int(authority[authority.index(after: colon)...]), (1...65535).contains(p) else {
        return bad("the port must be a number from 1 to 65535")
      }
      port = (scheme == "https" && p == 443) || (scheme == "http" && p == 80) ? nil : p
    }
    guard !host.isEmpty else { return bad("it has no host") }
    // A name, an IPv4 address (digits and dots are a name by this rule) or a bracketed IPv6 one.
    let bracketed =
      host.hasPrefix("[") && host.hasSuffix("]") && host.count > 2
      && host.dropFirst().dropLast().utf8.allSatisfy { b in
        (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x66) || (b >= 0x41 && b <= 0x46) || b == 0x3A || b == 0x2E
      }
    guard bracketed || Validation.isHostName(host) else {
      return bad("the host must be a host name or an IP address")
    }
    // RFC 3986's path characters: no spaces, controls or other bytes a request line cannot carry.
    guard path.utf8.allSatisfy({ b in Self.pathBytes.contains(b) }) else {
      return bad("the path may hold only letters, digits and -._~!$&'()*+,;=:@%/")
    }
    return .success(URLParts(scheme: scheme, host: host.lowercased(), port: port, path: path))
  }
}
