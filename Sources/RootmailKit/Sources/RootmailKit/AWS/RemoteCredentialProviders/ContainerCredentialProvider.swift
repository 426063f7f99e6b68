#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Container credentials (ECS, EKS Pod Identity): `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`
/// (on `http://169.254.170.2`) or `AWS_CONTAINER_CREDENTIALS_FULL_URI`, with the
/// `Authorization` header from `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` or
/// `AWS_CONTAINER_AUTHORIZATION_TOKEN`. Not configured → nil (the chain goes on).
@_spi(RootmailHost) public struct ContainerCredentialProvider: AWSCredentialProvider {
  public let context: CredentialContext
  public var environment: [String: String] { context.environment }
  public var timeout: Double = 2
  /// The host of relative URIs (ECS's fixed address); tests point it at a local server.
  public var relativeBase = "http://169.254.170.2"

  public init(context: CredentialContext) { self.context = context }

  /// Full URIs must be loopback or the ECS/EKS link-local hosts unless they use https.
  static let allowedHTTPHosts: Set<String> = ["127.0.0.1", "localhost", "::1", "[::1]", "169.254.170.2", "169.254.170.23"]

  public func credentials() async throws -> AWSCredentials? {
    let url: String
    if let relative = environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"], !relative.isEmpty {
      url = relativeBase + (relative.hasPrefix("/") ? relative : "/" + relative)
    } else if let full = environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"], !full.isEmpty {
      url = full
      guard let request = MetadataHTTP.request(full),
        request.scheme == "https" || Self.allowedHTTPHosts.contains(request.host)
      else {
        throw MetadataHTTP.credentialError(
          "container", "AWS_CONTAINER_CREDENTIALS_FULL_URI must be https or a loopback/container host: \(full)")
      }
    } else {
      return nil
    }
    var headers: [(String, String)] = [("Accept", "application/json")]
    if let token = try authorizationToken() {
      Redactor.shared.register(token)
      headers.append(("Authorization", token))
    }
    guard let request = MetadataHTTP.request(url, headers: headers) else {
      throw MetadataHTTP.credentialError("container", "invalid container credentials URL \(url)")
    }
    let response = try await MetadataHTTP.send(request, context: context, timeout: timeout, attempts: 3)
    guard response.status == 200 else {
      throw MetadataHTTP.credentialError("container", "the container credentials endpoint answered HTTP \(response.status)")
    }
    return try MetadataHTTP.credentials(from: response.body, source: "container")
  }

  func authorizationToken() throws -> String? {
    if let file = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"], !file.isEmpty {
      guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
        throw MetadataHTTP.credentialError("container", "cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE \(file)")
      }
      let token = text.trimmingSpaces().replacing("\n", with: "").replacing("\r", with: "")
      return token.isEmpty ? nil : token
    }
    if let token = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"], !token.isEmpty { return token }
    return nil
  }
}
