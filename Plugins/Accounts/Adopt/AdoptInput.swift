@_spi(RootmailHost) import RootmailKit

/// How adopt has `rootmail vend` build an address (vend's own `--strategy`).
enum AdoptStrategy: String, CaseIterable, ExpressibleByArgument, Sendable {
  case uuid, name
}

/// One account to adopt: from the flags, or a line of `--from-file`.
struct AdoptTarget: Sendable, Equatable {
  var accountID: String
  var owner: String?
  var strategy: AdoptStrategy?
  /// An address of the receiving domain to use instead of vending one.
  var email: String?
}

/// `--from-file`: CSV, one account a line — `account_id[,owner[,strategy[,email]]]`. A first
/// line starting `account_id` is a header; blank lines and lines starting `#` are skipped.
enum AdoptInput {
  static func parse(_ text: String, source: String) throws -> [AdoptTarget] {
    var targets: [AdoptTarget] = []
    var seen = Set<String>()
    for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = String(raw).trimmingSpaces()
      if line.isEmpty || line.hasPrefix("#") || (n == 0 && line.lowercased().hasPrefix("account_id")) { continue }
      let where_ = "\(source) line \(n + 1)"
      let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingSpaces() }
      guard fields.count <= 4 else {
        throw CLIError.invalid(
          field: "\(where_)", value: String(line.prefix(120)), rule: "at most 4 fields: account_id,owner,strategy,email")
      }
      let target = try target(
        accountID: fields[0], owner: fields.count > 1 ? fields[1] : nil, strategy: fields.count > 2 ? fields[2] : nil,
        email: fields.count > 3 ? fields[3] : nil, where: where_)
      guard seen.insert(target.accountID).inserted else {
        throw CLIError.invalid(field: "account id (\(where_))", value: target.accountID, rule: "is listed twice")
      }
      targets.append(target)
    }
    return targets
  }

  /// A target checked field by field; empty fields mean "not given".
  static func target(accountID: String, owner: String?, strategy: String?, email: String?, where: String) throws -> AdoptTarget {
    try checkAccountID(accountID, where: `where`)
    let owner = owner.flatMap { $0.isEmpty ? nil : $0 }
    if let owner { try Validation.owner(owner, field: "owner (\(`where`))") }
    var parsed: AdoptStrategy?
    if let strategy, !strategy.isEmpty {
      guard let s = AdoptStrategy(rawValue: strategy) else {
        throw CLIError.invalid(field: "strategy (\(`where`))", value: strategy, rule: "must be uuid or name")
      }
      parsed = s
    }
    let email = email.flatMap { $0.isEmpty ? nil : $0 }
    if let email { try Validation.email(email, field: "email (\(`where`))") }
    return AdoptTarget(accountID: accountID, owner: owner, strategy: parsed, email: email)
  }

  /// Twelve digits, as AWS account ids are.
  static func checkAccountID(_ id: String, where: String) throws {
    guard id.utf8.count == 12, id.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
      throw CLIError.invalid(field: "account id (\(`where`))", value: String(id.prefix(80)), rule: "must be 12 digits")
    }
  }
}
