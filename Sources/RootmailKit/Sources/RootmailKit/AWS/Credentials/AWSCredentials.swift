#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A set of AWS credentials and which link of the credential chain gave them.
public struct AWSCredentials: Sendable {
  public let accessKeyID: String
  public let secretAccessKey: String
  public let sessionToken: String?
  public let expiration: Date?
  /// Which provider gave these (`environment`, `shared-credentials-file`, `assume-role`, …).
  public let source: String

  public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Date? = nil, source: String)
  {
    self.accessKeyID = accessKeyID
    self.secretAccessKey = secretAccessKey
    self.sessionToken = sessionToken
    self.expiration = expiration
    self.source = source
    // Secrets never reach logs or output.
    Redactor.shared.register(secretAccessKey)
    if let sessionToken { Redactor.shared.register(sessionToken) }
  }
}

/// One link of the credential chain: returns credentials, or nil when it has none to offer
/// (so the chain goes on), or throws when it has some but they cannot be used.
public protocol AWSCredentialProvider: Sendable {
  func credentials() async throws -> AWSCredentials?
}

/// Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`.
public struct EnvironmentCredentialProvider: AWSCredentialProvider {
  public let environment: [String: String]
  public init(environment: [String: String]) { self.environment = environment }

  public func credentials() async throws -> AWSCredentials? {
    guard let id = environment["AWS_ACCESS_KEY_ID"], !id.isEmpty, let secret = environment["AWS_SECRET_ACCESS_KEY"],
      !secret.isEmpty
    else { return nil }
    let token = environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
    return AWSCredentials(accessKeyID: id, secretAccessKey: secret, sessionToken: token, source: "environment")
  }
}
