/// What the signer reads and writes of an HTTP request: its method, its path as sent (already
/// percent-encoded), its query, its headers and body. The kit's `AWSRequest` is one.
public protocol SigV4Request {
  var method: String { get }
  var path: String { get }
  var query: [(String, String)] { get }
  var headers: [(String, String)] { get set }
  var body: [UInt8] { get }
  /// The `Host` header's value (`host` or `host:port`).
  var hostHeader: String { get }
  /// The first value of a header, by case-insensitive name.
  func header(_ name: String) -> String?
  /// Sets a header, replacing every value it had.
  mutating func setHeader(_ name: String, _ value: String)
}

/// The credentials a request is signed with.
public protocol SigV4Identity {
  var accessKeyID: String { get }
  var secretAccessKey: String { get }
  /// Sent as `X-Amz-Security-Token` when present.
  var sessionToken: String? { get }
}
