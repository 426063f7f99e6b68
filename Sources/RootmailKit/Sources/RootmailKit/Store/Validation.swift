/// The rules AWS Organizations enforces on an account's email and name, and rootmail's own
/// rules on owners and account types. Each check throws `CLIError.invalid` (one line naming the
/// field, the value and the rule; exit 65).
@_spi(RootmailHost) public enum Validation {
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
    if let rule = addressProblem(value) { throw invalid(field: field, value: value, rule: rule) }
  }

  /// The rule of `addressShape` that `value` breaks, or nil.
  static func addressProblem(_ value: String) -> String? {
    if value.unicodeScalars.contains(where: { $0.properties.isWhitespace || TerminalSafe.isUnsafe($0) }) {
      return "must not contain whitespace or control characters"
    }
    let ats = value.unicodeScalars.filter { $0 == "@" }.count
    guard ats == 1 else { return "must contain exactly one @ (it has \(ats))" }
    let parts = value.split(separator: "@", omittingEmptySubsequences: false)
    let local = parts[0]
    let domain = parts[1]
    guard !local.isEmpty else { return "needs a local part before the @" }
    guard let dot = domain.lastIndex(of: "."), dot != domain.startIndex, domain.index(after: dot) != domain.endIndex else {
      return "needs a domain with a dot after the @ (local@domain.tld)"
    }
    return nil
  }

  /// The rule a host name (`example.com`) breaks, or nil: labels of ASCII letters, digits, `-`
  /// and `_`, 1 to 63 characters each, at most 253 in all.
  static func hostNameProblem(_ value: String) -> String? {
    isHostName(value) ? nil : "must be a host name: labels of letters, digits and - joined by dots (e.g. example.com)"
  }

  /// Whether `value` is a host name by the rule of `hostNameProblem` (what the config checks
  /// `domain` with, and `dns check` its --domain).
  public static func isHostName(_ value: String) -> Bool {
    !value.isEmpty && value.utf8.count <= 253
      && value.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
        !label.isEmpty && label.utf8.count <= 63
          && label.utf8.allSatisfy { b in
            (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: "-")
              || b == UInt8(ascii: "_")
          }
      }
  }

  /// The rule an S3 bucket name breaks, or nil: 3 to 63 characters of lower-case letters,
  /// digits, `.` and `-`, beginning and ending with a letter or digit (S3's naming rules).
  static func bucketProblem(_ value: String) -> String? {
    let bytes = Array(value.utf8)
    func alnum(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) }
    let valid =
      (3...63).contains(bytes.count) && bytes.allSatisfy { alnum($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
      && alnum(bytes[0]) && alnum(bytes[bytes.count - 1])
    return valid
      ? nil : "must be an S3 bucket name: 3 to 63 lower-case letters, digits, . and -, starting and ending with a letter or digit"
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
        rule: "must be printable ASCII, U+0020 to U+007E (it has U+\(hex(bad)))")
    }
  }

  /// An account type from the configured list (and, like every stored text, at most 64
  /// characters with no control or bidi characters, whatever the list says).
  public static func accountType(_ value: String, allowed: [String], field: String = "account type") throws {
    try text(value, field: field, maxLength: textMaxLength)
    guard allowed.contains(value) else {
      throw invalid(field: field, value: value, rule: "must be one of \(allowed.joined(separator: ", "))")
    }
  }

  /// AWS's limits on tags: keys 1–128 characters, values up to 256.
  public static let tagKeyMaxLength = 128
  /// Tags a mapping may carry: AWS's limit for the tags of a resource (an account's included).
  static let maximumTags = 50
  public static let tagValueMaxLength = 256
  /// The limit on the other stored texts (account type, status, account id, timestamps).
  public static let textMaxLength = 64
  /// The limit on a stored failure reason (what Organizations said).
  public static let failureReasonMaxLength = 1024

  /// A tag key and value: a key of 1–128 characters, a value of at most 256, no control or
  /// bidi characters in either.
  public static func tag(key: String, value: String) throws {
    guard !key.isEmpty, key.unicodeScalars.count <= tagKeyMaxLength else {
      throw invalid(field: "tag key", value: key, rule: "must be 1 to \(tagKeyMaxLength) characters long")
    }
    try text(key, field: "tag key", maxLength: tagKeyMaxLength)
    try text(value, field: "tag \(escaped(key))", maxLength: tagValueMaxLength)
  }

  /// Any stored text: at most `maxLength` characters, no control characters (NUL included:
  /// C strings would cut the value there), no C1 controls, no bidirectional overrides.
  public static func text(_ value: String, field: String, maxLength: Int, required: Bool = false) throws {
    if required && value.isEmpty { throw invalid(field: field, value: value, rule: "must not be empty") }
    let count = value.unicodeScalars.count
    guard count <= maxLength else {
      throw invalid(field: field, value: value, rule: "must be at most \(maxLength) characters long (it has \(count))")
    }
    if let bad = value.unicodeScalars.first(where: TerminalSafe.isUnsafe) {
      throw invalid(
        field: field, value: value,
        rule: "must not contain control or bidirectional characters (it has U+\(hex(bad)))")
    }
  }

  /// A status (`NAME-ALLOCATED`, `ACCOUNT-CREATED`, …): 1–64 characters, no control characters.
  public static func status(_ value: String, field: String = "status") throws {
    try text(value, field: field, maxLength: textMaxLength, required: true)
  }

  /// Every rule a stored mapping must meet, whatever the path it came by (vend, `import` of
  /// JSON or CSV, `update`).
  public static func record(_ r: MappingRecord, allowedTypes: [String]?) throws {
    try email(r.accountEmail, field: "AccountEmail")
    try owner(r.ownerAddress, field: "OwnerAddress")
    try text(r.accountName, field: "AccountName", maxLength: accountNameMaxLength)
    try text(r.counter, field: "Enum", maxLength: 16)
    if !r.fullAccountName.isEmpty { try accountName(r.fullAccountName, field: "AccountName") }
    // An empty type is none (the uuid strategy vends without one): what export writes imports.
    if let allowedTypes, !r.accountType.isEmpty {
      try accountType(r.accountType, allowed: allowedTypes, field: "AccountType")
    } else {
      try text(r.accountType, field: "AccountType", maxLength: textMaxLength)
    }
    for (k, v) in r.tags { try tag(key: k, value: v) }
    if r.tags.count > maximumTags {
      throw invalid(field: "Tags", value: "\(r.tags.count) tags", rule: "at most \(maximumTags) (AWS's limit for a resource)")
    }
    try text(r.status, field: "Status", maxLength: textMaxLength)
    try text(r.lastUpdated, field: "LastUpdated", maxLength: textMaxLength)
    if let id = r.accountId { try text(id, field: "AccountId", maxLength: textMaxLength) }
    if let reason = r.failureReason { try text(reason, field: "FailureReason", maxLength: failureReasonMaxLength) }
  }

  static func hex(_ scalar: Unicode.Scalar) -> String {
    let digits = String(scalar.value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
  }

  /// `CLIError.invalid` with control characters in the value shown escaped (`\n`, `\u{7}`) and
  /// cut at 80 characters, so that the message stays one short line.
  static func invalid(field: String, value: String, rule: String) -> CLIError {
    CLIError.invalid(field: field, value: value, rule: rule)
  }

  /// The value with control and bidi characters written as escapes.
  public static func escaped(_ value: String) -> String { TerminalSafe.escaped(value) }
}
