/// SSM Parameter Store (JSON 1.1): where the reset-link receiver stores password-reset links
/// with an expiration policy.
@_spi(RootmailHost) public struct SSM: Sendable {
  public let rpc: JSONProtocolClient

  public init(client: AWSClient) { rpc = JSONProtocolClient(client: client, service: .ssm) }

  /// A stored parameter.
  public struct Parameter: Sendable, Equatable {
    public var name: String
    public var value: String
    public var type: String
    public var version: Int
    /// When it was last written (seconds since 1970), nil when the answer does not say.
    public var lastModified: Int? = nil
  }

  /// Stores a parameter; `policies` (a JSON array, e.g. an `Expiration` policy) need the
  /// Advanced tier, which is then chosen. Returns the new version.
  @discardableResult
  public func putParameter(
    _ name: String, value: String, type: String = "String", overwrite: Bool = false, policies: String? = nil,
    description: String? = nil
  ) async throws -> Int {
    var input: [(String, JSONValue)] = [
      ("Name", .string(name)), ("Value", .string(value)), ("Type", .string(type)), ("Overwrite", .bool(overwrite)),
    ]
    if let description { input.append(("Description", .string(description))) }
    if let policies {
      input.append(("Policies", .string(policies)))
      input.append(("Tier", .string("Advanced")))
    }
    let out = try await rpc.call("PutParameter", .object(input), sensitive: type == "SecureString")
    return out["Version"]?.intValue ?? 0
  }

  /// The parameter, or nil when there is none of that name.
  public func getParameter(_ name: String, withDecryption: Bool = true) async throws -> Parameter? {
    do {
      let out = try await rpc.call(
        "GetParameter", .object([("Name", .string(name)), ("WithDecryption", .bool(withDecryption))]), sensitive: true)
      guard let p = out["Parameter"], let n = p["Name"]?.stringValue, let v = p["Value"]?.stringValue else {
        throw AWSError(
          kind: .malformedResponse, service: "SSM", operation: "GetParameter", code: "MalformedResponse",
          message: "the response has no Parameter")
      }
      return Parameter(
        name: n, value: v, type: p["Type"]?.stringValue ?? "", version: p["Version"]?.intValue ?? 0,
        lastModified: p["LastModifiedDate"]?.doubleValue.flatMap { abs($0) < 1e15 ? Int($0) : nil })
    } catch let error as AWSError where error.code == "ParameterNotFound" {
      return nil
    }
  }

  public func deleteParameter(_ name: String) async throws {
    _ = try await rpc.call("DeleteParameter", .object([("Name", .string(name))]))
  }
}

extension AWSClient {
  @_spi(RootmailHost) public var ssm: SSM { SSM(client: self) }
}
