import RootmailSigV4
import Synchronization

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The one AWS client every command uses: resolved region and endpoints (`EndpointResolver`),
/// the credential chain (which caches credentials until shortly before they expire), the lazily loaded HTTP transport and the retry policy. `send` signs each
/// attempt, retries as the standard mode says, logs at debug level (secrets redacted) and turns
/// error responses into `AWSError`. The per-service types (`DynamoDB`, `S3`, …) wrap it.
public final class AWSClient: Sendable {
  /// The region name (`endpoints.region` also says where it came from).
  public let region: String
  /// The chain credentials come from; it caches them and knows which link answered.
  @_spi(RootmailHost) public let credentialChain: AWSCredentialChain
  /// The chain, as a provider.
  @_spi(RootmailHost) public var credentialProvider: any AWSCredentialProvider { credentialChain }
  @_spi(RootmailHost) public let endpoints: EndpointResolver
  @_spi(RootmailHost) public let retryPolicy: RetryPolicy
  /// Seconds without any data from the server before an attempt fails (the read timeout).
  public let timeout: Double
  /// CA bundle, proxies and timeouts (`NetworkSettings.resolve`).
  @_spi(RootmailHost) public let network: NetworkSettings
  public let logger: Logger
  let transportFactory: @Sendable () async throws -> any HTTPTransport
  let clock: @Sendable () -> Date
  /// Each service's endpoint once resolved (by service id): the resolver's inputs never change
  /// in a client's life, and a fetch would otherwise parse the endpoint URL again per call.
  let resolvedEndpoints = Mutex<[String: AWSEndpoint]>([:])

  /// A client over `credentialProvider`: a chain is used as it is, any other provider becomes
  /// a one-link chain (named by `credentialSource`) so that its credentials are cached.
  @_spi(RootmailHost) public init(
    endpoints: EndpointResolver, credentialProvider: any AWSCredentialProvider, credentialSource: String = "custom",
    retryPolicy: RetryPolicy = RetryPolicy(), timeout: Double? = nil, network: NetworkSettings = NetworkSettings(),
    logger: Logger = Logger(label: "rootmail.aws"),
    transport: @escaping @Sendable () async throws -> any HTTPTransport = { try await TransportLoader.shared() },
    clock: @escaping @Sendable () -> Date = { Date() }
  ) {
    self.region = endpoints.region.name
    self.credentialChain =
      credentialProvider as? AWSCredentialChain ?? AWSCredentialChain([.init(credentialSource, credentialProvider)])
    self.endpoints = endpoints
    self.retryPolicy = retryPolicy
    self.timeout = timeout ?? network.readTimeout.value
    self.network = network
    self.logger = logger
    self.transportFactory = transport
    self.clock = clock
  }

  /// The transport (loading libRootmailHTTP.so the first time).
  @_spi(RootmailHost) public func transport() async throws -> any HTTPTransport { try await transportFactory() }

  /// Every call to `service` at `url` (tests, benchmarks), as with `--endpoint-url`.
  @_spi(RootmailHost) public convenience init(
    region: String, endpointURL: String, credentialProvider: any AWSCredentialProvider, credentialSource: String = "custom",
    retryPolicy: RetryPolicy = RetryPolicy(), timeout: Double? = nil, network: NetworkSettings = NetworkSettings(),
    logger: Logger = Logger(label: "rootmail.aws")
  ) {
    self.init(
      endpoints: .fixed(endpointURL, region: region), credentialProvider: credentialProvider,
      credentialSource: credentialSource, retryPolicy: retryPolicy, timeout: timeout, network: network, logger: logger)
  }

  @_spi(RootmailHost) public func endpoint(for service: AWSServiceInfo) throws -> AWSEndpoint {
    if let known = resolvedEndpoints.withLock({ $0[service.id] }) { return known }
    let endpoint = try endpoints.endpoint(for: service)
    resolvedEndpoints.withLock { $0[service.id] = endpoint }
    return endpoint
  }

  /// The credentials to sign with; the chain throws a `CredentialError` naming every link it
  /// tried when none has any.
  @_spi(RootmailHost) public func credentials() async throws -> AWSCredentials { try await credentialChain.required() }

  /// The request for one attempt of `call`, before signing.
  @_spi(RootmailHost) public func request(for call: AWSCall, endpoint: AWSEndpoint) -> AWSRequest {
    var request = AWSRequest(
      method: call.method, scheme: endpoint.scheme, host: (call.hostPrefix ?? "") + endpoint.host, port: endpoint.port,
      path: endpoint.basePath + call.path,
      query: call.query, headers: call.headers, body: call.body)
    request.connection = network.connection(scheme: request.scheme, host: request.host)
    request.keepsDownload = call.keepsDownload
    if !call.body.isEmpty || call.method == "POST" || call.method == "PUT" {
      request.setHeader("Content-Length", String(call.body.count))
    }
    request.setHeader("User-Agent", "rootmail/\(HostSession.version) aws-client")
    return request
  }

  /// The error codes of credentials that expired while cached (an STS session, say).
  static let expiredTokenCodes: Set<String> = ["ExpiredToken", "ExpiredTokenException"]

  /// Sends `call` with retries; returns the 2xx response or throws `AWSError`. An
  /// `ExpiredToken` answer drops the cached credentials and sends the call once more with
  /// fresh ones.
  @_spi(RootmailHost) public func send(_ call: AWSCall) async throws -> AWSResponse {
    do {
      return try await sendWithRetries(call)
    } catch let error as AWSError where call.signed && Self.expiredTokenCodes.contains(error.code) {
      logger.debug("aws \(call.service.name).\(call.operation): \(error.code); fetching fresh credentials")
      await credentialChain.invalidate()
      return try await sendWithRetries(call)
    }
  }

  /// One send under the retry policy.
  func sendWithRetries(_ call: AWSCall) async throws -> AWSResponse {
    let endpoint = try endpoint(for: call.service)
    let credentials = call.signed ? try await credentials() : nil
    let transport = try await self.transport()
    let signer = SigV4Signer(service: call.service.signingName, region: endpoint.signingRegion)
    var attempts = 0
    do {
      return try await retryPolicy.run(
        { attempt in
          attempts = attempt
          var request = request(for: call, endpoint: endpoint)
          if let credentials { signer.sign(&request, credentials: credentials, date: clock(), payload: call.payload) }
          let started = ContinuousClock.now
          logRequest(call, request, attempt: attempt)
          let response: AWSResponse
          do {
            if let path = call.downloadPath {
              response = try await transport.download(request, timeout: timeout, to: path)
            } else {
              response = try await transport.send(request, timeout: timeout)
            }
          } catch let error as TransportError {
            logger.debug("aws \(call.service.name).\(call.operation) attempt \(attempt): \(error)")
            throw error
          }
          logResponse(call, response, elapsed: ContinuousClock.now - started)
          guard (200..<300).contains(response.status) else { throw AWSErrorParser.parse(response, call: call) }
          return response
        },
        classify: { result in
          switch result {
          case .success: return .success
          case .failure(let error as AWSError): return .serviceError(status: error.status ?? 0, code: error.code)
          case .failure(let error as TransportError):
            return .transportError(retryable: error.isRetryable, timeout: error.isTimeout)
          case .failure: return .transportError(retryable: false, timeout: false)
          }
        })
    } catch var error as AWSError {
      error.attempts = attempts
      throw error
    } catch let error as TransportError {
      var kind = AWSError.Kind.unreachable
      if case .untrusted = error { kind = .untrusted }
      throw AWSError(
        kind: kind, service: call.service.name, operation: call.operation, code: "Unreachable",
        message: "\(endpoint.url): \(error)", attempts: attempts)
    }
  }

  // MARK: Logging (debug level; the log handler redacts secrets and sensitive headers)

  func logRequest(_ call: AWSCall, _ request: AWSRequest, attempt: Int) {
    guard logger.logLevel <= .debug else { return }
    var lines = ["aws request \(call.service.name).\(call.operation) attempt \(attempt): \(request.method) \(request.urlString)"]
    for (name, value) in request.headers { lines.append("  \(name): \(value)") }
    if !call.sensitive, !request.body.isEmpty { lines.append("  body: " + Self.preview(request.body)) }
    // Redacted here too, whatever log handler is installed.
    logger.debug("\(Redactor.shared.redact(lines.joined(separator: "\n")))")
  }

  func logResponse(_ call: AWSCall, _ response: AWSResponse, elapsed: Duration) {
    guard logger.logLevel <= .debug else { return }
    let ms = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
    var lines = ["aws response \(call.service.name).\(call.operation): HTTP \(response.status) in \(Int(ms)) ms"]
    for (name, value) in response.headers.sorted(by: { $0.key < $1.key }) { lines.append("  \(name): \(value)") }
    if !call.sensitive, !response.body.isEmpty { lines.append("  body: " + Self.preview(response.body)) }
    logger.debug("\(Redactor.shared.redact(lines.joined(separator: "\n")))")
  }

  static func preview(_ body: [UInt8]) -> String {
    let limit = 2048
    let text = String(decoding: body.prefix(limit), as: UTF8.self)
    return body.count > limit ? text + "… (\(body.count) bytes)" : text
  }
}
