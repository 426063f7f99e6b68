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

/// Percent-encoding as SigV4 defines it: every byte except `A-Z a-z 0-9 - _ . ~` is encoded.
public enum AWSURI {
  public static func encode(_ text: String, keepSlash: Bool = false) -> String {
    var out = ""
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
        UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
        out.unicodeScalars.append(Unicode.Scalar(byte))
      case UInt8(ascii: "/") where keepSlash:
        out += "/"
      default:
        let hex = Array("0123456789ABCDEF".utf8)
        out += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]], as: UTF8.self)
      }
    }
    return out
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
