import Synchronization

/// Keeps secrets out of logs and messages. The credential chain registers every secret it
/// hands out (secret keys, session tokens) and the network providers their tokens; the log
/// handler passes every line through `redact` (registered values, and the values of
/// Authorization-style headers masked by name), and messages on stderr through
/// `redactSecrets` (registered values only). Data on stdout is never redacted: a mapping whose
/// tag says `Authorization: x` is data, and `--output json` must stay what the store holds.
@_spi(RootmailHost) public final class Redactor: Sendable {
  public static let shared = Redactor()
  private let secrets = Mutex<Set<String>>([])

  public init() {}

  /// Registers a value that must never be printed (ignored when shorter than 8 characters).
  public func register(_ secret: String) {
    guard secret.count >= 8 else { return }
    secrets.withLock { _ = $0.insert(secret) }
  }

  /// Registers the secret key and session token of `credentials` (not the access key id,
  /// which AWS prints in errors and is no secret).
  public func register(_ credentials: AWSCredentials) {
    register(credentials.secretAccessKey)
    if let token = credentials.sessionToken { register(token) }
  }

  /// For log lines (requests, responses): registered secrets, and sensitive headers by name.
  public func redact(_ text: String) -> String {
    Redactor.maskSensitiveHeaders(redactSecrets(text))
  }

  /// For messages: the registered secret values replaced, nothing else changed.
  public func redactSecrets(_ text: String) -> String {
    let known = secrets.withLock { $0 }
    var result = text
    for secret in known where result.contains(secret) {
      result = result.replacing(secret, with: "[REDACTED]")
    }
    return result
  }

  /// Header names whose values are always masked wherever they appear as `Name: value`.
  public static let sensitiveHeaders = ["authorization", "x-amz-security-token", "x-amz-signature"]

  static func maskSensitiveHeaders(_ text: String) -> String {
    let lower = text.lowercased()
    guard sensitiveHeaders.contains(where: { lower.contains($0) }) else { return text }
    return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
      let l = line.lowercased()
      for name in sensitiveHeaders {
        if let r = l.firstRange(of: name + ":") ?? l.firstRange(of: name + "=") {
          let offset = l.distance(from: l.startIndex, to: r.upperBound)
          return String(line.prefix(offset)) + " [REDACTED]"
        }
      }
      return String(line)
    }.joined(separator: "\n")
  }
}
