/// Where one service's requests go and how they are signed.
public struct ResolvedEndpoint: Sendable, Equatable {
  /// `https` or `http`.
  public let scheme: String
  public let host: String
  /// Nil for the scheme's default port.
  public let port: Int?
  /// A path every request path is appended to: empty, or `/something` without a trailing slash.
  public let basePath: String
  public let signingRegion: String
  public let signingName: String
  /// S3 only: put the bucket in the path (`host/bucket/key`) instead of the host name.
  public let pathStyle: Bool
  /// Where it came from: `--endpoint-url`, `AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL`,
  /// `profile <name> services`, `profile <name>`, `config` or `default`.
  public let source: String

  public init(
    scheme: String, host: String, port: Int? = nil, basePath: String = "", signingRegion: String, signingName: String,
    pathStyle: Bool = false, source: String
  ) {
    self.scheme = scheme
    self.host = host
    self.port = port
    self.basePath = basePath
    self.signingRegion = signingRegion
    self.signingName = signingName
    self.pathStyle = pathStyle
    self.source = source
  }

  /// The endpoint was set by the user rather than derived from the region.
  public var isOverridden: Bool { source != "default" }

  /// `scheme://host[:port][basePath]`.
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
}

/// Finds each service's endpoint: `--endpoint-url`, `AWS_ENDPOINT_URL_<SERVICE>`,
/// `AWS_ENDPOINT_URL`, the profile's `[services x]` section and `endpoint_url`, rootmail's
/// `endpoint_url` setting, then AWS's own endpoint for the region (global services at their one
/// endpoint). `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` (or the profile's
/// `ignore_configured_endpoint_urls`) skips the environment and profile settings. S3 is
/// virtual-hosted on AWS's endpoint and path-style on an overridden one (unless the profile's
/// `s3.addressing_style` says otherwise).
public enum EndpointResolver {
  public static func resolve(
    service: AWSServiceEndpoints, region: String, flag: String?, environment: [String: String], profile: SharedConfigProfile?,
    configured: String?
  ) throws -> ResolvedEndpoint {
    let ignoreConfigured =
      environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"]?.lowercased() == "true"
      || profile?["ignore_configured_endpoint_urls"]?.lowercased() == "true"
    var candidates: [(String?, String)] = [(flag, "--endpoint-url")]
    if !ignoreConfigured {
      candidates.append((environment[service.endpointVariable], service.endpointVariable))
      candidates.append((environment["AWS_ENDPOINT_URL"], "AWS_ENDPOINT_URL"))
      if let profile {
        candidates.append((profile.serviceEndpointURL(serviceKey: service.configKey), "profile \(profile.name) services"))
        candidates.append((profile.endpointURL, "profile \(profile.name)"))
      }
    }
    candidates.append((configured, "config"))

    let partition = AWSPartition(region: region)
    let global = service.global[partition]
    let signingRegion = global?.signingRegion ?? region
    let style = profile?.s3AddressingStyle?.lowercased()
    for (value, source) in candidates {
      guard let value = value?.trimmingSpaces(), !value.isEmpty else { continue }
      let parsed = try parse(value, source: source)
      return ResolvedEndpoint(
        scheme: parsed.scheme, host: parsed.host, port: parsed.port, basePath: parsed.path, signingRegion: signingRegion,
        signingName: service.signingName, pathStyle: service == .s3 && style != "virtual", source: source)
    }
    let host = global?.host ?? "\(service.endpointPrefix).\(region).\(partition.dnsSuffix)"
    return ResolvedEndpoint(
      scheme: "https", host: host, signingRegion: signingRegion, signingName: service.signingName,
      pathStyle: service == .s3 && style == "path", source: "default")
  }

  /// From rootmail's resolved config: its `endpoint_url` key counts as the flag when
  /// `--endpoint-url` set it.
  public static func resolve(
    service: AWSServiceEndpoints, region: String, config: Config, environment: [String: String], profile: SharedConfigProfile?
  ) throws -> ResolvedEndpoint {
    let value = config.string(.endpointURL)
    if case .flag? = config.source(of: .endpointURL) {
      return try resolve(
        service: service, region: region, flag: value, environment: environment, profile: profile, configured: nil)
    }
    return try resolve(
      service: service, region: region, flag: nil, environment: environment, profile: profile, configured: value)
  }

  /// `http[s]://host[:port][/path]`: no user, query or fragment; a trailing slash dropped.
  static func parse(_ text: String, source: String) throws -> (scheme: String, host: String, port: Int?, path: String) {
    func bad(_ rule: String) -> CLIError {
      CLIError.configuration(
        "invalid endpoint URL \"\(text)\" (from \(source)): \(rule)", hint: "use e.g. http://127.0.0.1:5000 or https://host")
    }
    guard let schemeEnd = text.firstRange(of: "://") else { throw bad("it has no scheme") }
    let scheme = text[..<schemeEnd.lowerBound].lowercased()
    guard scheme == "http" || scheme == "https" else { throw bad("the scheme must be http or https") }
    let rest = text[schemeEnd.upperBound...]
    guard !rest.contains("?"), !rest.contains("#"), !rest.contains("@") else {
      throw bad("it must not have a user, query or fragment")
    }
    let authority = rest.prefix { $0 != "/" }
    var path = String(rest.dropFirst(authority.count))
    while path.hasSuffix("/") { path.removeLast() }
    var host = String(authority)
    var port: Int? = nil
    if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
      host = String(authority[..<colon])
      guard let p = Int(authority[authority.index(after: colon)...]), (1...65535).contains(p) else {
        throw bad("the port must be a number from 1 to 65535")
      }
      port = (scheme == "https" && p == 443) || (scheme == "http" && p == 80) ? nil : p
    }
    guard !host.isEmpty else { throw bad("it has no host") }
    return (scheme, host.lowercased(), port, path)
  }
}
