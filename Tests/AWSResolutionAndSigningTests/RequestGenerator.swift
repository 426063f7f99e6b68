@_spi(RootmailHost) import RootmailKit
import RootmailSigV4

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// SplitMix64: a small deterministic generator, so every run signs the same requests.
struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// One generated request with everything needed to sign it.
struct GeneratedRequest {
  var request: AWSRequest
  var service: String
  var region: String
  var credentials: AWSCredentials
  var date: Date
  var payload: SigV4Signer.Payload

  /// The JSON line `botocore_sign.py` reads: the request as our transport sends it.
  var json: String {
    let headers = request.headers.map { JSONValue.array([.string($0.0), .string($0.1)]) }
    return JSONValue.object([
      ("service", .string(service)), ("region", .string(region)), ("method", .string(request.method)),
      ("url", .string(request.urlString)), ("headers", .array(headers)),
      ("body_hex", .string(request.body.map { String($0 >> 4, radix: 16) + String($0 & 0xF, radix: 16) }.joined())),
      ("access_key", .string(credentials.accessKeyID)), ("secret_key", .string(credentials.secretAccessKey)),
      ("token", credentials.sessionToken.map { .string($0) } ?? .null),
      ("epoch", .int(Int(date.timeIntervalSince1970))), ("unsigned", .bool(payload == .unsigned)),
    ]).compact
  }
}

/// Generates requests that stress every rule of the canonical request: methods, paths with
/// spaces, unicode, reserved characters and `.`/`..` segments, repeated and empty query
/// parameters, header values with runs of spaces and tabs, bodies, session tokens, S3.
struct RequestGenerator {
  var rng: SeededGenerator

  init(seed: UInt64) { rng = SeededGenerator(seed: seed) }

  static let methods = ["GET", "POST", "PUT", "DELETE", "HEAD", "PATCH"]
  static let services = ["s3", "s3", "service", "dynamodb", "sts", "route53", "email", "ssm", "organizations"]
  static let regions = ["us-east-1", "eu-west-1", "ap-southeast-2", "us-gov-west-1", "cn-north-1"]
  static let hosts: [(String, String, Int?)] = [
    ("https", "example.amazonaws.com", nil), ("https", "dynamodb.eu-west-1.amazonaws.com", 443),
    ("http", "127.0.0.1", 5000), ("http", "localhost", 80), ("https", "bucket.s3.amazonaws.com", 8443),
  ]
  static let pathPieces = [
    "a", "Example", "with space", "two  spaces", "\u{1234}", "caf\u{E9}", "\u{65E5}\u{672C}", "\u{1F600}", "a+b", "x=y",
    "semi;colon", "colon:at@", "bang!dollar$", "amp&quote'", "paren(s)*", ",comma", "per%cent", "q?mark", "hash#",
    "tilde~", "-_.~", "[brackets]", ".", "..", "", "...", ".hidden", "file.txt", "2013-04-01", "hostedzone", "Z1D633PJN98FT9",
  ]
  static let queryNames = [
    "Param1", "Param1", "param1", "list-type", "prefix", "max-keys", "Action", "Version", "a", "b", "", "with space",
    "\u{1234}", "x+y", "k=v", "amp&", "~tilde", "UPPER", "continuation-token", "Tag.1.Key",
  ]
  static let queryValues = [
    "", "", "value1", "Value1", "value 2", "a+b", "a=b&c", "/slash/", "\u{E9}t\u{E9}", "\u{1F600}", "%41", "2", "100",
    "  lead", "trail  ", "~", "*", "RootMail/", "ListObjectsV2", "2010-12-01",
  ]
  static let headerNames = [
    "X-Custom", "x-amz-meta-owner", "Content-Type", "My-Header1", "My-Header1", "X-Amz-Target", "Content-MD5",
    "User-Agent", "Expect", "x-amz-acl", "X-Amz-Meta-Mixed-Case",
  ]
  static let headerValues = [
    "value", "  leading", "trailing   ", "a   b   c", "tab\there", "\t\tmix \t of\t \tboth  ", "\"a   b\"", "",
    "application/x-amz-json-1.0", "DynamoDB_20120810.GetItem", "100-continue", "botocore/1.0 Python/3",
    "text/plain; charset=utf-8", "multiple,values,  here", "caf\u{E9}",
  ]
  static let bodies = ["", "", "Action=GetCallerIdentity&Version=2011-06-15", "{\"TableName\":\"t\"}", "h\u{E9}llo \u{1F600}"]

  mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &rng)] }
  mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &rng) < percent }

  /// A wire path: each raw segment percent-encoded, except `.`/`..` kept and, sometimes,
  /// sub-delimiters left as they are (legal unencoded in a path).
  mutating func path(s3: Bool) -> String {
    var segments: [String] = []
    if s3 { segments.append(pick(["bucket", "my-bucket", "b.with.dots"])) }
    for _ in 0..<Int.random(in: 0...4, using: &rng) {
      let raw = pick(Self.pathPieces)
      if raw == "." || raw == ".." {
        segments.append(raw)
      } else if chance(20) {
        segments.append(
          raw.unicodeScalars.map { "!$&'()*+,;=:@".unicodeScalars.contains($0) ? String($0) : AWSURI.encode(String($0)) }
            .joined())
      } else {
        segments.append(AWSURI.encode(raw))
      }
    }
    return "/" + segments.joined(separator: "/") + (chance(20) ? "/" : "")
  }

  mutating func next() -> GeneratedRequest {
    let service = pick(Self.services)
    let (scheme, host, port) = pick(Self.hosts)
    var query: [(String, String)] = []
    for _ in 0..<Int.random(in: 0...5, using: &rng) { query.append((pick(Self.queryNames), pick(Self.queryValues))) }
    var headers: [(String, String)] = []
    for _ in 0..<Int.random(in: 0...4, using: &rng) { headers.append((pick(Self.headerNames), pick(Self.headerValues))) }
    let token = chance(30) ? "FQoGZXIvYXdzE" + String(Int.random(in: 0..<1_000_000_000, using: &rng)) + "//+=" : nil
    let credentials = AWSCredentials(
      accessKeyID: pick(["AKIDEXAMPLE", "AKIAIOSFODNN7EXAMPLE", "ASIAXXXXXXXXXXXXXXXX"]),
      secretAccessKey: pick(["wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"]),
      sessionToken: token, source: "generated")
    let request = AWSRequest(
      method: pick(Self.methods), scheme: scheme, host: host, port: port, path: path(s3: service == "s3"), query: query,
      headers: headers, body: Array(pick(Self.bodies).utf8))
    // 2000-01-01 … 2037-12-31, whole seconds.
    let date = Date(timeIntervalSince1970: Double(Int.random(in: 946_684_800...2_145_916_799, using: &rng)))
    let unsigned = service == "s3" && chance(35)
    return GeneratedRequest(
      request: request, service: service, region: pick(Self.regions), credentials: credentials, date: date,
      payload: unsigned ? .unsigned : .signed)
  }
}
