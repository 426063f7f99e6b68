/// One AWS service as the whole client layer sees it: its SDK service id (for
/// `AWS_ENDPOINT_URL_<ID>` and `[services x]` keys), its name in errors and logs, how it signs,
/// the first label of its host name, its global endpoint per partition (Route 53,
/// Organizations), and the wire protocol it speaks. Endpoint resolution (`EndpointResolver`)
/// and the protocol clients both read this one description.
public struct AWSServiceInfo: Sendable, Hashable {
  /// The wire protocols the services rootmail uses speak.
  public enum WireProtocol: Sendable, Hashable {
    /// Form-encoded `Action`/`Version` POST, XML responses (SES, CloudFormation, STS).
    case query(version: String)
    /// REST with XML bodies (S3, Route53).
    case restXML
    /// REST with JSON bodies (the SSO portal).
    case restJSON
    /// JSON POST with `X-Amz-Target: <prefix>.<Operation>` (DynamoDB 1.0, SSM and Organizations 1.1).
    case json(version: String, targetPrefix: String)
  }

  /// A global service's endpoint in one partition.
  public struct GlobalEndpoint: Sendable, Hashable {
    public let host: String
    public let signingRegion: String
    public init(host: String, signingRegion: String) {
      self.host = host
      self.signingRegion = signingRegion
    }
  }

  /// The service id of the AWS SDKs (`S3`, `DynamoDB`, `Route 53`).
  public let id: String
  /// The name errors and logs use: the id without spaces (`Route53`).
  public let name: String
  /// The service name in the SigV4 scope.
  public let signingName: String
  /// The first label of its host name (`email` for SES).
  public let endpointPrefix: String
  /// A global service: one endpoint per partition, signed for that partition's home region.
  @_spi(RootmailHost) public let global: [AWSPartition: GlobalEndpoint]
  public let wireProtocol: WireProtocol

  /// A regional service (`<endpointPrefix>.<region>.amazonaws.com`), as a plugin describes one
  /// the kit does not ship: `AWSServiceInfo(id: "SQS", endpointPrefix: "sqs", wireProtocol:
  /// .json(version: "1.0", targetPrefix: "AmazonSQS"))`.
  public init(id: String, endpointPrefix: String, signingName: String? = nil, wireProtocol: WireProtocol) {
    self.init(id: id, endpointPrefix: endpointPrefix, signingName: signingName, global: [:], wireProtocol: wireProtocol)
  }

  @_spi(RootmailHost) public init(
    id: String, endpointPrefix: String, signingName: String? = nil, global: [AWSPartition: GlobalEndpoint],
    wireProtocol: WireProtocol
  ) {
    self.id = id
    self.name = String(id.filter { $0 != " " })
    self.endpointPrefix = endpointPrefix
    self.signingName = signingName ?? endpointPrefix
    self.global = global
    self.wireProtocol = wireProtocol
  }

  /// `AWS_ENDPOINT_URL_<ID>`: the id upper-cased, spaces as underscores.
  public var endpointVariable: String { "AWS_ENDPOINT_URL_" + Self.spacesAsUnderscores(id.uppercased()) }
  /// The key of a `[services x]` section: the id lower-cased, spaces as underscores.
  public var configKey: String { Self.spacesAsUnderscores(id.lowercased()) }

  /// `text` with every space an underscore. A plain map rather than `_StringProcessing`'s
  /// generic `replacing(_:with:)`, whose first use costs every AWS command its metadata.
  static func spacesAsUnderscores(_ text: String) -> String { String(text.map { $0 == " " ? "_" : $0 }) }

  public static let dynamoDB = AWSServiceInfo(
    id: "DynamoDB", endpointPrefix: "dynamodb", wireProtocol: .json(version: "1.0", targetPrefix: "DynamoDB_20120810"))
  public static let s3 = AWSServiceInfo(id: "S3", endpointPrefix: "s3", wireProtocol: .restXML)
  public static let sts = AWSServiceInfo(id: "STS", endpointPrefix: "sts", wireProtocol: .query(version: "2011-06-15"))
  public static let ses = AWSServiceInfo(
    id: "SES", endpointPrefix: "email", signingName: "ses", wireProtocol: .query(version: "2010-12-01"))
  public static let cloudFormation = AWSServiceInfo(
    id: "CloudFormation", endpointPrefix: "cloudformation", wireProtocol: .query(version: "2010-05-15"))
  public static let ssm = AWSServiceInfo(
    id: "SSM", endpointPrefix: "ssm", wireProtocol: .json(version: "1.1", targetPrefix: "AmazonSSM"))
  /// IAM Identity Center's portal (SSO role credentials; bearer token, no SigV4).
  public static let sso = AWSServiceInfo(
    id: "SSO", endpointPrefix: "portal.sso", signingName: "awsssoportal", wireProtocol: .restJSON)
  public static let ssoOIDC = AWSServiceInfo(
    id: "SSO OIDC", endpointPrefix: "oidc", signingName: "sso-oauth", wireProtocol: .restJSON)
  public static let route53 = AWSServiceInfo(
    id: "Route 53", endpointPrefix: "route53",
    global: [
      .aws: GlobalEndpoint(host: "route53.amazonaws.com", signingRegion: "us-east-1"),
      .china: GlobalEndpoint(host: "route53.amazonaws.com.cn", signingRegion: "cn-northwest-1"),
      .govCloud: GlobalEndpoint(host: "route53.us-gov.amazonaws.com", signingRegion: "us-gov-west-1"),
    ], wireProtocol: .restXML)
  public static let organizations = AWSServiceInfo(
    id: "Organizations", endpointPrefix: "organizations",
    global: [
      .aws: GlobalEndpoint(host: "organizations.us-east-1.amazonaws.com", signingRegion: "us-east-1"),
      .china: GlobalEndpoint(host: "organizations.cn-northwest-1.amazonaws.com.cn", signingRegion: "cn-northwest-1"),
      .govCloud: GlobalEndpoint(host: "organizations.us-gov-west-1.amazonaws.com", signingRegion: "us-gov-west-1"),
    ], wireProtocol: .json(version: "1.1", targetPrefix: "AWSOrganizationsV20161128"))

  /// Every service rootmail calls.
  public static let all: [AWSServiceInfo] = [
    .s3, .dynamoDB, .ses, .cloudFormation, .ssm, .sts, .sso, .ssoOIDC, .route53, .organizations, .sqs,
  ]
}
