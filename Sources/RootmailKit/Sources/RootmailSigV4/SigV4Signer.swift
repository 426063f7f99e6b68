import Synchronization

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Signs requests with AWS Signature Version 4 (header authentication), byte for byte as
/// botocore's `SigV4Auth` (every service but S3) and `S3SigV4Auth` (S3) sign them.
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
///
/// The canonical URI is built from `AWSRequest.path` exactly as it goes on the wire (already
/// percent-encoded): for every service but S3 it is normalised (`.`/`..` segments resolved,
/// empty segments dropped) and percent-encoded a second time; for S3 it is used as it is.
public struct SigV4Signer: Sendable {
  public let service: String
  public let region: String
  /// Normalise the path and encode it again (true for every service but S3).
  public let normalizesPath: Bool

  public init(service: String, region: String, normalizesPath: Bool? = nil) {
    self.service = service
    self.region = region
    self.normalizesPath = normalizesPath ?? (service != "s3")
  }

  /// S3 signs the path as sent and always sends `X-Amz-Content-Sha256`.
  public var isS3: Bool { service == "s3" }

  /// How the body enters the signature.
  public enum Payload: Sendable, Equatable {
    /// The body's SHA-256.
    case signed
    /// `UNSIGNED-PAYLOAD` (S3 uploads streamed without hashing); sent as `X-Amz-Content-Sha256`.
    case unsigned
  }

  /// The hex SHA-256 of an empty body.
  public static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
  public static let unsignedPayload = "UNSIGNED-PAYLOAD"

  /// Headers never signed (botocore's list: hop-by-hop headers, `User-Agent`, the trace id),
  /// plus `Authorization` itself.
  public static let unsignedHeaders: Set<String> = [
    "authorization", "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
    "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id",
  ]

  /// Adds `Host`, `X-Amz-Date`, `X-Amz-Content-Sha256` (S3 or unsigned payload),
  /// `X-Amz-Security-Token` (with a session token) and `Authorization`.
  public func sign<Request: SigV4Request>(
    _ request: inout Request, credentials: some SigV4Identity, date: Date, payload: Payload = .signed
  ) {
    let time = SigV4Time(date)
    request.headers.removeAll { $0.0.lowercased() == "authorization" }
    request.setHeader("Host", request.hostHeader.lowercased())
    request.setHeader("X-Amz-Date", time.amzDate)
    if let token = credentials.sessionToken { request.setHeader("X-Amz-Security-Token", token) }
    let payloadHash: String
    if payload == .unsigned {
      payloadHash = Self.unsignedPayload
      request.setHeader("X-Amz-Content-Sha256", payloadHash)
    } else if isS3 {
      payloadHash = Self.hash(request.body)
      request.setHeader("X-Amz-Content-Sha256", payloadHash)
    } else {
      payloadHash = request.header("X-Amz-Content-Sha256") ?? Self.hash(request.body)
    }
    let canonical = canonicalRequest(request, payloadHash: payloadHash)
    let toSign = stringToSign(canonicalRequest: canonical.text, time: time)
    let signature = Hex.lowercase(signingKey(secret: credentials.secretAccessKey, day: time.day).sign(toSign))
    request.setHeader(
      "Authorization",
      "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope(day: time.day)), "
        + "SignedHeaders=\(canonical.signedHeaders), Signature=\(signature)")
  }

  /// The canonical request and its signed-headers list, for a request whose headers are final.
  public func canonicalRequest(_ request: some SigV4Request, payloadHash: String) -> (text: String, signedHeaders: String) {
    let uri = normalizesPath ? SigV4Encoding.uriEncode(Self.removeDotSegments(request.path), keepSlash: true) : request.path
    let query = Self.canonicalQuery(request.query)
    var names: [String] = []
    var values: [String: String] = [:]
    for (name, value) in request.headers {
      let key = name.lowercased()
      if Self.unsignedHeaders.contains(key) { continue }
      let folded = Self.trimAll(value)
      if let existing = values[key] {
        values[key] = existing + "," + folded
      } else {
        values[key] = folded
        names.append(key)
      }
    }
    names.sort(by: SigV4Encoding.byteOrder)
    var text = request.method.uppercased() + "\n" + uri + "\n" + query + "\n"
    for name in names { text += name + ":" + values[name]! + "\n" }
    let signed = names.joined(separator: ";")
    text += "\n" + signed + "\n" + payloadHash
    return (text, signed)
  }

  /// The string to sign for a canonical request.
  public func stringToSign(canonicalRequest: String, time: SigV4Time) -> String {
    "AWS4-HMAC-SHA256\n\(time.amzDate)\n\(scope(day: time.day))\n" + Self.hash(Array(canonicalRequest.utf8))
  }

  /// `<day>/<region>/<service>/aws4_request`.
  public func scope(day: String) -> String { "\(day)/\(region)/\(service)/aws4_request" }

  /// The derived key for one day, region and service; the last one is kept, since a process
  /// signs with the same key all day (as the AWS SDKs for Java and Go cache it).
  func signingKey(secret: String, day: String) -> SigV4Key {
    let id = SigV4Key.ID(secret: secret, day: day, region: region, service: service)
    if let cached = SigV4Key.last.withLock({ $0 }), cached.id == id { return cached }
    var key = Array(("AWS4" + secret).utf8)
    for part in [day, region, service, "aws4_request"] { key = Digest.hmacSHA256(key: key, Array(part.utf8)) }
    let derived = SigV4Key(id: id, key: key)
    SigV4Key.last.withLock { $0 = derived }
    return derived
  }

  /// Query pairs encoded, sorted by name then value (as encoded), joined with `&`.
  static func canonicalQuery(_ query: [(String, String)]) -> String {
    if query.isEmpty { return "" }
    let encoded = query.map { (SigV4Encoding.uriEncode($0.0), SigV4Encoding.uriEncode($0.1)) }
    let sorted = encoded.sorted {
      $0.0 == $1.0 ? SigV4Encoding.byteOrder($0.1, $1.1) : SigV4Encoding.byteOrder($0.0, $1.0)
    }
    return sorted.map { $0.0 + "=" + $0.1 }.joined(separator: "&")
  }

  /// SigV4's `Trimall`: leading and trailing whitespace removed, inner runs folded to one space
  /// (whitespace as Python's `str.split()` sees it, so multi-line values fold as botocore folds).
  static func trimAll(_ value: String) -> String {
    // Most values have nothing to trim or fold: plain ASCII with single inner spaces.
    var previous: UInt8 = 0x20
    var plain = true
    for b in value.utf8 {
      if b >= 0x80 || (b < 0x20 && b != 0x09) || b == 0x09 || (b == 0x20 && previous == 0x20) {
        plain = false
        break
      }
      previous = b
    }
    if plain && previous != 0x20 { return value }
    var out = String.UnicodeScalarView()
    var pendingSpace = false
    for scalar in value.unicodeScalars {
      if SigV4Encoding.isSpace(scalar) {
        pendingSpace = !out.isEmpty
      } else {
        if pendingSpace { out.append(" ") }
        pendingSpace = false
        out.append(scalar)
      }
    }
    return String(out)
  }

  /// RFC 3986 remove-dot-segments as botocore does it: `.` dropped, `..` pops, empty segments
  /// dropped, leading and (when anything is left) trailing slash kept. Works on the path as
  /// given (not decoded).
  static func removeDotSegments(_ path: String) -> String {
    if path.isEmpty { return "/" }
    var kept: [Substring] = []
    for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
      if segment == "." { continue }
      if segment == ".." {
        if !kept.isEmpty { kept.removeLast() }
        continue
      }
      kept.append(segment)
    }
    let first = path.hasPrefix("/") ? "/" : ""
    let last = path.hasSuffix("/") && !kept.isEmpty ? "/" : ""
    return first + kept.joined(separator: "/") + last
  }

  /// Hex SHA-256 of bytes.
  public static func hash(_ bytes: [UInt8]) -> String {
    bytes.isEmpty ? emptyPayloadHash : Hex.lowercase(Digest.sha256(bytes))
  }
}

/// A derived SigV4 signing key and what it was derived from.
struct SigV4Key: Sendable {
  struct ID: Equatable, Sendable {
    let secret: String
    let day: String
    let region: String
    let service: String
  }
  let id: ID
  let key: [UInt8]
  static let last = Mutex<SigV4Key?>(nil)

  func sign(_ text: String) -> [UInt8] { Digest.hmacSHA256(key: key, Array(text.utf8)) }
}
