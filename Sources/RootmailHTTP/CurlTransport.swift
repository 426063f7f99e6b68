// libRootmailHTTP.so: the kit's HTTP transport on libcurl, used directly (no Foundation). The
// kit loads this library with dlopen the first time a command calls AWS (TransportLoader), so
// commands that never call AWS never load libcurl and its shared libraries.
@_spi(RootmailHost) import RootmailKit
import Synchronization

/// `HTTPTransport` over one process-wide libcurl multi handle (`CurlLoop`): keep-alive
/// connections reused across requests and concurrent downloads, HTTP/2 where the server
/// offers it, proxies, CA bundles and timeouts from each request's `ConnectionOptions`; a
/// cancelled task's transfer is taken off the loop at once.
@_spi(RootmailHost) public final class CurlTransport: HTTPTransport {
  let loop = CurlLoop()

  public init() {}

  public func send(_ request: AWSRequest, timeout: Double) async throws -> AWSResponse {
    try await perform(request, timeout: timeout, downloadPath: nil)
  }

  public func download(_ request: AWSRequest, timeout: Double, to path: String) async throws -> AWSResponse {
    try await perform(request, timeout: timeout, downloadPath: path)
  }

  /// Runs one transfer on the loop; cancelling the calling task ends it at once with
  /// `CancellationError` (a download's temporary file removed), whatever its timeouts.
  private func perform(_ request: AWSRequest, timeout: Double, downloadPath: String?) async throws -> AWSResponse {
    let ticket = CancelTicket()
    return try await withTaskCancellationHandler {
      try await withCheckedThrowingContinuation { continuation in
        let transfer = CurlTransfer(
          request: request, readTimeout: timeout, downloadPath: downloadPath, continuation: continuation)
        // Submitted before the ticket holds it: a cancellation the loop sees is then always
        // after the transfer's start.
        loop.submit(transfer)
        if ticket.hold(transfer) { loop.cancel(transfer) }
      }
    } onCancel: {
      if let transfer = ticket.cancel() { loop.cancel(transfer) }
    }
  }
}

/// Between a transfer's submission and its task's cancellation handler, which may run first or
/// on another thread: whichever comes second hands the transfer to `CurlLoop.cancel`.
final class CancelTicket: Sendable {
  private let state = Mutex<(transfer: CurlTransfer?, cancelled: Bool)>((nil, false))

  /// Keeps the submitted transfer; true when the task was already cancelled.
  func hold(_ transfer: CurlTransfer) -> Bool {
    state.withLock { state in
      state.transfer = transfer
      return state.cancelled
    }
  }

  /// Marks the task cancelled; the transfer when it was already submitted.
  func cancel() -> CurlTransfer? {
    state.withLock { state in
      state.cancelled = true
      return state.transfer
    }
  }
}

/// The factory symbol the kit's `TransportLoader` looks up: a retained `CurlTransport`.
@_cdecl("rootmail_http_transport_create")
public func rootmailHTTPTransportCreate() -> UnsafeMutableRawPointer {
  Unmanaged.passRetained(CurlTransport() as AnyObject).toOpaque()
}
