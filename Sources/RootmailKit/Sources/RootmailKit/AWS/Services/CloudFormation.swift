/// CloudFormation (query protocol): change sets, stacks and their events, for `deploy`.
@_spi(RootmailHost) public struct CloudFormation: Sendable {
  public let rpc: QueryProtocolClient

  public init(client: AWSClient) { rpc = QueryProtocolClient(client: client, service: .cloudFormation) }

  /// What ValidateTemplate says: the parameter names and the description.
  public struct TemplateSummary: Sendable, Equatable {
    public var parameters: [String]
    public var description: String?

    /// Reads a `ValidateTemplateResult` element.
    public init(result r: XMLElement) {
      parameters = r.list("Parameters").compactMap { $0["ParameterKey"] }
      description = r["Description"]
    }
  }

  public func validateTemplate(_ body: String) async throws -> TemplateSummary {
    TemplateSummary(result: try await rpc.call("ValidateTemplate", QueryParameters([("TemplateBody", body)])))
  }

  /// Creates a change set (`CREATE` for a new stack, `UPDATE` for an existing one); returns its id.
  @discardableResult
  public func createChangeSet(
    stack: String, name: String, templateBody: String, type: String = "CREATE", parameters: [String: String] = [:],
    capabilities: [String] = [], clientToken: String? = nil
  ) async throws -> String {
    var p = QueryParameters([("StackName", stack), ("ChangeSetName", name), ("TemplateBody", templateBody)])
    p.set("ChangeSetType", type)
    p.structures(
      "Parameters", parameters.sorted { $0.key < $1.key }.map { [("ParameterKey", $0.key), ("ParameterValue", $0.value)] })
    p.list("Capabilities", capabilities)
    p.set("ClientToken", clientToken)
    let r = try await rpc.call("CreateChangeSet", p)
    return r["Id"] ?? ""
  }

  /// A change set's state.
  public struct ChangeSet: Sendable, Equatable {
    public var status: String
    public var executionStatus: String
    public var statusReason: String?
    /// `Action LogicalResourceId (ResourceType)` of each change.
    public var changes: [String]
  }

  public func describeChangeSet(stack: String, name: String) async throws -> ChangeSet {
    let r = try await rpc.call("DescribeChangeSet", QueryParameters([("StackName", stack), ("ChangeSetName", name)]))
    return ChangeSet(
      status: r["Status"] ?? "", executionStatus: r["ExecutionStatus"] ?? "", statusReason: r["StatusReason"],
      changes: r.list("Changes").compactMap { c in
        c.find("ResourceChange").map { "\($0["Action"] ?? "") \($0["LogicalResourceId"] ?? "") (\($0["ResourceType"] ?? ""))" }
      })
  }

  public func executeChangeSet(stack: String, name: String) async throws {
    _ = try await rpc.call("ExecuteChangeSet", QueryParameters([("StackName", stack), ("ChangeSetName", name)]))
  }

  /// A stack's state and outputs.
  public struct Stack: Sendable, Equatable {
    public var name: String
    public var id: String
    public var status: String
    public var statusReason: String?
    public var outputs: [String: String]
  }

  /// The named stack (or every stack); a missing stack is a `ValidationError` AWSError.
  public func describeStacks(_ stack: String? = nil) async throws -> [Stack] {
    var p = QueryParameters()
    p.set("StackName", stack)
    let r = try await rpc.call("DescribeStacks", p)
    return r.list("Stacks").map { s in
      var outputs: [String: String] = [:]
      for o in s.list("Outputs") { if let k = o["OutputKey"] { outputs[k] = o["OutputValue"] ?? "" } }
      return Stack(
        name: s["StackName"] ?? "", id: s["StackId"] ?? "", status: s["StackStatus"] ?? "", statusReason: s["StackStatusReason"],
        outputs: outputs)
    }
  }

  /// One stack event.
  public struct StackEvent: Sendable, Equatable {
    public var id: String
    public var timestamp: String
    public var logicalID: String
    public var resourceType: String
    public var status: String
    public var reason: String?
  }

  /// Every event of a stack, newest first, page by page.
  public func describeStackEvents(_ stack: String) async throws -> [StackEvent] {
    try await Paginator.all(
      fetch: { token -> ([StackEvent], String?) in
        var p = QueryParameters([("StackName", stack)])
        p.set("NextToken", token)
        let r = try await rpc.call("DescribeStackEvents", p)
        let events = r.list("StackEvents").map { e in
          StackEvent(
            id: e["EventId"] ?? "", timestamp: e["Timestamp"] ?? "", logicalID: e["LogicalResourceId"] ?? "",
            resourceType: e["ResourceType"] ?? "", status: e["ResourceStatus"] ?? "", reason: e["ResourceStatusReason"])
        }
        return (events, r["NextToken"])
      }, items: { $0.0 }, next: { $0.1 })
  }

  public func deleteStack(_ stack: String) async throws {
    _ = try await rpc.call("DeleteStack", QueryParameters([("StackName", stack)]))
  }

  /// Continues the rollback of a stack in `UPDATE_ROLLBACK_FAILED`.
  public func continueUpdateRollback(_ stack: String) async throws {
    _ = try await rpc.call("ContinueUpdateRollback", QueryParameters([("StackName", stack)]))
  }
}

extension AWSClient {
  @_spi(RootmailHost) public var cloudFormation: CloudFormation { CloudFormation(client: self) }
}
