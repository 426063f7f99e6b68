import Foundation
@_spi(RootmailHost) import RootmailKit

/// moto_server on a free 127.0.0.1 port behind the model proxy (Tests/Support/model_proxy.py),
/// for tests that talk to "AWS" for real over HTTP. Every request a test sends to `url` is
/// checked against botocore's service model before moto sees it (a violation is answered with
/// a 400 `rootmail-model-violation:` error and fails the test: see `ModelProxyCheck`), and the
/// operations moto lacks (Account primary email, AssumeRoot, IAM's organization features) are
/// answered by the proxy's stand-ins (`ModelProxy.swift`, Tests/Support/MODEL_PROXY.md).
/// `reset()` wipes every service's state between tests; `stop()` (or deinit) ends both.
public final class MotoServer: Sendable {
  /// The model proxy: what tests talk to (`url`, `port`, `server.request`).
  public let server: LocalServer
  /// moto_server itself, behind the proxy (only for tests of the proxy).
  public let moto: LocalServer

  /// `serialized` runs moto with one request at a time (Tests/Support/moto_serialized.py):
  /// moto's threaded server applies concurrent requests interleaved, so a conditional write is
  /// not atomic there; DynamoDB applies each request atomically, which that restores for race
  /// tests. `expectViolations` leaves this server's violations out of `ModelProxyCheck` (for
  /// tests of the proxy itself, which send invalid requests on purpose).
  public init(serialized: Bool = false, expectViolations: Bool = false) throws {
    moto =
      serialized
      ? try LocalServer(executable: "python3", arguments: [LocalServer.script("moto_serialized.py"), "%PORT%"])
      : try LocalServer(executable: "moto_server", arguments: ["-H", "127.0.0.1", "-p", "%PORT%"])
    server = try LocalServer(
      executable: "python3", arguments: [LocalServer.script("model_proxy.py"), "%PORT%", moto.url])
    if !expectViolations { ModelProxyCheck.watch(port: server.port) }
  }

  /// One serialized server for the whole test process (for tests that race writers).
  public static func sharedSerialized() throws -> MotoServer { try sharedSerializedServer.get() }
  private static let sharedSerializedServer = Result { try MotoServer(serialized: true) }

  /// One server for the whole test process, started on first use (tests use distinct names
  /// so they can share it while running in parallel).
  public static func shared() throws -> MotoServer { try sharedServer.get() }
  private static let sharedServer = Result { try MotoServer() }

  public var url: String { server.url }
  public var port: Int { server.port }

  /// `POST /moto-api/reset` (the proxy's stand-ins are reset with it), after checking that no
  /// request so far broke the model.
  public func reset() async throws {
    ModelProxyCheck.check()
    let response = try await server.request("POST", "/moto-api/reset")
    guard response.status == 200 else { throw CLIError("moto reset answered HTTP \(response.status)") }
  }

  public func stop() {
    ModelProxyCheck.check()
    server.stop()
    moto.stop()
  }

  /// Environment for a child `rootmail` or boto3 process aimed at this server with test keys.
  public func environment(accessKey: String = "AKIDTESTMOTO", secret: String = "test-secret-key-for-moto") -> [String: String] {
    [
      "AWS_ACCESS_KEY_ID": accessKey, "AWS_SECRET_ACCESS_KEY": secret, "AWS_REGION": "us-east-1",
      "AWS_ENDPOINT_URL": url, "AWS_EC2_METADATA_DISABLED": "true",
    ]
  }

  /// An AWS client aimed at `endpoint` (this server, or a proxy in front of it).
  @_spi(RootmailHost) public func client(
    endpoint: String? = nil, maxAttempts: Int = 3, backoffBase: Double = 0.01, timeout: Double = 20,
    credentials: AWSCredentials? = nil, region: String = "us-east-1", logger: Logger = Logger(label: "rootmail.aws")
  ) -> AWSClient {
    let creds =
      credentials ?? AWSCredentials(accessKeyID: "AKIDTESTMOTO", secretAccessKey: "test-secret-key-for-moto", source: "test")
    return AWSClient(
      region: region, endpointURL: endpoint ?? url, credentialProvider: StaticCredentialProvider(creds),
      retryPolicy: RetryPolicy(maxAttempts: maxAttempts, base: backoffBase), timeout: timeout, logger: logger)
  }
}

/// Always the same credentials (tests).
@_spi(RootmailHost) public struct StaticCredentialProvider: AWSCredentialProvider {
  @_spi(RootmailHost) public let value: AWSCredentials
  @_spi(RootmailHost) public init(_ value: AWSCredentials) { self.value = value }
  @_spi(RootmailHost) public func credentials() async throws -> AWSCredentials? { value }
}

/// The fault-injecting proxy (Tests/Support/fault_proxy.py) between a client and moto:
/// throttling errors in each protocol's shape, 503s, and dropped connections before the request
/// is forwarded, at `rate`; and, at `dropAfterRate`, connections dropped after moto applied the
/// request (the response is lost). A JSON operation named in `hold` (`GetItem`) is never
/// answered: the proxy's output says "held <operation>", then "closed <operation>" once the
/// client hung up.
public final class FaultProxy: Sendable {
  public let server: LocalServer

  public init(upstream: String, rate: Double, dropAfterRate: Double = 0, seed: Int = 1, hold: String = "") throws {
    let script = LocalServer.script("fault_proxy.py")
    server = try LocalServer(
      executable: "python3",
      arguments: [
        script, "--port", "%PORT%", "--upstream", upstream, "--rate", String(rate), "--drop-after-rate",
        String(dropAfterRate), "--seed", String(seed), "--hold", hold,
      ])
  }

  public var url: String { server.url }

  /// Counts of what the proxy did: `forwarded`, `throttle`, `unavailable`, `drop_before`, `drop_after`.
  public func stats() async throws -> [String: Int] {
    let json = try JSONValue.parse(try await server.request("GET", "/fault-proxy/stats").body)
    var out: [String: Int] = [:]
    for (k, v) in json.objectValue ?? [] { out[k] = v.intValue ?? 0 }
    return out
  }

  public func stop() { server.stop() }
}
