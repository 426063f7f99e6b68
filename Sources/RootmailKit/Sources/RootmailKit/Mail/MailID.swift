import RootmailSigV4

/// Mail ids: the first 12 hex digits of SHA-256 of the S3 key, stable across caches.
public enum MailID {
  public static func make(key: String) -> String {
    let digest = Digest.sha256(Array(key.utf8))
    return Hex.lowercase(digest.prefix(6))
  }

  /// Whether `text` can be an id or id prefix (4 to 12 lower-case hex digits).
  public static func isPrefix(_ text: String) -> Bool {
    (4...12).contains(text.count) && text.unicodeScalars.allSatisfy { ($0 >= "0" && $0 <= "9") || ($0 >= "a" && $0 <= "f") }
  }
}
