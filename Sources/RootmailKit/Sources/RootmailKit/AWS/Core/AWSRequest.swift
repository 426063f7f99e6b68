import RootmailSigV4

/// An HTTP request to an AWS service, before and after signing. The path is kept exactly as it
/// goes on the wire (already percent-encoded), and the query as ordered (name, value) pairs
/// (not yet encoded), so the signer and the transport agree on every byte.
public struct AWSRequest: Sendable, SigV4Request {
  public var method: String
  /// `https` or `http`.
  public var scheme: String
  public var host: String
  public var port: Int?
  /// The percent-encoded path, starting with `/`.
  public var path: String
  /// Query parameters, not encoded; encoded by `AWSURI.encodeQuery`.
  public var query: [(String, String)]
  /// Header names as given; signing lower-cases them.
  public var headers: [(String, String)]
  public var body: [UInt8]
  /// How the transport reaches the server: CA bundle, proxy, connect timeout (never signed).
  @_spi(RootmailHost) public var connection = ConnectionOptions()
  /// A download (`HTTPTransport.download`) returns its body too, besides writing the file.
  @_spi(RootmailHost) public var keepsDownload = false

  public init(
    method: String, scheme: String = "https", host: String, port: Int? = nil, path: String = "/",
    query: [(String, String)] = [], headers: [(String, String)] = [], body: [UInt8] = []
  ) {
    self.method = method
    self.scheme = scheme
    self.host = host
    self.port = port
    self.path = path
    self.query = query
    self.headers = headers
    self.body = body
  }

  /// The Host header value: the host, with the port unless it is the scheme's default.
  public var hostHeader: String {
    guard let port, !(scheme == "https" && port == 443), !(scheme == "http" && port == 80) else { return host }
    return "\(host):\(port)"
  }

  /// The full URL as text, query encoded the way it is signed.
  public var urlString: String {
    let q = AWSURI.encodeQuery(query)
    return "\(scheme)://\(hostHeader)\(path)" + (q.isEmpty ? "" : "?" + q)
  }

  public func header(_ name: String) -> String? {
    headers.first { $0.0.lowercased() == name.lowercased() }?.1
  }

  public mutating func setHeader(_ name: String, _ value: String) {
    headers.removeAll { $0.0.lowercased() == name.lowercased() }
    headers.append((name, value))
  }
}

/// A response from an AWS service.
public struct AWSResponse: Sendable {
  public var status: Int
  /// Header names lower-cased.
  public var headers: [String: String]
  public var body: [UInt8]

  public init(status: Int, headers: [String: String], body: [UInt8]) {
    self.status = status
    self.headers = headers
    self.body = body
  }
}

/// Percent-encoding as SigV4 defines it (every byte except `A-Z a-z 0-9 - _ . ~`, optionally
/// `/`) and its inverse: the one encoder the signer, the protocols and the services use.
@_spi(RootmailHost) public enum AWSURI {
  /// Percent-encodes `text` as SigV4 does (Python's `quote(text, safe='-_.~' [+ '/'])`).
  public static func encode(_ text: String, keepSlash: Bool = false) -> String {
    SigV4Encoding.uriEncode(text, keepSlash: keepSlash)
  }

  /// Decodes `%XX` escapes (invalid escapes are kept as they are).
  public static func decode(_ text: String) -> String {
    var bytes: [UInt8] = []
    var rest = Array(text.utf8)[...]
    while let b = rest.popFirst() {
      if b == UInt8(ascii: "%"), rest.count >= 2, let v = UInt8(String(decoding: rest.prefix(2), as: UTF8.self), radix: 16) {
        bytes.append(v)
        rest = rest.dropFirst(2)
      } else {
        bytes.append(b)
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// `name=value&…`, each part encoded, in the given order.
  public static func encodeQuery(_ query: [(String, String)]) -> String {
    query.map { encode($0.0) + "=" + encode($0.1) }.joined(separator: "&")
  }
}
