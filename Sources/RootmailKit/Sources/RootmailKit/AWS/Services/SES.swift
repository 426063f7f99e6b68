#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// SES v1 (query protocol): domain and email identities with DKIM, receipt rule sets and rules
/// (the S3 action that stores received mail), and `SendRawEmail` for the forwarder.
@_spi(RootmailHost) public struct SES: Sendable {
  public let rpc: QueryProtocolClient

  public init(client: AWSClient) { rpc = QueryProtocolClient(client: client, service: .ses) }

  // MARK: Identities

  /// Starts verifying a domain; returns the token for the `_amazonses.<domain>` TXT record.
  public func verifyDomainIdentity(_ domain: String) async throws -> String {
    let r = try await rpc.call("VerifyDomainIdentity", QueryParameters([("Domain", domain)]))
    return r["VerificationToken"] ?? ""
  }

  /// Starts Easy DKIM for a domain; returns the three tokens for the `._domainkey` CNAMEs.
  public func verifyDomainDkim(_ domain: String) async throws -> [String] {
    let r = try await rpc.call("VerifyDomainDkim", QueryParameters([("Domain", domain)]))
    return r.list("DkimTokens").map(\.text)
  }

  public func verifyEmailIdentity(_ email: String) async throws {
    _ = try await rpc.call("VerifyEmailIdentity", QueryParameters([("EmailAddress", email)]))
  }

  public func deleteIdentity(_ identity: String) async throws {
    _ = try await rpc.call("DeleteIdentity", QueryParameters([("Identity", identity)]))
  }

  /// Verification status (`Pending`, `Success`, `Failed`, …) and token of an identity.
  public struct VerificationAttributes: Sendable, Equatable {
    public var status: String
    public var token: String?
  }

  public func getIdentityVerificationAttributes(_ identities: [String]) async throws -> [String: VerificationAttributes] {
    var p = QueryParameters()
    p.list("Identities", identities)
    let r = try await rpc.call("GetIdentityVerificationAttributes", p)
    return Self.entries(r, "VerificationAttributes") {
      VerificationAttributes(status: $0["VerificationStatus"] ?? "", token: $0["VerificationToken"])
    }
  }

  /// DKIM state of an identity.
  public struct DkimAttributes: Sendable, Equatable {
    public var enabled: Bool
    public var status: String
    public var tokens: [String]
  }

  public func getIdentityDkimAttributes(_ identities: [String]) async throws -> [String: DkimAttributes] {
    var p = QueryParameters()
    p.list("Identities", identities)
    let r = try await rpc.call("GetIdentityDkimAttributes", p)
    return Self.entries(r, "DkimAttributes") {
      DkimAttributes(
        enabled: $0["DkimEnabled"] == "true", status: $0["DkimVerificationStatus"] ?? "",
        tokens: $0.list("DkimTokens").map(\.text))
    }
  }

  /// A query-protocol map: `<Name><entry><key>…</key><value>…</value></entry>…</Name>`.
  static func entries<T>(_ result: XMLElement, _ name: String, _ make: (XMLElement) -> T) -> [String: T] {
    var out: [String: T] = [:]
    for entry in result.list(name, item: "entry") {
      guard let key = entry["key"], let value = entry.child("value") else { continue }
      out[key] = make(value)
    }
    return out
  }

  // MARK: Receipt rules

  public func createReceiptRuleSet(_ name: String) async throws {
    _ = try await rpc.call("CreateReceiptRuleSet", QueryParameters([("RuleSetName", name)]))
  }

  public func deleteReceiptRuleSet(_ name: String) async throws {
    _ = try await rpc.call("DeleteReceiptRuleSet", QueryParameters([("RuleSetName", name)]))
  }

  /// A receipt rule that stores mail for `recipients` in S3.
  public struct ReceiptRule: Sendable, Equatable {
    public var name: String
    public var enabled: Bool
    public var recipients: [String]
    public var scanEnabled: Bool
    public var tlsRequired: Bool
    public var bucket: String?
    public var objectKeyPrefix: String?
    /// The SNS topic the S3 action notifies of each stored mail (`deploy --queue`).
    public var topicArn: String?

    public init(
      name: String, enabled: Bool = true, recipients: [String], scanEnabled: Bool = true, tlsRequired: Bool = false,
      bucket: String? = nil, objectKeyPrefix: String? = nil, topicArn: String? = nil
    ) {
      self.name = name
      self.enabled = enabled
      self.recipients = recipients
      self.scanEnabled = scanEnabled
      self.tlsRequired = tlsRequired
      self.bucket = bucket
      self.objectKeyPrefix = objectKeyPrefix
      self.topicArn = topicArn
    }

    init(_ x: XMLElement) {
      let s3 = x.list("Actions").compactMap { $0.child("S3Action") }.first
      self.init(
        name: x["Name"] ?? "", enabled: x["Enabled"] == "true", recipients: x.list("Recipients").map(\.text),
        scanEnabled: x["ScanEnabled"] == "true", tlsRequired: x["TlsPolicy"] == "Require", bucket: s3?["BucketName"],
        objectKeyPrefix: s3?["ObjectKeyPrefix"], topicArn: s3?["TopicArn"].flatMap { $0.isEmpty ? nil : $0 })
    }
  }

  /// A rule set's name and rules.
  public struct RuleSet: Sendable, Equatable {
    public var name: String
    public var rules: [ReceiptRule]
  }

  public func describeReceiptRuleSet(_ name: String) async throws -> RuleSet {
    let r = try await rpc.call("DescribeReceiptRuleSet", QueryParameters([("RuleSetName", name)]))
    return RuleSet(name: r["Metadata/Name"] ?? name, rules: r.list("Rules").map(ReceiptRule.init))
  }

  public func createReceiptRule(ruleSet: String, rule: ReceiptRule, after: String? = nil) async throws {
    var p = Self.ruleParameters(ruleSet: ruleSet, rule: rule)
    p.set("After", after)
    _ = try await rpc.call("CreateReceiptRule", p)
  }

  /// The `Rule.*` parameters `CreateReceiptRule` and `UpdateReceiptRule` share.
  static func ruleParameters(ruleSet: String, rule: ReceiptRule) -> QueryParameters {
    var p = QueryParameters([("RuleSetName", ruleSet)])
    p.set("Rule.Name", rule.name)
    p.set("Rule.Enabled", rule.enabled)
    p.set("Rule.ScanEnabled", rule.scanEnabled)
    p.set("Rule.TlsPolicy", rule.tlsRequired ? "Require" : "Optional")
    p.list("Rule.Recipients", rule.recipients)
    if let bucket = rule.bucket {
      p.set("Rule.Actions.member.1.S3Action.BucketName", bucket)
      p.set("Rule.Actions.member.1.S3Action.ObjectKeyPrefix", rule.objectKeyPrefix)
      p.set("Rule.Actions.member.1.S3Action.TopicArn", rule.topicArn)
    }
    return p
  }

  public func deleteReceiptRule(ruleSet: String, rule: String) async throws {
    _ = try await rpc.call("DeleteReceiptRule", QueryParameters([("RuleSetName", ruleSet), ("RuleName", rule)]))
  }

  /// Makes `name` the active rule set (nil: no active rule set).
  public func setActiveReceiptRuleSet(_ name: String?) async throws {
    var p = QueryParameters()
    p.set("RuleSetName", name)
    _ = try await rpc.call("SetActiveReceiptRuleSet", p)
  }

  /// The active rule set, or nil when none is active.
  public func describeActiveReceiptRuleSet() async throws -> RuleSet? {
    let r = try await rpc.call("DescribeActiveReceiptRuleSet")
    guard let name = r["Metadata/Name"], !name.isEmpty else { return nil }
    return RuleSet(name: name, rules: r.list("Rules").map(ReceiptRule.init))
  }

  // MARK: Sending

  /// Sends a whole MIME message; returns SES's message id. The body (the mail) stays out of
  /// debug logs: a forwarded mail may hold anything, a password-reset link among it.
  @discardableResult
  public func sendRawEmail(_ raw: [UInt8], source: String? = nil, destinations: [String] = []) async throws -> String {
    var p = QueryParameters([("RawMessage.Data", Data(raw).base64EncodedString())])
    p.set("Source", source)
    p.list("Destinations", destinations)
    let r = try await rpc.call("SendRawEmail", p, sensitive: true)
    return r["MessageId"] ?? ""
  }
}

extension AWSClient {
  @_spi(RootmailHost) public var ses: SES { SES(client: self) }
}
