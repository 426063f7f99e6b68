// Implementation-only, as swift-crypto imports its BoringSSL: a plugin built against the kit
// (by SwiftPM or by hand with swiftc) never needs libcrypto's module map, and no C type appears
// in the kit's interface or in the layout of its types (only OpaquePointer), which is what the
// compiler's library-evolution warning is about.
@_implementationOnly import COpenSSLCrypto

/// SHA-256, HMAC-SHA256, SHA-1 and MD5 from the system's OpenSSL libcrypto (EVP), for the
/// signer (SHA-256, HMAC), S3's `Content-MD5` and the SSO token cache's file names (SHA-1).
public enum Digest {
  /// The fetched algorithms, fetched once: an `EVP_MD` is immutable after fetching and OpenSSL
  /// documents it as safe to share between threads, hence `@unchecked Sendable`.
  struct Algorithms: @unchecked Sendable {
    let sha256: OpaquePointer
    let sha1: OpaquePointer
    let md5: OpaquePointer

    static let shared = Algorithms(
      sha256: EVP_MD_fetch(nil, "SHA256", nil), sha1: EVP_MD_fetch(nil, "SHA1", nil), md5: EVP_MD_fetch(nil, "MD5", nil))
  }

  static func digest(_ bytes: [UInt8], _ md: OpaquePointer, size: Int) -> [UInt8] {
    [UInt8](unsafeUninitializedCapacity: size) { out, count in
      var length: UInt32 = 0
      bytes.withUnsafeBytes { input in
        _ = EVP_Digest(input.baseAddress, input.count, out.baseAddress, &length, md, nil)
      }
      count = Int(length)
    }
  }

  /// The SHA-256 of `bytes` (32 bytes).
  public static func sha256(_ bytes: [UInt8]) -> [UInt8] { digest(bytes, Algorithms.shared.sha256, size: 32) }
  /// The SHA-1 of `bytes` (20 bytes).
  public static func sha1(_ bytes: [UInt8]) -> [UInt8] { digest(bytes, Algorithms.shared.sha1, size: 20) }
  /// The MD5 of `bytes` (16 bytes).
  public static func md5(_ bytes: [UInt8]) -> [UInt8] { digest(bytes, Algorithms.shared.md5, size: 16) }

  /// HMAC-SHA256 of `data` under `key` (32 bytes), RFC 2104 over the pre-fetched SHA-256:
  /// OpenSSL 3's one-shot `HMAC()` fetches the MAC and the digest by name on every call, which
  /// costs more than the signature itself.
  public static func hmacSHA256(key: [UInt8], _ data: [UInt8]) -> [UInt8] {
    let block = 64
    var padded = key.count > block ? sha256(key) : key
    padded += [UInt8](repeating: 0, count: block - padded.count)
    var inner = padded.map { $0 ^ 0x36 }
    inner += data
    var outer = padded.map { $0 ^ 0x5c }
    outer += sha256(inner)
    return sha256(outer)
  }
}
