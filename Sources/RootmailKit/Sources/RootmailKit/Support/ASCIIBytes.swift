/// Byte rules for the ASCII names of protocols: HTTP and mail header field names are compared
/// with the case of ASCII letters folded, and of nothing else (RFC 9110, RFC 5322).
@_spi(RootmailHost) public enum ASCIIBytes {
  /// `byte` in lower case when it is an ASCII capital letter, else `byte`.
  @inlinable public static func lowercased(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }
}
