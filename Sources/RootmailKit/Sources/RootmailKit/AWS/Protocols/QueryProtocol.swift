/// The query protocol (SES, CloudFormation, STS): a form-encoded `POST /` of `Action`, `Version`
/// and the parameters; the response is `<ActionResponse><ActionResult>…`.
@_spi(RootmailHost) public struct QueryProtocolClient: Sendable {
  public let client: AWSClient
  public let service: AWSServiceInfo

  public init(client: AWSClient, service: AWSServiceInfo) {
    self.client = client
    self.service = service
  }

  /// Calls `action` and returns its `<ActionResult>` element (an empty one when absent).
  public func call(_ action: String, _ parameters: QueryParameters = QueryParameters(), sensitive: Bool = false)
    async throws -> XMLElement
  {
    guard case .query(let version) = service.wireProtocol else {
      preconditionFailure("\(service.name) does not speak the query protocol")
    }
    let form = [("Action", action), ("Version", version)] + parameters.pairs
    let call = AWSCall(
      service: service, operation: action, method: "POST", path: "/",
      headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
      body: Array(AWSURI.encodeQuery(form).utf8), sensitive: sensitive)
    let response = try await client.send(call)
    let root: XMLElement
    do { root = try XMLElement.parse(response.body) } catch { throw AWSErrorParser.malformed(call, response, "\(error)") }
    guard root.name == action + "Response" else {
      throw AWSErrorParser.malformed(call, response, "expected <\(action)Response>, got <\(root.name)>")
    }
    return root.child(action + "Result") ?? XMLElement(name: action + "Result")
  }
}

/// The parameters of a query-protocol call, flattened the way the protocol wants them:
/// lists as `Name.member.N`, maps as `Name.entry.N.key` / `.value`, structures as `Name.Field`.
@_spi(RootmailHost) public struct QueryParameters: Sendable {
  public private(set) var pairs: [(String, String)] = []

  public init(_ pairs: [(String, String)] = []) { self.pairs = pairs }

  public mutating func set(_ name: String, _ value: String?) {
    if let value { pairs.append((name, value)) }
  }

  public mutating func set(_ name: String, _ value: Int?) { set(name, value.map(String.init)) }

  public mutating func set(_ name: String, _ value: Bool?) { set(name, value.map { $0 ? "true" : "false" }) }

  /// `Name.member.1=…&Name.member.2=…` (an empty list sends `Name=` so it is explicit).
  public mutating func list(_ name: String, _ values: [String], item: String = "member") {
    for (i, v) in values.enumerated() { pairs.append(("\(name).\(item).\(i + 1)", v)) }
  }

  /// A list of structures: `Name.member.N.Field=…`.
  public mutating func structures(_ name: String, _ items: [[(String, String)]]) {
    for (i, fields) in items.enumerated() {
      for (field, value) in fields { pairs.append(("\(name).member.\(i + 1).\(field)", value)) }
    }
  }
}
