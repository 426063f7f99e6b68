/// PutParameter with every choice explicit (tier, policies, overwrite), its body never
/// logged: what the reset-link receiver stores a password-reset link with.
@_spi(RootmailHost) extension SSM {
  /// The parameter tiers; policies (an expiration) need `advanced`.
  public enum Tier: String, Sendable, CaseIterable {
    case standard = "Standard"
    case advanced = "Advanced"
    case intelligentTiering = "Intelligent-Tiering"
  }

  /// A PutParameter request.
  public struct ParameterPut: Sendable, Equatable {
    public var name: String
    public var value: String
    /// `String`, `StringList` or `SecureString`.
    public var type: String
    public var tier: Tier
    public var overwrite: Bool
    /// The policies as SSM takes them: a JSON array (see `expirationPolicy(at:)`).
    public var policies: String?

    public init(name: String, value: String, type: String, tier: Tier, overwrite: Bool, policies: String? = nil) {
      self.name = name
      self.value = value
      self.type = type
      self.tier = tier
      self.overwrite = overwrite
      self.policies = policies
    }

    /// The request body.
    public var body: JSONValue {
      var input: [(String, JSONValue)] = [
        ("Name", .string(name)), ("Value", .string(value)), ("Type", .string(type)), ("Tier", .string(tier.rawValue)),
        ("Overwrite", .bool(overwrite)),
      ]
      if let policies { input.append(("Policies", .string(policies))) }
      return .object(input)
    }
  }

  /// Stores a parameter; the request and response bodies stay out of debug logs whatever the
  /// type (a `String` parameter may hold a secret too). Returns the new version.
  @discardableResult
  public func putParameter(_ put: ParameterPut) async throws -> Int {
    let out = try await rpc.call("PutParameter", put.body, sensitive: true)
    return out["Version"]?.intValue ?? 0
  }

  /// An `Expiration` parameter policy (a JSON array of one policy): SSM deletes the parameter
  /// at `seconds` (since 1970), written as `2026-12-01T16:10:00.000Z`.
  public static func expirationPolicy(at seconds: Int) -> String {
    var stamp = Timestamp.format(secondsSinceEpoch: seconds)
    if stamp.hasSuffix("Z") { stamp.removeLast() }
    let policy: JSONValue = .array([
      .object([
        ("Type", .string("Expiration")), ("Version", .string("1.0")),
        ("Attributes", .object([("Timestamp", .string(stamp + ".000Z"))])),
      ])
    ])
    return policy.compact
  }
}
