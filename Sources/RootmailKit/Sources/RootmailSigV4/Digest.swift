#if canImport(Glibc)
  @preconcurrency import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// SHA-256, HMAC-SHA256, SHA-1 and MD5 from the system's OpenSSL libcrypto (EVP), for the
/// signer (SHA-256, HMAC), S3's `Content-MD5` and the SSO token cache's file names (SHA-1).
public enum Digest {
  /// libcrypto's `EVP_Digest` and the fetched algorithms, loaded once, on first use: libcrypto
  /// is opened with dlopen then, not linked, so that the commands that never sign or hash (most
  /// of them, `--version` among them) do not pay for loading and relocating it at start-up
  /// (about 3,000 symbol bindings). An `EVP_MD` is immutable after fetching and OpenSSL
  /// documents it as safe to share between threads, and a C function pointer is a plain
  /// address, hence `@unchecked Sendable`.
  struct Algorithms: @unchecked Sendable {
    typealias DigestFunction =
      @convention(c) (
        UnsafeRawPointer?, Int, UnsafeMutablePointer<UInt8>?, UnsafeMutablePointer<UInt32>?, OpaquePointer?,
        OpaquePointer?
      ) -> Int32
    typealias FetchFunction =
      @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, UnsafePointer<CChar>?) ->
      OpaquePointer?

    let digest: DigestFunction
    let sha256: OpaquePointer
    let sha1: OpaquePointer
    let md5: OpaquePointer

    static let shared = load()

    private static func load() -> Algorithms {
      guard let handle = dlopen("libcrypto.so.3", RTLD_NOW | RTLD_LOCAL) else {
        fatalError("rootmail: cannot load the system's OpenSSL libcrypto (libcrypto.so.3): \(String(cString: dlerror()))")
      }
      func symbol<T>(_ name: String, as type: T.Type) -> T {
        guard let address = dlsym(handle, name) else { fatalError("rootmail: libcrypto.so.3 has no \(name)") }
        return unsafeBitCast(address, to: type)
      }
      // No cleanup at exit (OPENSSL_INIT_NO_ATEXIT): a task still signing on another thread
      // when a command ends must not find libcrypto's tables freed under it. That only holds
      // when this is libcrypto's first initialisation (libcurl's registers the cleanup), so
      // rootmail itself ends with `_exit`, which runs no exit handler (`Dispatcher.main`).
      typealias InitFunction = @convention(c) (UInt64, OpaquePointer?) -> Int32
      _ = symbol("OPENSSL_init_crypto", as: InitFunction.self)(0x0008_0000, nil)
      let fetch = symbol("EVP_MD_fetch", as: FetchFunction.self)
      func algorithm(_ name: String) -> OpaquePointer {
        guard let md = fetch(nil, name, nil) else { fatalError("rootmail: libcrypto.so.3 has no \(name) digest") }
        return md
      }
      return Algorithms(
        digest: symbol("EVP_Digest", as: DigestFunction.self), sha256: algorithm("SHA256"), sha1: algorithm("SHA1"),
        md5: algorithm("MD5"))
    }
  }

  static func digest(_ bytes: [UInt8], _ md: OpaquePointer, size: Int) -> [UInt8] {
    [UInt8](unsafeUninitializedCapacity: size) { out, count in
      var length: UInt32 = 0
      bytes.withUnsafeBytes { input in
        _ = Algorithms.shared.digest(input.baseAddress, input.count, out.baseAddress, &length, md, nil)
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
