/// An AWS service as endpoint resolution and signing see it: its service id (as in
/// `AWS_ENDPOINT_URL_<ID>` and `[services x]` keys), endpoint prefix, signing name, and whether
/// it has one global endpoint per partition.
public struct AWSServiceEndpoints: Sendable, Equatable, Hashable {
  /// The service id of the AWS SDKs (`S3`, `DynamoDB`, `Route 53`).
  public let id: String
  /// The first label of its host name (`email` for SES).
  public let endpointPrefix: String
  /// The service name in the SigV4 scope.
  public let signingName: String
  /// A global service: one endpoint per partition, signed for that partition's home region.
  public let global: [AWSPartition: GlobalEndpoint]

  /// A global service's endpoint in one partition.
  public struct GlobalEndpoint: Sendable, Equatable, Hashable {
    public let host: String
    public let signingRegion: String
  }

  public init(id: String, endpointPrefix: String, signingName: String? = nil, global: [AWSPartition: GlobalEndpoint] = [:]) {
    self.id = id
    self.endpointPrefix = endpointPrefix
    self.signingName = signingName ?? endpointPrefix
    self.global = global
  }

  /// `AWS_ENDPOINT_URL_<ID>`: the id upper-cased, spaces as underscores.
  public var endpointVariable: String { "AWS_ENDPOINT_URL_" + id.uppercased().replacing(" ", with: "_") }
  /// The key of a `[services x]` section: the id lower-cased, spaces as underscores.
  public var configKey: String { id.lowercased().replacing(" ", with: "_") }

  public static let s3 = AWSServiceEndpoints(id: "S3", endpointPrefix: "s3")
  public static let dynamoDB = AWSServiceEndpoints(id: "DynamoDB", endpointPrefix: "dynamodb")
  public static let ses = AWSServiceEndpoints(id: "SES", endpointPrefix: "email", signingName: "ses")
  public static let cloudFormation = AWSServiceEndpoints(id: "CloudFormation", endpointPrefix: "cloudformation")
  public static let ssm = AWSServiceEndpoints(id: "SSM", endpointPrefix: "ssm")
  public static let sts = AWSServiceEndpoints(id: "STS", endpointPrefix: "sts")
  public static let sso = AWSServiceEndpoints(id: "SSO", endpointPrefix: "portal.sso", signingName: "awsssoportal")
  public static let ssoOIDC = AWSServiceEndpoints(id: "SSO OIDC", endpointPrefix: "oidc", signingName: "sso-oauth")
  public static let route53 = AWSServiceEndpoints(
    id: "Route 53", endpointPrefix: "route53",
    global: [
      .aws: GlobalEndpoint(host: "route53.amazonaws.com", signingRegion: "us-east-1"),
      .china: GlobalEndpoint(host: "route53.amazonaws.com.cn", signingRegion: "cn-northwest-1"),
      .govCloud: GlobalEndpoint(host: "route53.us-gov.amazonaws.com", signingRegion: "us-gov-west-1"),
    ])
  public static let organizations = AWSServiceEndpoints(
    id: "Organizations", endpointPrefix: "organizations",
    global: [
      .aws: GlobalEndpoint(host: "organizations.us-east-1.amazonaws.com", signingRegion: "us-east-1"),
      .china: GlobalEndpoint(host: "organizations.cn-northwest-1.amazonaws.com.cn", signingRegion: "cn-northwest-1"),
      .govCloud: GlobalEndpoint(host: "organizations.us-gov-west-1.amazonaws.com", signingRegion: "us-gov-west-1"),
    ])

  /// Every service rootmail calls.
  public static let all: [AWSServiceEndpoints] = [
    .s3, .dynamoDB, .ses, .cloudFormation, .ssm, .sts, .sso, .ssoOIDC, .route53, .organizations,
  ]
}

/// An AWS partition, told from the region name.
public enum AWSPartition: String, Sendable, Hashable {
  case aws
  case china = "aws-cn"
  case govCloud = "aws-us-gov"

  public init(region: String) {
    if region.hasPrefix("cn-") {
      self = .china
    } else if region.hasPrefix("us-gov-") {
      self = .govCloud
    } else {
      self = .aws
    }
  }

  /// The DNS suffix of its endpoints.
  public var dnsSuffix: String { self == .china ? "amazonaws.com.cn" : "amazonaws.com" }
}
