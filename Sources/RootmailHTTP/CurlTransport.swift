// libRootmailHTTP.so: the kit's HTTP transport on libcurl, used directly (no Foundation). The
// kit loads this library with dlopen the first time a command calls AWS (TransportLoader), so
// commands that never call AWS never load libcurl and its shared libraries.
@_spi(RootmailHost) import RootmailKit

/// `HTTPTransport` over one process-wide libcurl multi handle (`CurlLoop`): keep-alive
/// connections reused across requests and concurrent downloads, HTTP/2 where the server
/// offers it, proxies, CA bundles and timeouts from each request's `ConnectionOptions`.
@_spi(RootmailHost) public final class CurlTransport: HTTPTransport {
  let loop = CurlLoop()

  public init() {}

  public func send(_ request: AWSRequest, timeout: Double) async throws -> AWSResponse {
    try await withCheckedThrowingContinuation { continuation in
      loop.submit(CurlTransfer(request: request, readTimeout: timeout, downloadPath: nil, continuation: continuation))
    }
  }

  public func download(_ request: AWSRequest, timeout: Double, to path: String) async throws -> AWSResponse {
    try await withCheckedThrowingContinuation { continuation in
      loop.submit(CurlTransfer(request: request, readTimeout: timeout, downloadPath: path, continuation: continuation))
    }
  }
}

/// The factory symbol the kit's `TransportLoader` looks up: a retained `CurlTransport`.
@_cdecl("rootmail_http_transport_create")
public func rootmailHTTPTransportCreate() -> UnsafeMutableRawPointer {
  Unmanaged.passRetained(CurlTransport() as AnyObject).toOpaque()
}
