import RootmailSigV4

/// One AWS operation to send: the service and operation (for signing, errors and logs) and the
/// request relative to the service's endpoint. `AWSClient.send` fills in the host, signs, sends
/// with retries and turns error responses into `AWSError`.
@_spi(RootmailHost) public struct AWSCall: Sendable {
  public var service: AWSServiceInfo
  public var operation: String
  public var method: String
  /// Percent-encoded path below the endpoint's base path, starting with `/`.
  public var path: String
  public var query: [(String, String)]
  public var headers: [(String, String)]
  public var body: [UInt8]
  public var payload: SigV4Signer.Payload
  /// Stream a successful response body to this file instead of memory (S3 GetObject).
  public var downloadPath: String?
  /// With `downloadPath`: the response's body holds the downloaded bytes too (whoever reads the
  /// file straight after is spared reading it back).
  public var keepsDownload = false
  /// When true, request and response bodies are never logged (they carry credentials).
  public var sensitive: Bool
  /// When false the request is sent unsigned (SSO portal, metadata services).
  public var signed: Bool
  /// Put before the endpoint's host (S3 virtual-hosted buckets: `bucket.`).
  public var hostPrefix: String?

  public init(
    service: AWSServiceInfo, operation: String, method: String = "POST", path: String = "/",
    query: [(String, String)] = [], headers: [(String, String)] = [], body: [UInt8] = [],
    payload: SigV4Signer.Payload = .signed, downloadPath: String? = nil, sensitive: Bool = false, signed: Bool = true
  ) {
    self.service = service
    self.operation = operation
    self.method = method
    self.path = path
    self.query = query
    self.headers = headers
    self.body = body
    self.payload = payload
    self.downloadPath = downloadPath
    self.sensitive = sensitive
    self.signed = signed
  }
}
