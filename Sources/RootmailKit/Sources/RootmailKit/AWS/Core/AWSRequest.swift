/// An HTTP request to an AWS service, before and after signing. The path is kept exactly as it
/// goes on the wire (already percent-encoded), and the query as ordered (name, value) pairs
/// (not yet encoded), so the signer and the transport agree on every byte.
public struct AWSRequest: Sendable {
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
  private static let hexDigits = Array("0123456789ABCDEF".utf8)

  /// Whether a byte is left as it is by SigV4's URI encoding.
  @inline(__always)
  static func isUnreserved(_ b: UInt8) -> Bool {
    switch b {
    case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x2D, 0x2E, 0x5F, 0x7E: return true
    default: return false
    }
  }

  /// Percent-encodes `text` as SigV4 does (Python's `quote(text, safe='-_.~' [+ '/'])`).
  public static func encode(_ text: String, keepSlash: Bool = false) -> String {
    let utf8 = text.utf8
    if utf8.allSatisfy({ isUnreserved($0) || (keepSlash && $0 == 0x2F) }) { return text }
    var out: [UInt8] = []
    out.reserveCapacity(utf8.count * 3)
    for b in utf8 {
      if isUnreserved(b) || (keepSlash && b == 0x2F) {
        out.append(b)
      } else {
        out.append(0x25)
        out.append(hexDigits[Int(b >> 4)])
        out.append(hexDigits[Int(b & 0xF)])
      }
    }
    return String(decoding: out, as: UTF8.self)
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
