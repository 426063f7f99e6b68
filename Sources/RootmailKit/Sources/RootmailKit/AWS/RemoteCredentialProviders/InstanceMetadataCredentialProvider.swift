/// EC2 instance metadata credentials through IMDSv2: `PUT /latest/api/token` for a session
/// token, then the role name and its credentials under
/// `/latest/meta-data/iam/security-credentials/`. `AWS_EC2_METADATA_DISABLED=true` turns it off;
/// `AWS_EC2_METADATA_SERVICE_ENDPOINT` moves it (tests point it at a local server). No answer
/// within the short timeout means "not on EC2": nil, so the chain ends quietly.
@_spi(RootmailHost) public struct InstanceMetadataCredentialProvider: AWSCredentialProvider {
  public let context: CredentialContext
  public var environment: [String: String] { context.environment }
  public var timeout: Double = 1

  public init(context: CredentialContext) { self.context = context }

  var base: String {
    var b = environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 } ?? "http://169.254.169.254"
    while b.hasSuffix("/") { b.removeLast() }
    return b
  }

  public func credentials() async throws -> AWSCredentials? {
    if environment["AWS_EC2_METADATA_DISABLED"]?.lowercased() == "true" { return nil }
    guard
      let tokenRequest = MetadataHTTP.request(
        base + "/latest/api/token", method: "PUT", headers: [("X-aws-ec2-metadata-token-ttl-seconds", "21600")])
    else { throw MetadataHTTP.credentialError("instance-metadata", "invalid AWS_EC2_METADATA_SERVICE_ENDPOINT \(base)") }
    let tokenResponse: AWSResponse
    do { tokenResponse = try await MetadataHTTP.send(tokenRequest, context: context, timeout: timeout, attempts: 1) } catch {
      return nil
    }
    guard tokenResponse.status == 200 else { return nil }
    let token = String(decoding: tokenResponse.body, as: UTF8.self).trimmingSpaces()
    Redactor.shared.register(token)
    let headers = [("X-aws-ec2-metadata-token", token)]
    let listURL = base + "/latest/meta-data/iam/security-credentials/"
    guard let list = MetadataHTTP.request(listURL, headers: headers) else { return nil }
    let names = try await MetadataHTTP.send(list, context: context, timeout: timeout)
    guard names.status == 200 else { return nil }
    guard let role = String(decoding: names.body, as: UTF8.self).split(separator: "\n").first.map(String.init), !role.isEmpty,
      let credentialRequest = MetadataHTTP.request(listURL + AWSURI.encode(role), headers: headers)
    else { return nil }
    let response = try await MetadataHTTP.send(credentialRequest, context: context, timeout: timeout)
    guard response.status == 200 else {
      throw MetadataHTTP.credentialError(
        "instance-metadata", "instance metadata answered HTTP \(response.status) for role \(role)")
    }
    return try MetadataHTTP.credentials(from: response.body, source: "instance-metadata")
  }
}
