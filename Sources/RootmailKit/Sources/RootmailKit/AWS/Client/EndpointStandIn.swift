/// STAND-IN until the aws-sign branch's AWS/Resolution lands: the lead swaps this file for the
/// real region and endpoint resolution when merging. Region: `--region`, `AWS_REGION`,
/// `AWS_DEFAULT_REGION`, then the config's `region`. Endpoint: `--endpoint-url` (or the config's
/// `endpoint_url`), `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`, then
/// `https://<prefix>.<region>.amazonaws.com` (a global host for Route53 and Organizations).
public struct EndpointStandIn: Sendable {
  public let region: String
  /// The URL from `--endpoint-url` or the config, if any.
  public let configuredURL: String?
  public let environment: [String: String]

  public init(region: String, configuredURL: String?, environment: [String: String]) {
    self.region = region
    self.configuredURL = configuredURL
    self.environment = environment
  }

  /// The region from the flag, the environment or the config; nil when none is set.
  public static func region(config: Config, environment: [String: String]) -> String? {
    if case .flag? = config.source(of: .region), let r = config.string(.region) { return r }
    for name in ["AWS_REGION", "AWS_DEFAULT_REGION"] {
      if let r = environment[name], !r.isEmpty { return r }
    }
    return config.string(.region)
  }

  /// Where to send requests for `service`.
  public func endpoint(for service: AWSServiceInfo) throws -> AWSEndpoint {
    let signingRegion = service.globalRegion ?? region
    let candidates: [(String, String?)] = [
      ("--endpoint-url", configuredURL),
      ("AWS_ENDPOINT_URL_\(service.environmentName)", environment["AWS_ENDPOINT_URL_\(service.environmentName)"]),
      ("AWS_ENDPOINT_URL", environment["AWS_ENDPOINT_URL"]),
    ]
    for (source, value) in candidates {
      guard let value, !value.isEmpty else { continue }
      guard let endpoint = AWSEndpoint.parse(value, signingRegion: signingRegion) else {
        throw CLIError.invalid(field: source, value: value, rule: "must be an http:// or https:// URL")
      }
      return endpoint
    }
    let host: String
    if let global = service.globalHost {
      host = global
    } else if service == .s3 && region == "us-east-1" {
      host = "s3.amazonaws.com"
    } else {
      host = "\(service.endpointPrefix).\(region).amazonaws.com"
    }
    return AWSEndpoint(scheme: "https", host: host, port: nil, basePath: "", signingRegion: signingRegion, isOverridden: false)
  }
}
