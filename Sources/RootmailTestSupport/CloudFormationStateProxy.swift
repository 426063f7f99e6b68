@_spi(RootmailHost) import RootmailKit

/// Tests/Support/cfn_state_proxy.py in front of moto: CloudFormation's failure states moto never
/// reaches (UPDATE_ROLLBACK_FAILED with a failed resource, an ExecuteChangeSet that fails) and
/// S3's redirect for a bucket in another region; everything else forwarded unchanged.
public final class CloudFormationStateProxy: Sendable {
  public let server: LocalServer

  public init(upstream: String) throws {
    server = try LocalServer(
      executable: "python3", arguments: [LocalServer.script("cfn_state_proxy.py"), "%PORT%", upstream])
  }

  public var url: String { server.url }

  /// DescribeStacks answers `status` (nil: moto's own) until ContinueUpdateRollback.
  public func setStackStatus(_ status: String?) async throws {
    _ = try await server.request("POST", "/cfn-proxy/status" + (status.map { "?value=" + $0 } ?? ""))
  }

  /// The next ExecuteChangeSet fails with a ValidationError.
  public func failNextExecute() async throws {
    _ = try await server.request("POST", "/cfn-proxy/fail-execute")
  }

  /// HeadBucket of `bucket` answers 301, as S3 does for a bucket in another region.
  public func redirectBucket(_ bucket: String) async throws {
    _ = try await server.request("POST", "/cfn-proxy/redirect-bucket?name=" + bucket)
  }

  /// Counts: `continue_update_rollback`, `failed_execute`, `redirected`.
  public func stats() async throws -> [String: Int] {
    let json = try JSONValue.parse(try await server.request("GET", "/cfn-proxy/stats").body)
    var out: [String: Int] = [:]
    for (k, v) in json.objectValue ?? [] { out[k] = v.intValue ?? 0 }
    return out
  }

  public func stop() { server.stop() }
}
