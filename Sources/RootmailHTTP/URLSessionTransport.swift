// libRootmailHTTP.so: the kit's HTTP transport over FoundationNetworking (libcurl). The kit loads
// this library with dlopen the first time a command calls AWS (TransportLoader), so commands
// that never call AWS never load FoundationNetworking and its ~50 shared libraries.
import Foundation
import RootmailKit

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// `HTTPTransport` over one shared `URLSession` (connections are kept alive between calls).
public final class URLSessionTransport: HTTPTransport, @unchecked Sendable {
  let session: URLSession
  let keepAlive = ProcessInfo.processInfo.environment["ROOTMAIL_HTTP_KEEPALIVE"] == "1"

  public init() {
    let configuration = URLSessionConfiguration.ephemeral
    configuration.httpCookieStorage = nil
    configuration.urlCache = nil
    configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
    configuration.httpShouldSetCookies = false
    configuration.httpMaximumConnectionsPerHost = 16
    session = URLSession(configuration: configuration)
  }

  func urlRequest(_ request: AWSRequest, timeout: Double) throws -> URLRequest {
    guard let url = URL(string: request.urlString) else { throw TransportError.invalidRequest(request.urlString) }
    var r = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
    r.httpMethod = request.method
    for (name, value) in request.headers where name.lowercased() != "host" { r.setValue(value, forHTTPHeaderField: name) }
    // One connection per request: FoundationNetworking on Linux stalls until the timeout when a
    // server drops a reused keep-alive connection after receiving a request (no response,
    // no error), so connections are not reused unless ROOTMAIL_HTTP_KEEPALIVE=1.
    if !keepAlive { r.setValue("close", forHTTPHeaderField: "Connection") }
    if !request.body.isEmpty { r.httpBody = Data(request.body) }
    return r
  }

  static func response(_ raw: URLResponse?, body: [UInt8]) throws -> AWSResponse {
    guard let http = raw as? HTTPURLResponse else { throw TransportError.connectionDropped("no HTTP response") }
    var headers: [String: String] = [:]
    for (k, v) in http.allHeaderFields {
      if let k = k as? String, let v = v as? String { headers[k.lowercased()] = v }
    }
    return AWSResponse(status: http.statusCode, headers: headers, body: body)
  }

  static func classify(_ error: any Error, timeout: Double) -> TransportError {
    guard let e = error as? URLError else { return .connectionDropped("\(error)") }
    switch e.code {
    case .timedOut: return .timedOut(seconds: timeout)
    case .cannotConnectToHost, .cannotFindHost, .dnsLookupFailed, .secureConnectionFailed, .notConnectedToInternet:
      return .cannotConnect(e.localizedDescription)
    case .badURL, .unsupportedURL: return .invalidRequest(e.localizedDescription)
    default: return .connectionDropped("\(e.code.rawValue): \(e.localizedDescription)")
    }
  }

  public func send(_ request: AWSRequest, timeout: Double) async throws -> AWSResponse {
    let r = try urlRequest(request, timeout: timeout)
    return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<AWSResponse, any Error>) in
      let task = session.dataTask(with: r) { data, response, error in
        if let error {
          continuation.resume(throwing: Self.classify(error, timeout: timeout))
          return
        }
        continuation.resume(with: Result { try Self.response(response, body: data.map { [UInt8]($0) } ?? []) })
      }
      task.resume()
    }
  }

  public func download(_ request: AWSRequest, timeout: Double, to path: String) async throws -> AWSResponse {
    let r = try urlRequest(request, timeout: timeout)
    return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<AWSResponse, any Error>) in
      let task = session.downloadTask(with: r) { location, response, error in
        if let error {
          continuation.resume(throwing: Self.classify(error, timeout: timeout))
          return
        }
        continuation.resume(with: Result { try Self.finish(location, response, path: path) })
      }
      task.resume()
    }
  }

  /// Moves a successful body to `path` (through a temporary name beside it); reads an error body.
  static func finish(_ location: URL?, _ raw: URLResponse?, path: String) throws -> AWSResponse {
    let fm = FileManager.default
    guard let location else { throw TransportError.connectionDropped("no body") }
    defer { try? fm.removeItem(at: location) }
    var response = try Self.response(raw, body: [])
    guard (200..<300).contains(response.status) else {
      response.body = (try? [UInt8](Data(contentsOf: location))) ?? []
      return response
    }
    if let expected = response.headers["content-length"].flatMap(Int.init),
      let size = (try? fm.attributesOfItem(atPath: location.path))?[.size] as? Int, size != expected
    {
      throw TransportError.connectionDropped("body truncated: \(size) of \(expected) bytes")
    }
    let partial = path + ".part-\(getpid())"
    do {
      try? fm.removeItem(atPath: partial)
      try fm.moveItem(atPath: location.path, toPath: partial)
      if fm.fileExists(atPath: path) { try fm.removeItem(atPath: path) }
      try fm.moveItem(atPath: partial, toPath: path)
    } catch {
      try? fm.removeItem(atPath: partial)
      throw TransportError.fileError("\(path): \(error.localizedDescription)")
    }
    return response
  }
}

/// The factory symbol the kit's `TransportLoader` looks up: a retained `URLSessionTransport`.
@_cdecl("rootmail_http_transport_create")
public func rootmailHTTPTransportCreate() -> UnsafeMutableRawPointer {
  Unmanaged.passRetained(URLSessionTransport() as AnyObject).toOpaque()
}
