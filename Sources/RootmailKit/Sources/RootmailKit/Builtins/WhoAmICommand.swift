/// `rootmail whoami`: who AWS thinks the caller is (STS GetCallerIdentity), in which region,
/// at which endpoint, and which link of the credential chain gave the credentials.
@_spi(RootmailHost) public struct WhoAmICommand: RootmailCommand {
  public static let configuration = CommandConfiguration(
    commandName: "whoami",
    abstract: "Show the AWS account, ARN and user id of the credentials in use.",
    discussion:
      "Calls STS GetCallerIdentity. Also shows the region and the STS endpoint with where each came from, the AWS profile, and which link of the credential chain (environment, assume-role, sso, shared-credentials-file, credential-process, config-file, container, instance-metadata) gave the credentials. With --debug, also the proxy the call went through (HTTPS_PROXY, NO_PROXY), the CA bundle (AWS_CA_BUNDLE, ca_bundle) and the connect and read timeouts, each with where it came from."
  )

  @OptionGroup public var global: GlobalOptions

  public init() {}

  public func run(in context: CommandContext) async throws {
    let aws = try context.aws()
    let credentials = try await aws.credentials()
    let link = await aws.credentialChain.answeredBy ?? credentials.source
    let identity = try await aws.sts.getCallerIdentity()
    let endpoint = try aws.endpoint(for: .sts)
    let profile = try context.awsResolution().selection
    var fields: [(String, String)] = [
      ("account", identity.account), ("arn", identity.arn), ("user_id", identity.userID), ("region", aws.region),
      ("region_source", aws.endpoints.region.source), ("endpoint", endpoint.url), ("endpoint_source", endpoint.source),
      ("profile", profile.name), ("profile_source", profile.source), ("credentials", link),
    ]
    // With --debug: how the call went out (proxy or why none, CA bundle, timeouts); never credentials.
    if global.debug { fields += aws.network.describe(scheme: endpoint.scheme, host: endpoint.host) }
    switch context.outputFormat {
    case .json:
      context.emit(JSONValue.object(fields.map { ($0.0, .string($0.1)) }))
    case .table, .wide:
      context.emit(Table(columns: ["field", "value"], rows: fields.map { [$0.0, $0.1] }))
    case .text:
      context.emit(Table(columns: fields.map(\.0), rows: [fields.map(\.1)]))
    }
  }
}
