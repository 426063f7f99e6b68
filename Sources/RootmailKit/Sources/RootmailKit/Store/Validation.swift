/// The rules AWS Organizations enforces on an account's email and name, and rootmail's own
/// rules on owners and account types. Each check throws `CLIError.invalid` (one line naming the
/// field, the value and the rule; exit 65).
public enum Validation {
  public static let emailMinLength = 6
  public static let emailMaxLength = 64
  public static let accountNameMaxLength = 50
  /// Owners are ordinary addresses: RFC 5321's limit on a path.
  public static let ownerMaxLength = 254

  /// An account's root email: 6–64 characters, `local@domain.tld`, no whitespace, one @.
  public static func email(_ value: String, field: String = "email") throws {
    let count = value.unicodeScalars.count
    guard count >= emailMinLength, count <= emailMaxLength else {
      throw invalid(
        field: field, value: value,
        rule: "must be \(emailMinLength) to \(emailMaxLength) characters long (it has \(count))")
    }
    try addressShape(value, field: field)
  }

  /// An owner's address: `local@domain.tld`, no whitespace, one @, at most 254 characters.
  public static func owner(_ value: String, field: String = "owner") throws {
    guard !value.isEmpty else { throw invalid(field: field, value: value, rule: "an owner address is required") }
    guard value.unicodeScalars.count <= ownerMaxLength else {
      throw invalid(field: field, value: value, rule: "must be at most \(ownerMaxLength) characters long")
    }
    try addressShape(value, field: field)
  }

  /// `[^\s@]+@[^\s@]+\.[^\s@]+` with the whole value matched (Organizations' pattern).
  static func addressShape(_ value: String, field: String) throws {
    if value.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }) {
      throw invalid(field: field, value: value, rule: "must not contain whitespace or control characters")
    }
    let ats = value.unicodeScalars.filter { $0 == "@" }.count
    guard ats == 1 else {
      throw invalid(field: field, value: value, rule: "must contain exactly one @ (it has \(ats))")
    }
    let parts = value.split(separator: "@", omittingEmptySubsequences: false)
    let local = parts[0]
    let domain = parts[1]
    guard !local.isEmpty else { throw invalid(field: field, value: value, rule: "needs a local part before the @") }
    guard let dot = domain.lastIndex(of: "."), dot != domain.startIndex, domain.index(after: dot) != domain.endIndex else {
      throw invalid(field: field, value: value, rule: "needs a domain with a dot after the @ (local@domain.tld)")
    }
  }

  /// An account name: 1–50 printable ASCII characters (U+0020–U+007E).
  public static func accountName(_ value: String, field: String = "account name") throws {
    let count = value.unicodeScalars.count
    guard count >= 1, count <= accountNameMaxLength else {
      throw invalid(
        field: field, value: value, rule: "must be 1 to \(accountNameMaxLength) characters long (it has \(count))")
    }
    if let bad = value.unicodeScalars.first(where: { $0.value < 0x20 || $0.value > 0x7E }) {
      throw invalid(
        field: field, value: value,
        rule: "must be printable ASCII, U+0020 to U+007E (it has U+\(String(bad.value, radix: 16, uppercase: true)))")
    }
  }

  /// An account type from the configured list.
  public static func accountType(_ value: String, allowed: [String], field: String = "account type") throws {
    guard allowed.contains(value) else {
      throw invalid(field: field, value: value, rule: "must be one of \(allowed.joined(separator: ", "))")
    }
  }

  /// A tag key and value: a key of 1–128 characters; no control characters in either.
  public static func tag(key: String, value: String) throws {
    guard !key.isEmpty, key.unicodeScalars.count <= 128 else {
      throw invalid(field: "tag key", value: key, rule: "must be 1 to 128 characters long")
    }
    for (field, text) in [("tag key", key), ("tag value", value)]
    where text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
      throw invalid(field: field, value: text, rule: "must not contain control characters")
    }
  }

  /// Every rule a stored mapping must meet (what `import` checks on each row).
  public static func record(_ r: MappingRecord, allowedTypes: [String]?) throws {
    try email(r.accountEmail, field: "AccountEmail")
    try owner(r.ownerAddress, field: "OwnerAddress")
    if !r.fullAccountName.isEmpty { try accountName(r.fullAccountName, field: "AccountName") }
    if let allowedTypes { try accountType(r.accountType, allowed: allowedTypes, field: "AccountType") }
    for (k, v) in r.tags { try tag(key: k, value: v) }
  }

  /// `CLIError.invalid` with control characters in the value shown escaped (`\n`, `\u{7}`), so
  /// that the message stays one line.
  static func invalid(field: String, value: String, rule: String) -> CLIError {
    CLIError.invalid(field: field, value: escaped(value), rule: rule)
  }

  /// The value with control characters written as escapes.
  public static func escaped(_ value: String) -> String {
    guard value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return value }
    var out = ""
    for scalar in value.unicodeScalars {
      switch scalar {
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      case "\r": out += "\\r"
      case _ where scalar.value < 0x20 || scalar.value == 0x7F: out += "\\u{\(String(scalar.value, radix: 16))}"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}
