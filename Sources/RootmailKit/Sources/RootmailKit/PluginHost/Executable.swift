#if canImport(Glibc)
  import Glibc
#endif

/// The running executable's real path (from /proc/self/exe), to find plugins beside it.
@_spi(RootmailHost) public enum Executable {
  public static var path: String? {
    var buffer = [CChar](repeating: 0, count: 4096)
    let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    guard n > 0 else { return nil }
    return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}
