@_spi(RootmailHost) import RootmailKit

/// The organization's accounts joined with the mapping store and the mail cache: what
/// `accounts list` prints and `accounts sync` records. Pure: built from values already read.
struct AccountInventory: Sendable, Equatable {
  /// One account of the organization.
  struct Row: Sendable, Equatable {
    var id: String
    var name: String
    var status: String
    /// `GetPrimaryEmail`'s answer with `--primary-email`, else Organizations' copy.
    var rootEmail: String
    /// The root email is on the receiving domain and the store has its mapping.
    var vended: Bool
    var owner: String
    /// The mapping of the root email (or, failing that, the one recording this account id).
    var mapping: MappingRecord?
    /// The newest cached mail to the root email.
    var newestMail: NewestMail?
    /// A trusted password-reset mail younger than 10 minutes is in the cache.
    var resetLinkPending: Bool
  }

  /// A mapping whose account id no account of the organization has.
  struct StoreOnly: Sendable, Equatable {
    var email: String
    var accountID: String
  }

  var rows: [Row]
  var storeOnly: [StoreOnly]
  /// Accounts whose root email is on the receiving domain but that the store has no mapping for.
  var organizationOnly: [Row]

  /// The newest mail of an address: its id in the cache, when it arrived (seconds since 1970)
  /// and its subject.
  struct NewestMail: Sendable, Equatable {
    var id: String
    var receivedAt: Int
    var subject: String
  }

  /// Mail facts per address (lower case): the newest mail, and a pending trusted reset link.
  struct MailFacts: Sendable, Equatable {
    var newest: [String: NewestMail] = [:]
    var resetPending: Set<String> = []

    /// Takes `mail` as the newest of each recipient unless a newer one is known.
    mutating func add(_ mail: NewestMail, recipients: [String]) {
      for r in recipients where (newest[r]?.receivedAt ?? Int.min) < mail.receivedAt { newest[r] = mail }
    }
  }

  static func build(
    accounts: [Organizations.Account], primaryEmails: [String: String], mappings: [MappingRecord], receivingDomain: String,
    mail: MailFacts
  ) -> AccountInventory {
    var byEmail: [String: MappingRecord] = [:]
    var byAccount: [String: MappingRecord] = [:]
    for m in mappings {
      byEmail[m.accountEmail.lowercased()] = m
      if let id = m.accountId, !id.isEmpty { byAccount[id] = byAccount[id] ?? m }
    }
    let domainSuffix = "@" + receivingDomain.lowercased()
    var rows: [Row] = []
    var organizationOnly: [Row] = []
    for a in accounts {
      let email = primaryEmails[a.id] ?? a.email
      let key = email.lowercased()
      let mapping = byEmail[key] ?? byAccount[a.id]
      let ours = key.hasSuffix(domainSuffix)
      let row = Row(
        id: a.id, name: a.name, status: a.status, rootEmail: email, vended: ours && byEmail[key] != nil,
        owner: mapping?.ownerAddress ?? "", mapping: mapping, newestMail: mail.newest[key],
        resetLinkPending: mail.resetPending.contains(key))
      rows.append(row)
      if ours && byEmail[key] == nil { organizationOnly.append(row) }
    }
    let ids = Set(accounts.map(\.id))
    let storeOnly = mappings.compactMap { m -> StoreOnly? in
      guard let id = m.accountId, !id.isEmpty, !ids.contains(id) else { return nil }
      return StoreOnly(email: m.accountEmail, accountID: id)
    }
    return AccountInventory(rows: rows, storeOnly: storeOnly, organizationOnly: organizationOnly)
  }

  static let columns = ["account id", "name", "status", "root email", "vended", "owner", "newest mail", "reset link"]

  func table(now: Int) -> Table {
    var table = Table(
      columns: Self.columns,
      rows: rows.map { r in
        [
          r.id, r.name, r.status, r.rootEmail, r.vended ? "yes" : "no", r.owner,
          r.newestMail.map { Self.age(now - $0.receivedAt) + " ago: " + $0.subject } ?? "",
          r.resetLinkPending ? "pending" : "",
        ]
      })
    table.fits = [.fixed, .cutEnd, .fixed, .cutMiddle, .fixed, .cutMiddle, .cutEnd, .fixed]
    table.styles = rows.map { r in
      [.plain, .plain, r.status == "ACTIVE" ? .good : .warning, .plain, r.vended ? .good : .warning]
    }
    return table
  }

  var json: JSONValue {
    .object([
      (
        "accounts",
        .array(
          rows.map { r in
            .object([
              ("id", .string(r.id)), ("name", .string(r.name)), ("status", .string(r.status)),
              ("root_email", .string(r.rootEmail)), ("vended", .bool(r.vended)),
              ("owner", r.owner.isEmpty ? .null : .string(r.owner)),
              (
                "newest_mail",
                r.newestMail.map {
                  .object([
                    ("id", .string($0.id)), ("received", .string(Timestamp.format(secondsSinceEpoch: $0.receivedAt))),
                    ("subject", .string($0.subject)),
                  ])
                } ?? .null
              ),
              ("reset_link_pending", .bool(r.resetLinkPending)),
            ])
          })
      ),
      (
        "store_only",
        .array(storeOnly.map { .object([("email", .string($0.email)), ("account_id", .string($0.accountID))]) })
      ),
      (
        "organization_only",
        .array(organizationOnly.map { .object([("account_id", .string($0.id)), ("email", .string($0.rootEmail))]) })
      ),
    ])
  }

  /// `42 s`, `7 min`, `3 h`, `12 days`.
  static func age(_ seconds: Int) -> String {
    let s = max(0, seconds)
    if s < 120 { return "\(s) s" }
    if s < 7200 { return "\(s / 60) min" }
    if s < 172_800 { return "\(s / 3600) h" }
    return "\(s / 86400) days"
  }
}
