import Synchronization

/// Keeps secrets out of logs and output. Every credential, session token or signature the kit
/// handles is registered here; everything written through `Output` or the logger is passed
/// through `redact` first, and Authorization-style headers are masked by name.
public final class Redactor: Sendable {
  public static let shared = Redactor()
  private let secrets = Mutex<Set<String>>([])

  public init() {}

  /// Registers a value that must never be printed (ignored when shorter than 8 characters).
  public func register(_ secret: String) {
    guard secret.count >= 8 else { return }
    secrets.withLock { _ = $0.insert(secret) }
  }

  public func redact(_ text: String) -> String {
    let known = secrets.withLock { $0 }
    var result = text
    for secret in known where result.contains(secret) {
      result = result.replacing(secret, with: "[REDACTED]")
    }
    return Redactor.maskSensitiveHeaders(result)
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
