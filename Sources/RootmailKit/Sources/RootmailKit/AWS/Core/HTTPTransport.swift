/// Sends HTTP requests for the AWS client. The kit holds only this protocol; the implementation
/// (libcurl) lives in libRootmailHTTP.so and is loaded the first time a
/// command calls AWS (`TransportLoader`), so commands that never call AWS never pay for it.
public protocol HTTPTransport: AnyObject, Sendable {
  /// Sends a request and returns the whole response; throws `TransportError` when no HTTP
  /// response arrived (refused or dropped connection, timeout).
  /// `timeout` is the read timeout: seconds without any data from the server before the attempt
  /// fails (0: no limit); the connect timeout, CA bundle and proxy come with the request
  /// (`AWSRequest.connection`).
  func send(_ request: AWSRequest, timeout: Double) async throws -> AWSResponse

  /// Sends a request and streams a successful (2xx) response body into the file at `path`
  /// (written to a temporary file beside it, then renamed). The returned response has an empty
  /// body on success; for an error status the body holds the error document and no file is made.
  func download(_ request: AWSRequest, timeout: Double, to path: String) async throws -> AWSResponse
}

/// Why no HTTP response arrived. Every case but `invalidRequest` is worth a retry.
public enum TransportError: Error, Sendable, CustomStringConvertible, Equatable {
  /// The connection could not be made (refused, DNS, TLS).
  case cannotConnect(String)
  /// The connection was closed before a whole response arrived.
  case connectionDropped(String)
  /// No response within the timeout.
  case timedOut(seconds: Double)
  /// The request could not be sent at all (a bad URL); never retried.
  case invalidRequest(String)
  /// Writing a downloaded body to its file failed; never retried.
  case fileError(String)
  /// TLS verification refused the server's certificate, or the CA bundle is unreadable; never
  /// retried.
  case untrusted(String)

  public var description: String {
    switch self {
    case .cannotConnect(let m): return "cannot connect: \(m)"
    case .connectionDropped(let m): return "connection dropped: \(m)"
    case .timedOut(let s): return "no response within \(s) seconds"
    case .invalidRequest(let m): return "invalid request: \(m)"
    case .fileError(let m): return "cannot write the response body: \(m)"
    case .untrusted(let m): return "TLS certificate refused: \(m)"
    }
  }

  /// Whether sending the same request again may succeed.
  public var isRetryable: Bool {
    switch self {
    case .cannotConnect, .connectionDropped, .timedOut: return true
    case .invalidRequest, .fileError, .untrusted: return false
    }
  }
}
