import RootmailSigV4

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A set of AWS credentials and which link of the credential chain gave them.
@_spi(RootmailHost) public struct AWSCredentials: Sendable, SigV4Identity {
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
  }
}

/// One link of the credential chain: returns credentials, or nil when it has none to offer
/// (so the chain goes on), or throws when it has some but they cannot be used.
@_spi(RootmailHost) public protocol AWSCredentialProvider: Sendable {
  func credentials() async throws -> AWSCredentials?
}

/// Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN` (or the
/// older `AWS_SECURITY_TOKEN`) and `AWS_CREDENTIAL_EXPIRATION`. Only one of the two keys set is
/// an error, as in botocore.
@_spi(RootmailHost) public struct EnvironmentCredentialProvider: AWSCredentialProvider {
  public let environment: [String: String]
  public init(environment: [String: String]) { self.environment = environment }

  public func credentials() async throws -> AWSCredentials? {
    func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
    switch (value("AWS_ACCESS_KEY_ID"), value("AWS_SECRET_ACCESS_KEY")) {
    case (nil, nil): return nil
    case (let id?, let secret?):
      var expiration: Date? = nil
      if let text = value("AWS_CREDENTIAL_EXPIRATION") {
        guard let date = Timestamp.parse(text) else {
          throw CredentialError(
            source: "environment", "AWS_CREDENTIAL_EXPIRATION \"\(text)\" is not an ISO 8601 time",
            hint: "unset it or use e.g. 2030-01-01T00:00:00Z")
        }
        expiration = date
      }
      let token = value("AWS_SESSION_TOKEN") ?? value("AWS_SECURITY_TOKEN")
      return AWSCredentials(
        accessKeyID: id, secretAccessKey: secret, sessionToken: token, expiration: expiration, source: "environment")
    default:
      throw CredentialError(
        source: "environment", "only one of AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY is set",
        hint: "set both, or unset both to use a profile")
    }
  }
}
