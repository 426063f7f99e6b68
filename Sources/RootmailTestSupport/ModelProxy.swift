// The model proxy in front of every MotoServer (Tests/Support/model_proxy.py): the check that
// fails a test whose requests broke botocore's model, and the admin API of its stand-ins for the
// operations moto lacks (contract: Tests/Support/MODEL_PROXY.md).
import Foundation
@_spi(RootmailHost) import RootmailKit
import Synchronization
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Fails the running test when a model proxy recorded a request that breaks botocore's model.
/// Every `RootmailCLI` run, `MotoServer.reset()` and `stop()` check each proxy watched in this
/// process for violations not yet reported; each is reported once, as an issue of the test that
/// finds it (the request was also answered with a 400, so the call that sent it failed too).
public enum ModelProxyCheck {
  private static let state = Mutex<[Int: Int]>([:])

  /// Starts watching the proxy on 127.0.0.1:`port`.
  public static func watch(port: Int) { state.withLock { $0[port] = 0 } }

  /// Records an issue for each new violation of every watched proxy.
  public static func check() {
    for port in state.withLock({ Array($0.keys) }) { report(port: port) }
  }

  /// Records an issue for each violation of the proxy on `port` not reported yet.
  public static func report(port: Int) {
    for violation in newViolations(port: port) { Issue.record("\(violation)") }
  }

  /// The violations of the proxy on `port` recorded since the last check, one line each (all
  /// of them for a proxy not watched, which keeps no count).
  public static func newViolations(port: Int) -> [String] {
    guard let body = blockingGet(port: port, path: "/model-proxy/violations"),
      let list = (try? JSONValue.parse(body))?.arrayValue
    else { return [] }
    let seen = state.withLock { counts -> Int in
      guard let before = counts[port] else { return 0 }
      counts[port] = max(before, list.count)
      return before
    }
    return list[min(seen, list.count)...].map { ModelProxyViolation($0).description }
  }

  /// GET over a plain socket (no async: `RootmailCLI.Running.wait()` is synchronous); nil when
  /// nothing answers.
  static func blockingGet(port: Int, path: String) -> [UInt8]? {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = UInt16(port).bigEndian
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &addr) { p in
      p.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
    }
    guard connected else { return nil }
    var timeout = timeval(tv_sec: 30, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    let request = Array("GET \(path) HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".utf8)
    guard request.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, 0) }) == request.count else { return nil }
    var response: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
      if n <= 0 { break }
      response += buffer[0..<n]
    }
    let separator: [UInt8] = [13, 10, 13, 10]
    guard let end = (0..<max(0, response.count - 3)).first(where: { Array(response[$0..<$0 + 4]) == separator }) else {
      return nil
    }
    return Array(response[(end + 4)...])
  }
}

/// One request the model proxy refused: service, operation and what broke the model.
public struct ModelProxyViolation: Sendable, CustomStringConvertible {
  public let service: String
  public let operation: String
  public let method: String
  public let path: String
  public let errors: [String]

  init(_ json: JSONValue) {
    service = json["service"]?.stringValue ?? "?"
    operation = json["operation"]?.stringValue ?? "?"
    method = json["method"]?.stringValue ?? "?"
    path = json["path"]?.stringValue ?? "?"
    errors = json["errors"]?.arrayValue?.compactMap(\.stringValue) ?? []
  }

  public var description: String {
    "rootmail-model-violation: \(service).\(operation) (\(method) \(path)): \(errors.joined(separator: "; "))"
  }
}

/// A verification code the primary-email stand-in sent (for tests of the proxy itself).
public struct SentPrimaryEmailCode: Sendable {
  public let accountID: String
  public let primaryEmail: String
  public let code: String
  /// The S3 key of the mail holding it (nil: no bucket set, or delivery off).
  public let key: String?
}

/// The admin API of the model proxy's stand-ins (Tests/Support/MODEL_PROXY.md).
extension MotoServer {
  /// Every request the proxy refused so far (including reported ones).
  public func modelViolations() async throws -> [ModelProxyViolation] {
    try await admin("GET", "/model-proxy/violations").arrayValue?.map(ModelProxyViolation.init) ?? []
  }

  /// Where StartPrimaryEmailUpdate's mail lands, as SES would store it: `bucket` (a moto bucket
  /// the test made) under `prefix`; `deliver: false` sends no mail (a code that never comes).
  public func setPrimaryEmailCodeMail(bucket: String, prefix: String = "RootMail/", deliver: Bool = true) async throws {
    _ = try await admin(
      "PUT", "/model-proxy/account/mail",
      .object([("bucket", .string(bucket)), ("prefix", .string(prefix)), ("deliver", .bool(deliver))]))
  }

  /// Every code StartPrimaryEmailUpdate sent, oldest first.
  public func sentPrimaryEmailCodes() async throws -> [SentPrimaryEmailCode] {
    try await admin("GET", "/model-proxy/account/codes").arrayValue?.map {
      SentPrimaryEmailCode(
        accountID: $0["AccountId"]?.stringValue ?? "", primaryEmail: $0["PrimaryEmail"]?.stringValue ?? "",
        code: $0["Otp"]?.stringValue ?? "", key: $0["Key"]?.stringValue)
    } ?? []
  }

  /// Makes the pending code of `accountID` (nil: every account) expired.
  public func expirePrimaryEmailCodes(accountID: String? = nil) async throws {
    _ = try await admin(
      "POST", "/model-proxy/account/expire", .object(accountID.map { [("AccountId", .string($0))] } ?? []))
  }

  /// The primary emails changed through the stand-in: account id → address.
  public func acceptedPrimaryEmails() async throws -> [String: String] {
    var out: [String: String] = [:]
    for (k, v) in try await admin("GET", "/model-proxy/account/emails").objectValue ?? [] { out[k] = v.stringValue }
    return out
  }

  /// IAM's organization features (`RootCredentialsManagement`, `RootSessions`) as enabled now.
  public func setOrganizationsFeatures(_ features: [String]) async throws {
    _ = try await admin(
      "PUT", "/model-proxy/iam/features", .object([("EnabledFeatures", .array(features.map(JSONValue.string)))]))
  }

  /// Service principals with trusted access that moto does not know (`iam.amazonaws.com`); the
  /// stand-ins add them to moto's own list.
  public func setExtraTrustedAccess(_ principals: [String]) async throws {
    _ = try await admin(
      "PUT", "/model-proxy/organizations/trusted-access",
      .object([("ServicePrincipals", .array(principals.map(JSONValue.string)))]))
  }

  /// The root user of member account `accountID` as AssumeRoot sessions see it: a password,
  /// and how many access keys, MFA devices and signing certificates it has.
  public func setRootUser(
    accountID: String, password: Bool, accessKeys: Int = 0, mfaDevices: Int = 0, signingCertificates: Int = 0
  ) async throws {
    _ = try await admin(
      "PUT", "/model-proxy/iam/root",
      .object([
        ("AccountId", .string(accountID)), ("password", .bool(password)), ("accessKeys", .int(accessKeys)),
        ("mfaDevices", .int(mfaDevices)), ("signingCertificates", .int(signingCertificates)),
      ]))
  }

  /// The body of every CreateOpsItem the SSM OpsItems stand-in answered, oldest first.
  public func createdOpsItems() async throws -> [JSONValue] {
    try await admin("GET", "/model-proxy/ssm/opsitems").arrayValue?.compactMap { $0["body"] } ?? []
  }

  /// The stand-in calls answered so far: (operation such as `account:StartPrimaryEmailUpdate`,
  /// account id).
  public func standInCalls() async throws -> [(operation: String, accountID: String)] {
    try await admin("GET", "/model-proxy/calls").arrayValue?.map {
      ($0["operation"]?.stringValue ?? "", $0["AccountId"]?.stringValue ?? "")
    } ?? []
  }

  /// Sends an admin request and returns its JSON answer.
  @discardableResult
  public func admin(_ method: String, _ path: String, _ body: JSONValue? = nil) async throws -> JSONValue {
    let response = try await server.request(method, path, body: body.map { Array($0.compact.utf8) } ?? [])
    guard response.status == 200 else {
      throw CLIError("model proxy \(method) \(path): HTTP \(response.status) \(String(decoding: response.body, as: UTF8.self))")
    }
    return try JSONValue.parse(response.body)
  }
}
