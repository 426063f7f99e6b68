import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// Container, instance-metadata (IMDSv2) and SSO credentials against a local fake of each
/// endpoint (a small Python server that checks the tokens it is sent).
@Suite struct NetworkCredentialTests {
  static let server = Result {
    try LocalServer(executable: "python3", arguments: [LocalServer.script("metadata_server.py"), "%PORT%"])
  }

  @Test func containerCredentialsWithAuthorizationToken() async throws {
    let url = try Self.server.get().url
    let tokenFile = NSTemporaryDirectory() + "rootmail-container-token-\(getpid())"
    try "container-auth-000\n".write(toFile: tokenFile, atomically: true, encoding: .utf8)
    let full = ContainerCredentialProvider(
      context: CredentialContext(environment: [
        "AWS_CONTAINER_CREDENTIALS_FULL_URI": url + "/v2/credentials/abc", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile,
      ]))
    let c = try await full.credentials()
    #expect(c?.accessKeyID == "AKIDNET" && c?.sessionToken == "net-session-token-000" && c?.source == "container")
    #expect(c?.expiration == Timestamp.parse("2099-01-01T00:00:00Z"))
    var relative = ContainerCredentialProvider(
      context: CredentialContext(environment: [
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/abc", "AWS_CONTAINER_AUTHORIZATION_TOKEN": "wrong",
      ]))
    relative.relativeBase = url
    await #expect(throws: CredentialError.self) { _ = try await relative.credentials() }
    #expect(try await ContainerCredentialProvider(context: CredentialContext(environment: [:])).credentials() == nil)
    let remote = ContainerCredentialProvider(
      context: CredentialContext(environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://198.51.100.7/creds"]))
    await #expect(throws: CredentialError.self) { _ = try await remote.credentials() }
  }

  @Test func instanceMetadataV2() async throws {
    let url = try Self.server.get().url
    let imds = InstanceMetadataCredentialProvider(
      context: CredentialContext(environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": url]))
    let c = try await imds.credentials()
    #expect(c?.accessKeyID == "AKIDNET" && c?.source == "instance-metadata")
    #expect(Redactor.shared.redact("imds-token-000") == "[REDACTED]")
    let disabled = InstanceMetadataCredentialProvider(
      context: CredentialContext(environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": url, "AWS_EC2_METADATA_DISABLED": "true"]))
    #expect(try await disabled.credentials() == nil)
    let nobody = InstanceMetadataCredentialProvider(
      context: CredentialContext(environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:9"]))
    #expect(try await nobody.credentials() == nil)
  }

  @Test func ssoFromTheTokenCache() async throws {
    let url = try Self.server.get().url
    let folder = NSTemporaryDirectory() + "rootmail-sso-\(getpid())"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    var sso = SSOCredentialProvider(
      cacheKey: "my-sso", accountID: "111122223333", roleName: "Admin", ssoRegion: "us-east-1", cacheFolder: folder,
      portalURL: url, context: CredentialContext(environment: [:]))
    // botocore names the file by the SHA-1 of the session name.
    #expect(sso.cacheFile == folder + "/0ad374308c5a4e22f723adf10145eafad7c4031c.json")
    await #expect(throws: CredentialError.self) { _ = try await sso.credentials() }
    try #"{"accessToken": "sso-access-token-000", "expiresAt": "2099-01-01T00:00:00Z"}"#.write(
      toFile: sso.cacheFile, atomically: true, encoding: .utf8)
    let c = try await sso.credentials()
    #expect(c?.accessKeyID == "AKIDSSO" && c?.source == "sso" && c?.sessionToken == "sso-token-000")
    sso.now = { Date(timeIntervalSince1970: 4_200_000_000) }
    await #expect(throws: CredentialError.self) { _ = try await sso.credentials() }
  }
}
