/// An AWS call that failed: the service's error (code, message, HTTP status, request id), a
/// transport failure after every retry, or a response that could not be read. The CLI prints
/// it as one line, with a hint for the common codes, and exits with the matching status.
public struct AWSError: RootmailError, Sendable {
  /// What went wrong, in kinds that decide the exit status.
  public enum Kind: Sendable, Equatable {
    /// The service answered with an error document.
    case service
    /// No response arrived (after every retry).
    case unreachable
    /// The response could not be read (malformed or truncated).
    case malformedResponse
    /// The endpoint's TLS certificate was refused (not signed by a CA in the bundle in use, or
    /// not for this host), or the CA bundle could not be read: retrying cannot help, the trust
    /// configuration (`AWS_CA_BUNDLE`, `ca_bundle`) must change.
    case untrusted
  }

  public let kind: Kind
  public let service: String
  public let operation: String
  public let code: String
  public let message: String
  public let status: Int?
  public let requestID: String?
  /// How many attempts were made.
  public var attempts: Int = 1

  public init(
    kind: Kind = .service, service: String, operation: String, code: String, message: String, status: Int? = nil,
    requestID: String? = nil, attempts: Int = 1
  ) {
    self.kind = kind
    self.service = service
    self.operation = operation
    self.code = code
    self.message = message
    self.status = status
    self.requestID = requestID
    self.attempts = attempts
  }

  public var description: String {
    var text = "\(service) \(operation) failed: "
    switch kind {
    case .service: text += message.isEmpty ? code : "\(code): \(message)"
    case .unreachable, .malformedResponse, .untrusted: text += message
    }
    var details: [String] = []
    if let status { details.append("HTTP \(status)") }
    if let requestID, !requestID.isEmpty { details.append("request id \(requestID)") }
    if attempts > 1 { details.append("after \(attempts) attempts") }
    return details.isEmpty ? text : text + " (" + details.joined(separator: ", ") + ")"
  }

  static let accessDeniedCodes: Set<String> = [
    "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError", "Forbidden",
    "SignatureDoesNotMatch",
  ]
  /// The credentials' account is in no organization (Organizations, IAM): a setup problem.
  static let noOrganizationCodes: Set<String> = ["AWSOrganizationsNotInUseException", "OrganizationNotFoundException"]
  static let credentialCodes: Set<String> = [
    "ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId", "UnrecognizedClientException",
    "InvalidAccessKeyId", "MissingAuthenticationToken", "IncompleteSignature",
  ]

  public var isThrottling: Bool { RetryPolicy.isThrottling(code) }
  public var isAccessDenied: Bool { Self.accessDeniedCodes.contains(code) }

  public var exitStatus: ExitStatus {
    switch kind {
    case .unreachable: return .unavailable
    case .untrusted: return .configuration
    case .malformedResponse: return .unavailable
    case .service:
      if Self.credentialCodes.contains(code) || Self.noOrganizationCodes.contains(code) { return .configuration }
      if isAccessDenied { return .noPermission }
      if isThrottling { return .unavailable }
      if let status, RetryPolicy.transientStatuses.contains(status) { return .unavailable }
      return .failure
    }
  }

  public var hint: String? {
    switch kind {
    case .unreachable:
      return "check the network, the region and --endpoint-url / AWS_ENDPOINT_URL"
    case .malformedResponse:
      return "the endpoint did not answer like AWS; check --endpoint-url / AWS_ENDPOINT_URL"
    case .untrusted:
      return
        "the server's certificate is not trusted by the CA bundle in use (`rootmail whoami --debug` shows it); set AWS_CA_BUNDLE or ca_bundle in the profile to the CA that signed it"
    case .service: break
    }
    switch code {
    case "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError", "Forbidden":
      return
        "the credentials in use (see `rootmail whoami`) lack permission for \(service):\(operation); ask for it or use another profile"
    case "ExpiredToken", "ExpiredTokenException":
      return "the session token has expired; refresh the credentials (`aws sso login`, or a new assumed role) and retry"
    case "UnrecognizedClientException", "InvalidClientTokenId", "InvalidAccessKeyId":
      return "AWS does not know this access key; check AWS_ACCESS_KEY_ID / the profile (`rootmail whoami`) and the region"
    case "AWSOrganizationsNotInUseException", "OrganizationNotFoundException":
      return
        "the credentials in use (see `rootmail whoami`) are of an account in no organization; use the organization's management account (or a delegated administrator)"
    case "SignatureDoesNotMatch":
      return "the secret access key does not match the access key id; check the credentials"
    case "NoSuchBucket":
      return "the bucket does not exist in this account and region; check `bucket` in the config (`rootmail config show`)"
    case "ResourceNotFoundException":
      return "the resource does not exist in this account and region; check the name, the region and the `store` setting"
    default:
      if isThrottling {
        return "AWS kept throttling after \(attempts) attempts; wait and retry, or raise AWS_MAX_ATTEMPTS"
      }
      if let status, RetryPolicy.transientStatuses.contains(status) {
        return "the service kept failing after \(attempts) attempts; retry later"
      }
      return nil
    }
  }
}
