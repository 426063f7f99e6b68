#if canImport(Glibc)
  // `environ` is a C global Swift sees as mutable; nothing in rootmail calls setenv/putenv
  // once main starts, so reading it is safe.
  @preconcurrency import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The process environment as a dictionary, read from `environ` directly: the dispatcher reads
/// it before anything else on every start, and Foundation's `ProcessInfo` costs more to set up
/// than the read itself. For a name set twice, the first value wins, as `getenv` sees it.
@_spi(RootmailHost) public enum ProcessEnvironment {
  public static func current() -> [String: String] {
    var result: [String: String] = [:]
    var entry: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = environ
    while let pointer = entry.pointee {
      let text = String(cString: pointer)
      if let equals = text.utf8.firstIndex(of: UInt8(ascii: "=")) {
        let name = String(text[..<equals])
        if result[name] == nil { result[name] = String(text[text.index(after: equals)...]) }
      }
      entry += 1
    }
    return result
  }
}
