/// Small unsigned HTTP calls for the credential providers that ask a local endpoint (container
/// and instance metadata) or a portal: a bounded number of attempts, a short timeout, and the
/// JSON credential document AWS's metadata endpoints return.
enum MetadataHTTP {
  /// Sends `request` under the context's `RetryPolicy` (backoff with jitter; transport failures
  /// and 5xx retried), at most `attempts` attempts. A 5xx after the last attempt is returned.
  static func send(
    _ request: AWSRequest, context: CredentialContext, timeout: Double, attempts: Int = 2
  ) async throws -> AWSResponse {
    let transport = try await context.transport()
    var policy = context.retryPolicy
    policy.maxAttempts = max(1, attempts)
    return try await policy.run(
      { _ in try await transport.send(request, timeout: timeout) },
      classify: { result in
        switch result {
        case .success(let response) where response.status >= 500: return .serviceError(status: response.status, code: nil)
        case .success: return .success
        case .failure(let error as TransportError):
          return .transportError(retryable: error.isRetryable, timeout: error.isTimeout)
        case .failure: return .transportError(retryable: false, timeout: false)
        }
      })
  }

  /// Reads `{"AccessKeyId", "SecretAccessKey", "Token", "Expiration"}` (container, IMDS, the
  /// credential_process shape).
  static func credentials(from body: [UInt8], source: String) throws -> AWSCredentials {
    let json: JSONValue
    do { json = try JSONValue.parse(body) } catch {
      throw credentialError(source, "the credential document is not JSON (\(error))")
    }
    guard let id = json["AccessKeyId"]?.stringValue, let secret = json["SecretAccessKey"]?.stringValue, !id.isEmpty,
      !secret.isEmpty
    else { throw credentialError(source, "the credential document has no AccessKeyId/SecretAccessKey") }
    let token = json["Token"]?.stringValue ?? json["SessionToken"]?.stringValue
    let expiration = json["Expiration"]?.stringValue.flatMap(Timestamp.parse)
    return AWSCredentials(accessKeyID: id, secretAccessKey: secret, sessionToken: token, expiration: expiration, source: source)
  }

  static func credentialError(_ source: String, _ message: String) -> CredentialError {
    CredentialError(source: source, message)
  }

  /// Parses `http://host[:port]/path?query` into a request; nil when it is not such a URL.
  static func request(_ url: String, method: String = "GET", headers: [(String, String)] = []) -> AWSRequest? {
    guard let sep = url.firstRange(of: "://") else { return nil }
    let rest = url[sep.upperBound...]
    let slash = rest.firstIndex(of: "/") ?? rest.endIndex
    guard let origin = try? AWSEndpoint.parseURL(String(url[..<slash]), source: "metadata URL") else { return nil }
    var path = slash < rest.endIndex ? String(rest[slash...]) : "/"
    var query: [(String, String)] = []
    if let q = path.firstIndex(of: "?") {
      query = path[path.index(after: q)...].split(separator: "&").map { pair in
        let parts = pair.split(separator: "=", maxSplits: 1)
        return (
          AWSURI.decode(String(parts[0])), parts.count > 1 ? AWSURI.decode(String(parts[1])) : ""
        )
      }
      path = String(path[..<q])
    }
    return AWSRequest(
      method: method, scheme: origin.scheme, host: origin.host, port: origin.port, path: path, query: query,
      headers: headers)
  }
}
