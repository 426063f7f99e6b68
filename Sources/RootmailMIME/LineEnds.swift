#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Line ends of decoded text: SES stores mail with CRLF, and a text part decoded from it keeps
/// them. A line end of either kind is a line break to whoever reads the text (`mail show`,
/// `--output json`, an OpsItem's description, an `exec:` program), so CRLF becomes LF here,
/// once; a lone CR inside a line stays, and is escaped where the text is shown.
enum LineEnds {
  /// `bytes` with every CR that stands right before an LF removed.
  static func normalized(_ bytes: [UInt8]) -> [UInt8] {
    guard bytes.contains(0x0D) else { return bytes }
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var i = 0
    let n = bytes.count
    while i < n {
      let b = bytes[i]
      if b != 0x0D || i + 1 == n || bytes[i + 1] != 0x0A { out.append(b) }
      i += 1
    }
    return out
  }

  /// Removes every CR that stands right before an LF from `bytes`, in place; returns how many
  /// bytes are left.
  static func normalize(_ bytes: UnsafeMutableBufferPointer<UInt8>) -> Int {
    guard let base = bytes.baseAddress, let first = memchr(base, 0x0D, bytes.count) else { return bytes.count }
    let n = bytes.count
    var i = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(first))
    var out = i
    while i < n {
      let b = bytes[i]
      if b != 0x0D || i + 1 == n || bytes[i + 1] != 0x0A {
        bytes[out] = b
        out += 1
      }
      i += 1
    }
    return out
  }
}
