@_spi(RootmailHost) import RootmailKit

/// AWS Account Management (`account`, REST-JSON, one endpoint per partition): reading and
/// changing a member account's primary (root) email. Only the accounts plugin calls it.
struct AccountManagement: Sendable {
  let client: AWSClient

  /// The service as the client layer sees it (botocore `account/2021-02-01`).
  static let service = AWSServiceInfo(
    id: "Account", endpointPrefix: "account",
    global: [
      .aws: .init(host: "account.us-east-1.amazonaws.com", signingRegion: "us-east-1"),
      .china: .init(host: "account.cn-northwest-1.amazonaws.com.cn", signingRegion: "cn-northwest-1"),
    ], wireProtocol: .restJSON)

  /// Where an update stands (`StartPrimaryEmailUpdate`'s and `AcceptPrimaryEmailUpdate`'s `Status`).
  enum UpdateStatus: String, Sendable {
    case pending = "PENDING"
    case accepted = "ACCEPTED"
  }

  /// `POST /<operation with a lower-case first letter>` with a JSON body; the body of requests and
  /// responses carries a root address or a one-time code, so neither is logged.
  func call(_ operation: String, _ input: [(String, JSONValue)]) async throws -> JSONValue {
    let path = "/" + operation.prefix(1).lowercased() + operation.dropFirst()
    let call = AWSCall(
      service: Self.service, operation: operation, method: "POST", path: path,
      headers: [("Content-Type", "application/json")], body: Array(JSONValue.object(input).compact.utf8), sensitive: true)
    let response = try await client.send(call)
    if response.body.isEmpty { return .object([]) }
    guard let value = try? JSONValue.parse(response.body), case .object = value else {
      throw AWSErrorParser.malformed(call, response, "not a JSON object")
    }
    return value
  }

  /// The account's root email now (the Organizations copy can lag behind for hours).
  func primaryEmail(accountID: String) async throws -> String {
    try await call("GetPrimaryEmail", [("AccountId", .string(accountID))]).require("PrimaryEmail", in: "GetPrimaryEmail")
  }

  /// Asks AWS to send a one-time code to `email`, the account's root email to be.
  func startPrimaryEmailUpdate(accountID: String, email: String) async throws -> UpdateStatus? {
    let out = try await call("StartPrimaryEmailUpdate", [("AccountId", .string(accountID)), ("PrimaryEmail", .string(email))])
    return out["Status"]?.stringValue.flatMap(UpdateStatus.init(rawValue:))
  }

  /// Finishes the update with the code AWS mailed to `email` (`code` is never logged: the body is
  /// sensitive).
  func acceptPrimaryEmailUpdate(accountID: String, email: String, code: VerificationCode) async throws -> UpdateStatus? {
    let out = try await call(
      "AcceptPrimaryEmailUpdate",
      [("AccountId", .string(accountID)), ("Otp", .string(code.reveal())), ("PrimaryEmail", .string(email))])
    return out["Status"]?.stringValue.flatMap(UpdateStatus.init(rawValue:))
  }
}
