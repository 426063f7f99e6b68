import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport

/// One moto_server for the deploy tests (SES's active rule set is one per region, so these
/// tests run one at a time on a server of their own, reset before each), the real binary with
/// a private home and a config naming the domain, and a client to read resources back.
struct DeployHarness: Sendable {
  /// One server per suite (suites run in parallel; each suite's tests one at a time).
  static let cliServer = Result { try MotoServer() }
  static let policyServer = Result { try MotoServer() }
  static let faultServer = Result { try MotoServer() }
  static let dnsServer = Result { try MotoServer() }
  static let adoptionServer = Result { try MotoServer() }
  static let crashServer = Result { try MotoServer() }
  static let recoveryServer = Result { try MotoServer() }
  static let doctorServer = Result { try MotoServer() }
  static let queueServer = Result { try MotoServer() }
  let moto: MotoServer
  let cli: RootmailCLI
  let account = "123456789012"
  let zoneName = "aws.example.com"

  init(
    server: Result<MotoServer, any Error> = DeployHarness.cliServer, store: String? = nil, endpoint: String? = nil,
    bucket: String? = nil
  ) async throws {
    moto = try server.get()
    try await moto.reset()
    var extra = moto.environment()
    if let endpoint { extra["AWS_ENDPOINT_URL"] = endpoint }
    extra["ROOTMAIL_DOMAIN"] = "example.com"
    if let store { extra["ROOTMAIL_STORE"] = store }
    if let bucket { extra["ROOTMAIL_BUCKET"] = bucket }
    configuredBucket = bucket
    cli = try RootmailCLI(extra: extra)
  }

  let configuredBucket: String?
  var client: AWSClient { moto.client() }
  var bucket: String { configuredBucket ?? "rootmail-mail-\(account)-us-east-1" }

  /// A client acting as another account (moto gives assumed-role keys that account's resources).
  func otherAccount(_ account: String = "111111111111") async throws -> AWSClient {
    let credentials = try await client.sts.assumeRole(roleArn: "arn:aws:iam::\(account):role/other", sessionName: "other")
    return moto.client(credentials: credentials)
  }

  /// The keys of the state record's entries (nil when there is no record).
  func stateKeys() async throws -> [String]? {
    try await state()?["entries"]?.arrayValue?.compactMap { $0["key"]?.stringValue }
  }

  /// The state record deploy keeps in SSM, parsed (nil when there is none).
  func state(stack: String = "rootmail") async throws -> JSONValue? {
    guard let parameter = try await client.ssm.getParameter("/rootmail/deploy/\(stack)/state") else { return nil }
    return try JSONValue.parse(parameter.value)
  }

  /// `rootmail deploy <arguments> --no-dns-check` (the DNS check would ask real name servers).
  func deploy(_ arguments: [String] = [], yes: Bool = true, timeout: TimeInterval = 300) throws -> RootmailCLI.Result {
    try cli.run(["deploy"] + arguments + (yes ? ["--yes"] : []) + ["--no-dns-check"], timeout: timeout)
  }

  /// The stack's hosted zone, or the existing one named (nil when there is none). (moto names
  /// a zone its CloudFormation made without the final dot, and ListHostedZonesByName misses it.)
  func zone(existing: String? = nil) async throws -> Route53.HostedZone? {
    var id = existing
    if id == nil, try await client.cloudFormation.stackIfExists("rootmail") != nil {
      id = try await client.cloudFormation.listStackResources("rootmail").first { $0.logicalID == "HostedZone" }?.physicalID
    }
    guard let id else { return nil }
    return try await zoneIfExists(id)
  }

  func zoneIfExists(_ id: String) async throws -> Route53.HostedZone? {
    do { return try await client.route53.getHostedZone(id) } catch let e as AWSError where e.code == "NoSuchHostedZone" {
      return nil
    }
  }

  /// Stores a mail as SES would. moto evaluates bucket policies without their conditions, so
  /// the TLS-only Deny refuses every object call over its plain HTTP: the policy is lifted for
  /// the put and put back (SES itself writes over TLS, which the policy allows).
  func putMail(_ key: String, _ body: String) async throws {
    let s3 = client.s3
    let policy = try await s3.getBucketPolicy(bucket)
    if policy != nil { try await s3.deleteBucketPolicy(bucket) }
    try await s3.putObject(bucket, key: key, body: Array(body.utf8))
    if let policy { try await s3.putBucketPolicy(bucket, policy: policy) }
  }

  func records(_ zoneID: String) async throws -> [Route53.RecordSet] {
    try await client.route53.listAllResourceRecordSets(zoneID: zoneID)
  }
}

/// cfn-lint, checkov and parliament: from the virtual environment `scripts/install-deps.sh test`
/// makes (`$ROOTMAIL_LINT_VENV`, default /opt/rootmail-lint), else from PATH.
enum LintTools {
  static func path(_ name: String) throws -> String {
    let venv = ProcessInfo.processInfo.environment["ROOTMAIL_LINT_VENV"] ?? "/opt/rootmail-lint"
    let candidate = venv + "/bin/" + name
    if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    return try LocalServer.which(name)
  }
}
