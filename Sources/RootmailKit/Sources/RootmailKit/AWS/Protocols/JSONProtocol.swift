/// The JSON 1.0/1.1 protocol (DynamoDB, SSM, Organizations): `POST /` with
/// `X-Amz-Target: <prefix>.<Operation>` and a JSON body; the response is a JSON object.
public struct JSONProtocolClient: Sendable {
  public let client: AWSClient
  public let service: AWSServiceInfo

  public init(client: AWSClient, service: AWSServiceInfo) {
    self.client = client
    self.service = service
  }

  /// Calls `operation` with `input` (an object) and returns the response object.
  public func call(_ operation: String, _ input: JSONValue, sensitive: Bool = false) async throws -> JSONValue {
    guard case .json(let version, let prefix) = service.wireProtocol else {
      preconditionFailure("\(service.name) does not speak the JSON protocol")
    }
    let call = AWSCall(
      service: service, operation: operation, method: "POST", path: "/",
      headers: [("Content-Type", "application/x-amz-json-\(version)"), ("X-Amz-Target", "\(prefix).\(operation)")],
      body: Array(input.compact.utf8), sensitive: sensitive)
    let response = try await client.send(call)
    if response.body.isEmpty { return .object([]) }
    do {
      let value = try JSONValue.parse(response.body)
      guard case .object = value else { throw AWSErrorParser.malformed(call, response, "not a JSON object") }
      return value
    } catch let error as JSONParseError {
      throw AWSErrorParser.malformed(call, response, "\(error)")
    }
  }
}

/// Reading fields of JSON responses with a clear error when one is missing.
extension JSONValue {
  /// The string member `key`, or a malformed-response error naming it.
  public func require(_ key: String, in operation: String) throws -> String {
    guard let s = self[key]?.stringValue else {
      throw AWSError(
        kind: .malformedResponse, service: "AWS", operation: operation, code: "MalformedResponse",
        message: "the response has no \(key)")
    }
    return s
  }
}
