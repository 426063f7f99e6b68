import Crypto

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Signs requests with AWS Signature Version 4 (header authentication).
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
public struct SigV4Signer: Sendable {
  public let service: String
  public let region: String
  /// S3 signs the path as sent (no normalisation, no second encoding).
  public var isS3: Bool { service == "s3" }

  public init(service: String, region: String) {
    self.service = service
    self.region = region
  }

  /// `UNSIGNED-PAYLOAD` for S3 uploads streamed without hashing; otherwise the body's SHA-256.
  public enum Payload: Sendable {
    case signed
    case unsigned
  }

  /// Adds `X-Amz-Date`, `X-Amz-Content-Sha256` (S3), `X-Amz-Security-Token` and `Authorization`.
  public func sign(_ request: inout AWSRequest, credentials: AWSCredentials, date: Date, payload: Payload = .signed) {
    let (amzDate, day) = Self.timestamps(date)
    request.setHeader("Host", request.hostHeader)
    request.setHeader("X-Amz-Date", amzDate)
    let payloadHash = payload == .unsigned ? "UNSIGNED-PAYLOAD" : Self.hex(SHA256.hash(data: request.body))
    if isS3 { request.setHeader("X-Amz-Content-Sha256", payloadHash) }
    if let token = credentials.sessionToken { request.setHeader("X-Amz-Security-Token", token) }
    let (canonical, signedHeaders) = canonicalRequest(request, payloadHash: payloadHash)
    let scope = "\(day)/\(region)/\(service)/aws4_request"
    let stringToSign = "AWS4-HMAC-SHA256\n\(amzDate)\n\(scope)\n" + Self.hex(SHA256.hash(data: Array(canonical.utf8)))
    let signature = Self.hex(signingKey(secret: credentials.secretAccessKey, day: day).authenticationCode(for: stringToSign))
    Redactor.shared.register(signature)
    request.setHeader(
      "Authorization",
      "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), SignedHeaders=\(signedHeaders), Signature=\(signature)")
  }

  /// The canonical request text and the signed-headers list.
  public func canonicalRequest(_ request: AWSRequest, payloadHash: String) -> (String, String) {
    let uri = isS3 ? request.path : AWSURI.encode(Self.normalize(request.path), keepSlash: true)
    let encoded: [(String, String)] = request.query.map { (AWSURI.encode($0.0), AWSURI.encode($0.1)) }
    let sorted = encoded.sorted { (a: (String, String), b: (String, String)) -> Bool in a.0 == b.0 ? a.1 < b.1 : a.0 < b.0 }
    let query = sorted.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    var headers: [String: [String]] = [:]
    for (name, value) in request.headers where name.lowercased() != "authorization" {
      headers[name.lowercased(), default: []].append(Self.trimAndFold(value))
    }
    let names = headers.keys.sorted()
    let canonicalHeaders = names.map { "\($0):\(headers[$0]!.joined(separator: ","))\n" }.joined()
    let signed = names.joined(separator: ";")
    return ("\(request.method)\n\(uri)\n\(query)\n\(canonicalHeaders)\n\(signed)\n\(payloadHash)", signed)
  }

  struct HMACKey {
    let key: SymmetricKey
    func authenticationCode(for text: String) -> [UInt8] {
      Array(HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: key))
    }
  }

  func signingKey(secret: String, day: String) -> HMACKey {
    var key = SymmetricKey(data: Array(("AWS4" + secret).utf8))
    for part in [day, region, service, "aws4_request"] {
      key = SymmetricKey(data: Array(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
    }
    return HMACKey(key: key)
  }

  /// Values trimmed and runs of spaces folded to one (SigV4's `Trimall`).
  static func trimAndFold(_ value: String) -> String {
    var out = ""
    var lastSpace = false
    for c in value.trimmingSpaces() {
      if c == " " || c == "\t" {
        if !lastSpace { out.append(" ") }
        lastSpace = true
      } else {
        out.append(c)
        lastSpace = false
      }
    }
    return out
  }

  /// Decodes percent-escapes, removes `.` and resolves `..` segments (non-S3 services).
  static func normalize(_ encodedPath: String) -> String {
    let decoded = percentDecode(encodedPath)
    var parts: [Substring] = []
    for part in decoded.split(separator: "/", omittingEmptySubsequences: true) {
      if part == "." { continue }
      if part == ".." {
        if !parts.isEmpty { parts.removeLast() }
        continue
      }
      parts.append(part)
    }
    var path = "/" + parts.joined(separator: "/")
    if decoded.hasSuffix("/") && path != "/" { path += "/" }
    return path
  }

  static func percentDecode(_ s: String) -> String {
    var bytes: [UInt8] = []
    var it = Array(s.utf8)[...]
    while let b = it.popFirst() {
      if b == UInt8(ascii: "%"), it.count >= 2, let v = UInt8(String(decoding: it.prefix(2), as: UTF8.self), radix: 16) {
        bytes.append(v)
        it = it.dropFirst(2)
      } else {
        bytes.append(b)
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  static func timestamps(_ date: Date) -> (amzDate: String, day: String) {
    let seconds = Int(date.timeIntervalSince1970.rounded(.down))
    let days = seconds / 86400
    let secs = seconds % 86400
    let (y, m, d) = civilFromDays(days)
    func pad(_ n: Int, _ w: Int) -> String { String(repeating: "0", count: max(0, w - String(n).count)) + String(n) }
    let day = pad(y, 4) + pad(m, 2) + pad(d, 2)
    return (day + "T" + pad(secs / 3600, 2) + pad(secs / 60 % 60, 2) + pad(secs % 60, 2) + "Z", day)
  }

  /// Days since 1970-01-01 to (year, month, day), proleptic Gregorian (H. Hinnant's algorithm).
  static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
    let z = z0 + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
  }

  static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    for b in digest {
      out.append(digits[Int(b >> 4)])
      out.append(digits[Int(b & 0xF)])
    }
    return String(decoding: out, as: UTF8.self)
  }
}
