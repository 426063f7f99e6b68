#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// How the transport reaches one request's server; carried by `AWSRequest.connection`, never
/// signed. The defaults: the system's CA certificates, no proxy, 10 s to connect, 5 min for the
/// whole attempt, at least 1 KiB/s.
@_spi(RootmailHost) public struct ConnectionOptions: Sendable, Equatable {
  /// A PEM file of the CA certificates to trust instead of the system's.
  public var caBundle: String?
  /// The proxy URL to send through (`http://host:port`), or nil to connect directly.
  public var proxy: String?
  /// Seconds to establish the connection, TCP and TLS (0: no limit).
  public var connectTimeout: Double
  /// Seconds the whole attempt may take, connecting included (0: no limit). A download whose
  /// 2xx response gives a Content-Length gets that size's time at `minimumSpeed` on top, so a
  /// large mail is not cut off while a server trickling a small answer still is.
  public var totalTimeout: Double
  /// Bytes per second a transfer must keep up, averaged over the read timeout (libcurl's
  /// low-speed limit): a server trickling a byte now and then is cut off although it is never
  /// silent for the whole read timeout. At least 1.
  public var minimumSpeed: Int

  public static let defaultTotalTimeout = 300.0
  public static let defaultMinimumSpeed = 1024

  public init(
    caBundle: String? = nil, proxy: String? = nil, connectTimeout: Double = 10,
    totalTimeout: Double = ConnectionOptions.defaultTotalTimeout, minimumSpeed: Int = ConnectionOptions.defaultMinimumSpeed
  ) {
    self.caBundle = caBundle
    self.proxy = proxy
    self.connectTimeout = connectTimeout
    self.totalTimeout = totalTimeout
    self.minimumSpeed = max(1, minimumSpeed)
  }

  /// The seconds an attempt may take: `totalTimeout`, plus, for a download of
  /// `contentLength` bytes, the time that size needs at `minimumSpeed`; nil for no limit. At
  /// most `Int32.max` seconds, whatever length a server claims.
  public func attemptLimit(contentLength: Int64?) -> Double? {
    guard totalTimeout > 0 else { return nil }
    guard let contentLength, contentLength > 0 else { return totalTimeout }
    return min(totalTimeout + Double(contentLength) / Double(minimumSpeed), Double(Int32.max))
  }
}

/// A resolved network setting and where it came from (`AWS_CA_BUNDLE`, `profile dev`, …).
@_spi(RootmailHost) public struct NetworkSetting<Value: Sendable>: Sendable {
  public let value: Value
  public let source: String

  public init(value: Value, source: String) {
    self.value = value
    self.source = source
  }
}

/// The proxy variables botocore honours (through `requests`): `https_proxy`/`HTTPS_PROXY` for
/// https URLs, `http_proxy`/`HTTP_PROXY` for http URLs, `all_proxy`/`ALL_PROXY` for either,
/// lower case first; `no_proxy`/`NO_PROXY` lists hosts reached directly (`*`, a name that also
/// matches its subdomains, with or without a leading dot, an IP address, an IPv4 CIDR block).
@_spi(RootmailHost) public struct ProxyEnvironment: Sendable {
  public let https: NetworkSetting<String>?
  public let http: NetworkSetting<String>?
  public let all: NetworkSetting<String>?
  public let noProxy: NetworkSetting<String>?

  public init(environment: [String: String]) {
    func pick(_ name: String) -> NetworkSetting<String>? {
      for variable in [name.lowercased(), name.uppercased()] {
        if let value = environment[variable]?.trimmingSpaces(), !value.isEmpty {
          return NetworkSetting(value: value, source: variable)
        }
      }
      return nil
    }
    https = pick("https_proxy")
    http = pick("http_proxy")
    all = pick("all_proxy")
    noProxy = pick("no_proxy")
  }

  /// What a request to `scheme://host` goes through.
  public enum Route: Sendable, Equatable {
    /// Directly; `reason` says why (no proxy variable, or the `NO_PROXY` entry that matched).
    case direct(reason: String)
    /// Through `url` (as given, credentials included), set by `source`.
    case proxy(url: String, source: String)
  }

  public func route(scheme: String, host: String) -> Route {
    guard let setting = (scheme == "https" ? https : http) ?? all else {
      return .direct(reason: scheme == "https" ? "no HTTPS_PROXY" : "no HTTP_PROXY")
    }
    if let noProxy, let entry = Self.bypassEntry(host: host, noProxy: noProxy.value) {
      return .direct(reason: "\(noProxy.source) matches \(entry)")
    }
    let url = setting.value.contains("://") ? setting.value : "http://" + setting.value
    return .proxy(url: url, source: setting.source)
  }

  /// The `NO_PROXY` entry that sends `host` directly, if any.
  public static func bypassEntry(host: String, noProxy: String) -> String? {
    var host = host.lowercased()
    if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
    for raw in noProxy.split(separator: ",") {
      var entry = String(raw).trimmingSpaces().lowercased()
      if entry.isEmpty { continue }
      if entry == "*" { return entry }
      let original = entry
      // host:port → host (an IPv6 literal has more than one colon and is kept whole).
      if entry.filter({ $0 == ":" }).count == 1, let colon = entry.firstIndex(of: ":") {
        entry = String(entry[..<colon])
      }
      if entry.hasPrefix("[") && entry.hasSuffix("]") { entry = String(entry.dropFirst().dropLast()) }
      while entry.hasPrefix(".") { entry.removeFirst() }
      if entry.isEmpty { continue }
      if host == entry || host.hasSuffix("." + entry) { return original }
      if entry.contains("/"), matchesCIDR(host, entry) { return original }
    }
    return nil
  }

  static func ipv4(_ text: Substring) -> UInt32? {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 4 else { return nil }
    var value: UInt32 = 0
    for part in parts {
      guard let byte = UInt8(part) else { return nil }
      value = value << 8 | UInt32(byte)
    }
    return value
  }

  static func matchesCIDR(_ host: String, _ block: String) -> Bool {
    let pieces = block.split(separator: "/")
    guard pieces.count == 2, let bits = Int(pieces[1]), (0...32).contains(bits), let network = ipv4(pieces[0]),
      let address = ipv4(Substring(host))
    else { return false }
    let mask: UInt32 = bits == 0 ? 0 : ~UInt32(0) << UInt32(32 - bits)
    return address & mask == network & mask
  }

  /// A proxy URL fit to show: any `user:password@` replaced by `***@`.
  public static func display(_ url: String) -> String {
    guard let scheme = url.firstRange(of: "://"), let at = url[scheme.upperBound...].firstIndex(of: "@") else { return url }
    let hostStart = url[scheme.upperBound...].firstIndex(of: "/") ?? url.endIndex
    guard at < hostStart else { return url }
    return String(url[..<scheme.upperBound]) + "***" + String(url[at...])
  }
}

/// The network settings of an AWS client, resolved as botocore resolves them: the CA bundle
/// (`AWS_CA_BUNDLE`, then the profile's `ca_bundle`, then rootmail's `ca_bundle` —
/// `ROOTMAIL_CA_BUNDLE` or the config file —, else the system's certificates), proxies from the
/// environment (`ProxyEnvironment`), and timeouts (the profile's `cli_connect_timeout` /
/// `cli_read_timeout`, then rootmail's `connect_timeout` / `read_timeout`, else 10 s and 60 s;
/// 0 means no limit, as in the AWS CLI; rootmail's `total_timeout` bounds a whole attempt, 5 min
/// by default). TLS 1.2 is the minimum whatever is set.
@_spi(RootmailHost) public struct NetworkSettings: Sendable {
  public var caBundle: NetworkSetting<String>?
  public var connectTimeout: NetworkSetting<Double>
  public var readTimeout: NetworkSetting<Double>
  /// Seconds one attempt may take in all (`ConnectionOptions.totalTimeout`).
  public var totalTimeout: NetworkSetting<Double>
  public var proxies: ProxyEnvironment

  public static let defaultConnectTimeout = 10.0
  public static let defaultReadTimeout = 60.0

  public init(
    caBundle: NetworkSetting<String>? = nil, connectTimeout: Double = NetworkSettings.defaultConnectTimeout,
    readTimeout: Double = NetworkSettings.defaultReadTimeout,
    totalTimeout: Double = ConnectionOptions.defaultTotalTimeout,
    proxies: ProxyEnvironment = ProxyEnvironment(environment: [:])
  ) {
    self.caBundle = caBundle
    self.connectTimeout = NetworkSetting(value: connectTimeout, source: "default")
    self.readTimeout = NetworkSetting(value: readTimeout, source: "default")
    self.totalTimeout = NetworkSetting(value: totalTimeout, source: "default")
    self.proxies = proxies
  }

  /// The settings for rootmail's config, the environment and the selected AWS profile. A CA
  /// bundle that cannot be read or that someone else could change (`trustedBundle`), or a
  /// timeout that is not a number of seconds, is a configuration error naming where it was set.
  public static func resolve(config: Config, environment: [String: String], profile: SharedConfigProfile?) throws
    -> NetworkSettings
  {
    var settings = NetworkSettings(proxies: ProxyEnvironment(environment: environment))
    let profileSource = "profile \(profile?.name ?? "")"
    var bundles: [(String?, String)] = [(environment["AWS_CA_BUNDLE"], "AWS_CA_BUNDLE")]
    bundles.append((profile?["ca_bundle"], profileSource))
    bundles.append((config.string(.caBundle), config.source(of: .caBundle)?.description ?? "config"))
    for (value, source) in bundles {
      guard var path = value?.trimmingSpaces(), !path.isEmpty else { continue }
      if path.hasPrefix("~/"), let home = environment["HOME"] { path = home + path.dropFirst() }
      settings.caBundle = NetworkSetting(value: try trustedBundle(path, source: source), source: source)
      break
    }
    settings.connectTimeout = try timeout(
      profile: profile, profileKey: "cli_connect_timeout", config: config, key: .connectTimeout,
      default: defaultConnectTimeout)
    settings.readTimeout = try timeout(
      profile: profile, profileKey: "cli_read_timeout", config: config, key: .readTimeout, default: defaultReadTimeout)
    settings.totalTimeout = try timeout(
      profile: nil, profileKey: nil, config: config, key: .totalTimeout, default: ConnectionOptions.defaultTotalTimeout)
    return settings
  }

  /// The real path of the CA bundle at `path` once it passes `FileTrust`'s checks (owned by
  /// the user or root, not writable by group or others, nor any folder above it: whoever can
  /// change it decides which servers root's signed requests trust), else a configuration error
  /// naming it and `source`. The real path is what the transport opens: only the user or root
  /// can change what it names.
  static func trustedBundle(_ path: String, source: String) throws -> String {
    let absolute = path.hasPrefix("/") ? path : StoreLocator.absolute(path)
    switch FileTrust.open(absolute, what: "CA bundle", followLinks: true) {
    case .success(let file):
      file.close()
      return file.realPath
    case .failure(let problem) where problem.missing:
      throw CLIError.configuration(
        "the CA bundle \(path) (from \(source)) cannot be read",
        hint: "point AWS_CA_BUNDLE or ca_bundle at a readable PEM file of CA certificates")
    case .failure(let problem):
      throw CLIError.configuration(
        "\(problem.reason) (from \(source)); rootmail will not use it",
        hint: "a CA bundle decides which servers are trusted: it must be owned by you or root and writable by no one else")
    }
  }

  /// The profile's `profileKey` (nil: AWS has no such profile setting), then rootmail's `key`.
  static func timeout(
    profile: SharedConfigProfile?, profileKey: String?, config: Config, key: ConfigKey, default fallback: Double
  ) throws -> NetworkSetting<Double> {
    if let profileKey, let text = profile?[profileKey] {
      guard let seconds = Double(text.trimmingSpaces()), seconds >= 0, seconds <= 86_400 else {
        throw CLIError.configuration(
          "invalid \(profileKey) \"\(text.prefix(80))\" in AWS profile \(profile?.name ?? "")",
          hint: "a number of seconds from 0 (no limit) to 86400")
      }
      return NetworkSetting(value: seconds, source: "profile \(profile?.name ?? "")")
    }
    if let source = config.source(of: key), source != .defaultValue, let seconds = config.integer(key) {
      return NetworkSetting(value: Double(seconds), source: source.description)
    }
    return NetworkSetting(value: fallback, source: "default")
  }

  /// The connection options for a request to `scheme://host`.
  public func connection(scheme: String, host: String) -> ConnectionOptions {
    var proxy: String?
    if case .proxy(let url, _) = proxies.route(scheme: scheme, host: host) { proxy = url }
    return ConnectionOptions(
      caBundle: caBundle?.value, proxy: proxy, connectTimeout: connectTimeout.value, totalTimeout: totalTimeout.value)
  }

  /// What `whoami --debug` shows for requests to `scheme://host`: the proxy (credentials hidden)
  /// or why none, the CA bundle and the timeouts, each with where it came from.
  public func describe(scheme: String, host: String) -> [(String, String)] {
    let proxy: (String, String)
    switch proxies.route(scheme: scheme, host: host) {
    case .direct(let reason): proxy = ("none", reason)
    case .proxy(let url, let source): proxy = (ProxyEnvironment.display(url), source)
    }
    func seconds(_ s: Double) -> String { s == 0 ? "none" : (s == s.rounded() ? "\(Int(s)) s" : "\(s) s") }
    return [
      ("proxy", proxy.0), ("proxy_source", proxy.1),
      ("ca_bundle", caBundle?.value ?? "system"), ("ca_bundle_source", caBundle?.source ?? "default"),
      ("connect_timeout", seconds(connectTimeout.value)), ("connect_timeout_source", connectTimeout.source),
      ("read_timeout", seconds(readTimeout.value)), ("read_timeout_source", readTimeout.source),
      ("total_timeout", seconds(totalTimeout.value)), ("total_timeout_source", totalTimeout.source),
    ]
  }
}
