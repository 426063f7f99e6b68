/// Addresses rootmail writes into mail headers and hands to SES (the forward receiver's owner,
/// admin and from addresses, `mail forward --to`): a plain `local@domain`
/// (dot-atom local part of at most 64 characters, a host name of letters, digits, `-` and
/// `.`), nothing that could carry a line break, a comment or a second address.
@_spi(RootmailHost) public enum PlainAddress {
  /// Whether `address` is a plain `local@domain` as described above.
  public static func isValid(_ address: String) -> Bool {
    let parts = address.split(separator: "@", omittingEmptySubsequences: false)
    guard parts.count == 2, (1...64).contains(parts[0].utf8.count), (1...253).contains(parts[1].utf8.count) else {
      return false
    }
    let atext = Set("!#$%&'*+/=?^_`{|}~-.".utf8)
    let local = parts[0].utf8.allSatisfy { isAlnum($0) || atext.contains($0) }
    let domain = parts[1].utf8.allSatisfy { isAlnum($0) || $0 == 45 || $0 == 46 }
    return local && domain && parts[1].contains(".") && !parts[0].hasPrefix(".") && !parts[0].hasSuffix(".")
      && !parts[1].hasPrefix(".") && !parts[1].hasPrefix("-")
  }

  private static func isAlnum(_ c: UInt8) -> Bool { (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) }
}
