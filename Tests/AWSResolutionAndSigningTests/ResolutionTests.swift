import Foundation
@_spi(RootmailHost) import RootmailKit
import Testing

/// Region and endpoint resolution.
@Suite struct ResolutionTests {
  static let profile = SharedConfigProfile(
    name: "dev", settings: ["region": "ap-south-1", "endpoint_url": "http://profile:1"],
    services: ["dynamodb": ["endpoint_url": "http://services:2"]])

  @Test func regionPrecedence() throws {
    let env = ["AWS_REGION": "eu-west-1", "AWS_DEFAULT_REGION": "eu-west-2"]
    func region(_ flag: String?, _ env: [String: String], _ profile: SharedConfigProfile?, _ configured: String?) throws
      -> ResolvedRegion
    {
      try RegionResolver.resolve(flag: flag, environment: env, profile: profile, configured: configured)
    }
    #expect(try region("us-west-1", env, Self.profile, "sa-east-1") == ResolvedRegion(name: "us-west-1", source: "--region"))
    #expect(try region(nil, env, Self.profile, "sa-east-1").source == "AWS_REGION")
    #expect(try region(nil, ["AWS_DEFAULT_REGION": "eu-west-2"], Self.profile, nil).name == "eu-west-2")
    #expect(try region(nil, [:], Self.profile, "sa-east-1") == ResolvedRegion(name: "ap-south-1", source: "profile dev"))
    #expect(try region(nil, [:], nil, "sa-east-1") == ResolvedRegion(name: "sa-east-1", source: "config"))
    #expect(throws: CLIError.self) { try region(nil, [:], nil, nil) }
    #expect(throws: CLIError.self) { try region("us east", [:], nil, nil) }
    do {
      _ = try region(nil, [:], nil, nil)
    } catch let error as CLIError {
      #expect(error.exitStatus == .configuration && error.hint?.contains("--region") == true)
    }
  }

  /// rootmail's settings split by where they came from: a flag wins over the AWS variables,
  /// ROOTMAIL_* and the config file come after them.
  @Test func regionFromRootmailConfig() throws {
    let env = ["HOME": "/nonexistent", "AWS_REGION": "eu-west-1"]
    let flagged = AWSSettings(config: try ConfigLoader(environment: env, flags: [(.region, "us-west-1", "--region")]).load())
    #expect(flagged.region == AWSSetting(flag: "us-west-1"))
    #expect(try RegionResolver.resolve(flagged.region, environment: env, profile: nil).name == "us-west-1")
    let fromEnv = AWSSettings(config: try ConfigLoader(environment: env.merging(["ROOTMAIL_REGION": "us-west-1"]) { $1 }).load())
    #expect(fromEnv.region == AWSSetting(configured: "us-west-1"))
    #expect(try RegionResolver.resolve(fromEnv.region, environment: env, profile: nil).name == "eu-west-1")
    #expect(try RegionResolver.resolve(fromEnv.region, environment: [:], profile: nil).source == "config")
    let endpoint = AWSSettings(
      config: try ConfigLoader(environment: env, flags: [(.endpointURL, "http://127.0.0.1:9", "--endpoint-url")]).load())
    let e = try EndpointResolver(
      region: ResolvedRegion(name: "eu-west-1", source: "--region"), endpointURL: endpoint.endpointURL,
      environment: ["AWS_ENDPOINT_URL_S3": "http://other:1"], profile: nil
    ).endpoint(for: .s3)
    #expect(e.source == "--endpoint-url" && e.port == 9)
  }

  @Test func endpointPrecedence() throws {
    let env = ["AWS_ENDPOINT_URL_DYNAMODB": "http://svc-env:3", "AWS_ENDPOINT_URL": "http://global-env:4"]
    func host(_ flag: String?, _ env: [String: String], _ profile: SharedConfigProfile?, _ configured: String?) throws -> String {
      let e = try EndpointResolver.resolve(
        service: .dynamoDB, region: "eu-west-1", flag: flag, environment: env, profile: profile, configured: configured)
      return "\(e.host) \(e.source)"
    }
    #expect(try host("http://flag:5", env, Self.profile, "http://cfg:6") == "flag --endpoint-url")
    #expect(try host(nil, env, Self.profile, "http://cfg:6") == "svc-env AWS_ENDPOINT_URL_DYNAMODB")
    #expect(try host(nil, ["AWS_ENDPOINT_URL": "http://global-env:4"], Self.profile, nil) == "global-env AWS_ENDPOINT_URL")
    #expect(try host(nil, [:], Self.profile, "http://cfg:6") == "services profile dev services")
    let plain = SharedConfigProfile(name: "p", settings: ["endpoint_url": "http://profile:1"])
    #expect(try host(nil, [:], plain, "http://cfg:6") == "profile profile p")
    #expect(try host(nil, [:], nil, "http://cfg:6") == "cfg config")
    #expect(try host(nil, [:], nil, nil) == "dynamodb.eu-west-1.amazonaws.com default")
    let ignore = env.merging(["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"]) { $1 }
    #expect(try host(nil, ignore, Self.profile, "http://cfg:6") == "cfg config")
  }

  @Test func serviceVariablesUseTheServiceID() {
    #expect(AWSServiceInfo.dynamoDB.endpointVariable == "AWS_ENDPOINT_URL_DYNAMODB")
    #expect(AWSServiceInfo.s3.endpointVariable == "AWS_ENDPOINT_URL_S3")
    #expect(AWSServiceInfo.route53.endpointVariable == "AWS_ENDPOINT_URL_ROUTE_53")
    #expect(AWSServiceInfo.route53.configKey == "route_53")
    #expect(AWSServiceInfo.ses.endpointVariable == "AWS_ENDPOINT_URL_SES")
    // Every space of the id: SSO OIDC's name, variable and key.
    #expect(AWSServiceInfo.route53.name == "Route53" && AWSServiceInfo.ssoOIDC.name == "SSOOIDC")
    #expect(AWSServiceInfo.ssoOIDC.endpointVariable == "AWS_ENDPOINT_URL_SSO_OIDC")
    #expect(AWSServiceInfo.ssoOIDC.configKey == "sso_oidc")
    let spaced = AWSServiceInfo(id: "A  B C", endpointPrefix: "x", wireProtocol: .restJSON)
    #expect(spaced.name == "ABC" && spaced.endpointVariable == "AWS_ENDPOINT_URL_A__B_C" && spaced.configKey == "a__b_c")
  }

  @Test func awsEndpoints() throws {
    func endpoint(_ s: AWSServiceInfo, _ region: String) throws -> AWSEndpoint {
      try EndpointResolver.resolve(service: s, region: region, flag: nil, environment: [:], profile: nil, configured: nil)
    }
    let route53 = try endpoint(.route53, "eu-west-1")
    #expect(route53.url == "https://route53.amazonaws.com" && route53.signingRegion == "us-east-1")
    let orgs = try endpoint(.organizations, "ap-southeast-2")
    #expect(orgs.url == "https://organizations.us-east-1.amazonaws.com" && orgs.signingRegion == "us-east-1")
    #expect(try endpoint(.sts, "eu-central-1").url == "https://sts.eu-central-1.amazonaws.com")
    let ses = try endpoint(.ses, "eu-west-1")
    #expect(ses.host == "email.eu-west-1.amazonaws.com")
    #expect(try endpoint(.dynamoDB, "cn-north-1").host == "dynamodb.cn-north-1.amazonaws.com.cn")
    #expect(try endpoint(.route53, "cn-north-1").signingRegion == "cn-northwest-1")
    let s3 = try endpoint(.s3, "us-east-1")
    #expect(s3.host == "s3.us-east-1.amazonaws.com" && !s3.pathStyle && !s3.isOverridden)
    #expect(
      !s3.usesPathStyle(bucket: "my-bucket") && s3.usesPathStyle(bucket: "my.bucket") && s3.usesPathStyle(bucket: "My_Bucket"))
  }

  @Test func overriddenS3IsPathStyleAndURLsAreParsed() throws {
    let e = try EndpointResolver.resolve(
      service: .s3, region: "eu-west-1", flag: "HTTP://127.0.0.1:5000/base/", environment: [:], profile: nil, configured: nil)
    #expect(
      e
        == AWSEndpoint(
          scheme: "http", host: "127.0.0.1", port: 5000, basePath: "/base", signingRegion: "eu-west-1",
          pathStyle: true, source: "--endpoint-url"))
    #expect(e.usesPathStyle(bucket: "my-bucket"))
    let virtual = SharedConfigProfile(name: "v", settings: [:], nested: ["s3": ["addressing_style": "virtual"]])
    #expect(
      try !EndpointResolver.resolve(
        service: .s3, region: "eu-west-1", flag: "http://h", environment: [:], profile: virtual, configured: nil
      ).pathStyle)
    let https = try EndpointResolver.resolve(
      service: .sts, region: "eu-west-1", flag: "https://h:443", environment: [:], profile: nil, configured: nil)
    #expect(https.port == nil && https.url == "https://h")
    for bad in ["127.0.0.1:5000", "ftp://h", "http://", "http://h:0", "http://h:x", "http://u@h", "http://h/?q"] {
      #expect(throws: CLIError.self, "\(bad)") {
        try EndpointResolver.resolve(
          service: .s3, region: "eu-west-1", flag: bad, environment: [:], profile: nil, configured: nil)
      }
    }
  }
}
