@_spi(RootmailHost) import RootmailKit

/// What `accounts audit` learns about one member account's root user, and what it makes of it.
struct RootAudit: Sendable, Equatable {
  /// How bad a finding is; `--fail-on` compares with it.
  enum Severity: String, Sendable, Comparable, CaseIterable, ExpressibleByArgument {
    case info, high, critical

    static func < (a: Severity, b: Severity) -> Bool {
      allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
  }

  /// One finding: its kind (stable, for scripts), severity and a sentence.
  struct Finding: Sendable, Equatable {
    var kind: String
    var severity: Severity
    var text: String
  }

  /// The root user's credentials.
  struct Credentials: Sendable, Equatable {
    var password: Bool
    var mfaDevices: Int
    /// Access key ids with their status.
    var accessKeys: [String]
    var signingCertificates: Int
  }

  var accountID: String
  var name: String
  /// Nil when the account could not be audited (`error` says why).
  var credentials: Credentials?
  var error: String?

  /// Findings, the most severe first. The organization manages root centrally (audit runs only
  /// then), so any password left is worth knowing about.
  var findings: [Finding] {
    guard let c = credentials else { return [] }
    var out: [Finding] = []
    if !c.accessKeys.isEmpty {
      out.append(
        Finding(
          kind: "root-access-keys", severity: .critical,
          text: "the root user has \(c.accessKeys.count) access key(s): delete them"))
    }
    if c.password && c.mfaDevices == 0 {
      out.append(Finding(kind: "password-without-mfa", severity: .high, text: "the root user has a password and no MFA"))
    }
    if c.password {
      out.append(
        Finding(
          kind: "password-with-central-management", severity: .info,
          text: "the root user has a password although the organization manages root credentials centrally"))
    }
    return out
  }

  /// Whether any finding is at least `level`.
  func fails(at level: Severity) -> Bool { findings.contains { $0.severity >= level } }

  static let columns = ["account id", "name", "password", "mfa", "access keys", "signing certs", "findings"]

  var row: [String] {
    guard let c = credentials else { return [accountID, name, "?", "?", "?", "?", "error: " + (error ?? "")] }
    return [
      accountID, name, c.password ? "yes" : "no", String(c.mfaDevices), String(c.accessKeys.count),
      String(c.signingCertificates), findings.map { "\($0.severity.rawValue): \($0.kind)" }.joined(separator: ", "),
    ]
  }

  var json: JSONValue {
    var members: [(String, JSONValue)] = [("account_id", .string(accountID)), ("name", .string(name))]
    if let c = credentials {
      members += [
        ("password", .bool(c.password)), ("mfa_devices", .int(c.mfaDevices)), ("access_keys", .int(c.accessKeys.count)),
        ("signing_certificates", .int(c.signingCertificates)),
      ]
    }
    members.append(("error", error.map(JSONValue.string) ?? .null))
    members.append(
      (
        "findings",
        .array(
          findings.map {
            .object([("kind", .string($0.kind)), ("severity", .string($0.severity.rawValue)), ("text", .string($0.text))])
          })
      ))
    return .object(members)
  }
}
