/// Random lowercase hex from the system's cryptographically secure generator
/// (`SystemRandomNumberGenerator`: getrandom(2) on Linux): vended addresses, store tokens.
@_spi(RootmailHost) public enum RandomHex {
  /// `length` lowercase hex characters.
  public static func make(length: Int) -> String {
    var generator = SystemRandomNumberGenerator()
    let digits = Array("0123456789abcdef".unicodeScalars)
    var out = String.UnicodeScalarView()
    var word: UInt64 = 0
    for i in 0..<length {
      if i % 16 == 0 { word = generator.next() }
      out.append(digits[Int(word & 0xF)])
      word >>= 4
    }
    return String(out)
  }
}
