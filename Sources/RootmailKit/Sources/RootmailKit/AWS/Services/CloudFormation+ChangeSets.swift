/// CloudFormation operations `deploy` adds to the basic stack calls: the current template, the
/// stack's resources, deleting a change set that is not executed, and the stack if it exists.
@_spi(RootmailHost) extension CloudFormation {
  /// The stack's current template body (the original text it was created from).
  public func getTemplate(stack: String) async throws -> String {
    let r = try await rpc.call("GetTemplate", QueryParameters([("StackName", stack), ("TemplateStage", "Original")]))
    return r["TemplateBody"] ?? ""
  }

  public func deleteChangeSet(stack: String, name: String) async throws {
    _ = try await rpc.call("DeleteChangeSet", QueryParameters([("StackName", stack), ("ChangeSetName", name)]))
  }

  /// One resource of a stack.
  public struct StackResource: Sendable, Equatable {
    public var logicalID: String
    public var physicalID: String
    public var type: String
    public var status: String
  }

  /// Every resource of the stack, page by page.
  public func listStackResources(_ stack: String) async throws -> [StackResource] {
    try await Paginator.all(
      fetch: { token -> ([StackResource], String?) in
        var p = QueryParameters([("StackName", stack)])
        p.set("NextToken", token)
        let r = try await rpc.call("ListStackResources", p)
        let items = r.list("StackResourceSummaries").map { s in
          StackResource(
            logicalID: s["LogicalResourceId"] ?? "", physicalID: s["PhysicalResourceId"] ?? "",
            type: s["ResourceType"] ?? "", status: s["ResourceStatus"] ?? "")
        }
        return (items, r["NextToken"])
      }, items: { $0.0 }, next: { $0.1 })
  }

  /// The stack, or nil when there is none of that name (or it was deleted).
  public func stackIfExists(_ stack: String) async throws -> Stack? {
    do {
      let found = try await describeStacks(stack).first
      return found?.status == "DELETE_COMPLETE" ? nil : found
    } catch let error as AWSError where error.code == "ValidationError" && error.message.contains("does not exist") {
      return nil
    }
  }
}

@_spi(RootmailHost) extension CloudFormation.StackEvent {
  /// An event as DescribeStackEvents gives it (tests build these too).
  public init(logicalID: String, resourceType: String, status: String, reason: String? = nil, id: String = "") {
    self.init(id: id, timestamp: "", logicalID: logicalID, resourceType: resourceType, status: status, reason: reason)
  }
}
