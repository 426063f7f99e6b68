/// What the client needs to know about one AWS service: its name in errors, how it signs, where
/// its endpoint is, and which wire protocol it speaks.
public struct AWSServiceInfo: Sendable, Equatable {
  /// The wire protocols the services rootmail uses speak.
  public enum WireProtocol: Sendable, Equatable {
    /// Form-encoded `Action`/`Version` POST, XML responses (SES, CloudFormation, STS).
    case query(version: String)
    /// REST with XML bodies (S3, Route53).
    case restXML
    /// JSON POST with `X-Amz-Target: <prefix>.<Operation>` (DynamoDB 1.0, SSM and Organizations 1.1).
    case json(version: String, targetPrefix: String)
  }

  /// The name errors use, e.g. `DynamoDB`.
  public let name: String
  /// The SigV4 service name.
  public let signingName: String
  /// The host prefix: `<prefix>.<region>.amazonaws.com`.
  public let endpointPrefix: String
  /// `AWS_ENDPOINT_URL_<this>` overrides the endpoint for this service only.
  public let environmentName: String
  /// Services with one global endpoint sign with this region (Route53, Organizations).
  public let globalRegion: String?
  /// The host of a global endpoint.
  public let globalHost: String?
  public let wireProtocol: WireProtocol

  public init(
    name: String, signingName: String, endpointPrefix: String, environmentName: String, globalRegion: String? = nil,
    globalHost: String? = nil, wireProtocol: WireProtocol
  ) {
    self.name = name
    self.signingName = signingName
    self.endpointPrefix = endpointPrefix
    self.environmentName = environmentName
    self.globalRegion = globalRegion
    self.globalHost = globalHost
    self.wireProtocol = wireProtocol
  }

  public static let dynamoDB = AWSServiceInfo(
    name: "DynamoDB", signingName: "dynamodb", endpointPrefix: "dynamodb", environmentName: "DYNAMODB",
    wireProtocol: .json(version: "1.0", targetPrefix: "DynamoDB_20120810"))
  public static let s3 = AWSServiceInfo(
    name: "S3", signingName: "s3", endpointPrefix: "s3", environmentName: "S3", wireProtocol: .restXML)
  public static let sts = AWSServiceInfo(
    name: "STS", signingName: "sts", endpointPrefix: "sts", environmentName: "STS",
    wireProtocol: .query(version: "2011-06-15"))
  public static let ses = AWSServiceInfo(
    name: "SES", signingName: "ses", endpointPrefix: "email", environmentName: "SES",
    wireProtocol: .query(version: "2010-12-01"))
  public static let cloudFormation = AWSServiceInfo(
    name: "CloudFormation", signingName: "cloudformation", endpointPrefix: "cloudformation",
    environmentName: "CLOUDFORMATION", wireProtocol: .query(version: "2010-05-15"))
  public static let route53 = AWSServiceInfo(
    name: "Route53", signingName: "route53", endpointPrefix: "route53", environmentName: "ROUTE_53",
    globalRegion: "us-east-1", globalHost: "route53.amazonaws.com", wireProtocol: .restXML)
  public static let ssm = AWSServiceInfo(
    name: "SSM", signingName: "ssm", endpointPrefix: "ssm", environmentName: "SSM",
    wireProtocol: .json(version: "1.1", targetPrefix: "AmazonSSM"))
  public static let organizations = AWSServiceInfo(
    name: "Organizations", signingName: "organizations", endpointPrefix: "organizations",
    environmentName: "ORGANIZATIONS", globalRegion: "us-east-1", globalHost: "organizations.us-east-1.amazonaws.com",
    wireProtocol: .json(version: "1.1", targetPrefix: "AWSOrganizationsV20161128"))
  /// IAM Identity Center's portal (SSO credentials); REST with JSON bodies, no SigV4.
  public static let ssoPortal = AWSServiceInfo(
    name: "SSO", signingName: "awsssoportal", endpointPrefix: "portal.sso", environmentName: "SSO", wireProtocol: .restXML)
}

/// Where requests for one service go.
public struct AWSEndpoint: Sendable, Equatable {
  public var scheme: String
  public var host: String
  public var port: Int?
  /// A path prefix from an overriding URL (`http://host:port/base`), without a trailing `/`.
  public var basePath: String
  /// The region requests are signed for.
  public var signingRegion: String
  /// True when set by `--endpoint-url` or `AWS_ENDPOINT_URL*` (S3 then addresses buckets by path).
  public var isOverridden: Bool

  public init(scheme: String, host: String, port: Int?, basePath: String, signingRegion: String, isOverridden: Bool) {
    self.scheme = scheme
    self.host = host
    self.port = port
    self.basePath = basePath
    self.signingRegion = signingRegion
    self.isOverridden = isOverridden
  }

  /// Parses `scheme://host[:port][/path]`, or nil when it is not such a URL.
  public static func parse(_ url: String, signingRegion: String) -> AWSEndpoint? {
    guard let sep = url.firstRange(of: "://") else { return nil }
    let scheme = url[..<sep.lowerBound].lowercased()
    guard scheme == "http" || scheme == "https" else { return nil }
    let rest = url[sep.upperBound...]
    let slash = rest.firstIndex(of: "/") ?? rest.endIndex
    let authority = rest[..<slash]
    var path = String(rest[slash...])
    while path.hasSuffix("/") { path.removeLast() }
    var host = String(authority)
    var port: Int?
    if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
      guard let p = Int(authority[authority.index(after: colon)...]), (1...65535).contains(p) else { return nil }
      port = p
      host = String(authority[..<colon])
    }
    guard !host.isEmpty, !host.contains("@") else { return nil }
    return AWSEndpoint(
      scheme: scheme, host: host, port: port, basePath: path, signingRegion: signingRegion, isOverridden: true)
  }

  /// The URL as text, for `whoami` and logs.
  public var url: String {
    var text = "\(scheme)://\(host)"
    if let port { text += ":\(port)" }
    return text + basePath
  }
}
