/// Bytes as hexadecimal text: digests in signatures, cache names and mail ids.
public enum Hex {
  static let lowerDigits: [UInt8] = Array("0123456789abcdef".utf8)
  static let upperDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

  /// Two lower-case hex digits per byte (`[0xab, 0x01]` → `ab01`).
  public static func lowercase<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
    var out: [UInt8] = []
    out.reserveCapacity(bytes.underestimatedCount * 2)
    for b in bytes {
      out.append(lowerDigits[Int(b >> 4)])
      out.append(lowerDigits[Int(b & 0xF)])
    }
    return String(decoding: out, as: UTF8.self)
  }
}
