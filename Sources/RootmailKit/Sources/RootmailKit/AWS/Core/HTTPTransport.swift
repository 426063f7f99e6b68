/// Sends HTTP requests for the AWS client. The kit holds only this protocol; the implementation
/// (libcurl) lives in libRootmailHTTP.so and is loaded the first time a
/// command calls AWS (`TransportLoader`), so commands that never call AWS never pay for it.
@_spi(RootmailHost) public protocol HTTPTransport: AnyObject, Sendable {
  /// Sends a request and returns the whole response; throws `TransportError` when no HTTP
  /// response arrived (refused or dropped connection, timeout).
  /// `timeout` is the read timeout: seconds without any data from the server before the attempt
  /// fails (0: no limit), and the window the minimum speed is averaged over; the connect and
  /// total timeouts, the minimum speed, CA bundle and proxy come with the request
  /// (`AWSRequest.connection`). Cancelling the calling task ends the request at once with
  /// `CancellationError`.
  func send(_ request: AWSRequest, timeout: Double) async throws -> AWSResponse

  /// Sends a request and streams a successful (2xx) response body into the file at `path`
  /// (written to a temporary file beside it, then renamed). The returned response has an empty
  /// body on success (the file's bytes when `request.keepsDownload`, if the transport keeps
  /// them); for an error status the body holds the error document and no file is made.
  func download(_ request: AWSRequest, timeout: Double, to path: String) async throws -> AWSResponse
}

/// Why no HTTP response arrived. Every case but `invalidRequest` is worth a retry.
@_spi(RootmailHost) public enum TransportError: Error, Sendable, CustomStringConvertible, Equatable {
  /// The connection could not be made (refused, DNS, TLS).
  case cannotConnect(String)
  /// The connection was closed before a whole response arrived.
  case connectionDropped(String)
  /// No response within the timeout.
  case timedOut(seconds: Double)
  /// Fewer than `bytesPerSecond` bytes a second moved for `seconds` (the read timeout): a
  /// server trickling its answer.
  case tooSlow(bytesPerSecond: Int, seconds: Double)
  /// The attempt was not done within `seconds` (`total_timeout`, plus a download's size at the
  /// minimum speed).
  case deadlineExceeded(seconds: Double)
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
    case .tooSlow(let rate, let s): return "fewer than \(rate) bytes a second for \(s) seconds (read_timeout)"
    case .deadlineExceeded(let s): return "not done within \(s) seconds (total_timeout)"
    case .invalidRequest(let m): return "invalid request: \(m)"
    case .fileError(let m): return "cannot write the response body: \(m)"
    case .untrusted(let m): return "TLS certificate refused: \(m)"
    }
  }

  /// Whether sending the same request again may succeed.
  public var isRetryable: Bool {
    switch self {
    case .cannotConnect, .connectionDropped, .timedOut, .tooSlow, .deadlineExceeded: return true
    case .invalidRequest, .fileError, .untrusted: return false
    }
  }

  /// Whether the attempt ran out of time (a retry after it costs the retry quota more).
  public var isTimeout: Bool {
    switch self {
    case .timedOut, .tooSlow, .deadlineExceeded: return true
    default: return false
    }
  }
}
