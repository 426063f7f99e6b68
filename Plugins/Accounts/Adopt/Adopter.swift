@_spi(RootmailHost) import RootmailKit

/// Moves one account's root email onto an address of ours: vend (or `--email`),
/// `StartPrimaryEmailUpdate`, wait for AWS's code mail (read through the mail plugin, trusted
/// by `VerificationCodeRule`), `AcceptPrimaryEmailUpdate`, confirm with `GetPrimaryEmail`, and
/// record in the mapping the account id, the previous root email and when. Every step is written
/// to the state file first, and each is safe to run again: an address already vended for the
/// account (state file or store) is reused, never a second one vended, and an account whose
/// root email is already the address is only confirmed and recorded.
struct Adopter: Sendable {
  /// How adopt runs, from its options and the config.
  struct Settings: Sendable {
    var codeTimeout: Int
    var dryRun: Bool
    var defaultOwner: String?
    var defaultStrategy: AdoptStrategy?
    var receivingDomain: String
    var trustedDomains: [String]
    /// The first pause between mail fetches, doubled up to `maxPoll` (seconds).
    var firstPoll: Double = 2
    var maxPoll: Double = 30
    /// Bulk: a failed account gets a line of its own (one account's error ends the command).
    var bulk = false
  }

  /// What happened to one account.
  struct Outcome: Sendable {
    enum Result: Sendable {
      case moved
      /// Its root email was the address already (a resumed run, or adopted before).
      case alreadyMoved
      /// `--dry-run`: what would be done.
      case planned
      case failed(String)
    }
    var accountID: String
    var previous: String?
    var email: String?
    var result: Result
    /// The error that failed it.
    var error: (any Error)? = nil

    var failed: Bool {
      if case .failed = result { return true }
      return false
    }
  }

  static let adoptingTag = "AdoptingAccountId"
  static let previousEmailTag = "PreviousRootEmail"
  static let adoptedAtTag = "AdoptedAt"
  static let adoptedStatus = "ACCOUNT-ADOPTED"

  let context: CommandContext
  let management: AccountManagement
  let store: any MappingStore
  /// `rootmail vend`, run through the host executable.
  let vend: HostCommand
  let mail: RootMailReader
  let state: AdoptState
  let settings: Settings
  let managementAccountID: String
  /// Accounts of the organization by id (name).
  let members: [String: String]
  /// Mappings that already record an account (its `AccountId` or `AdoptingAccountId`), by id.
  let mappedAccounts: [String: MappingRecord]

  func note(_ id: String, _ text: String) { context.note("\(id): \(text)") }

  func adopt(_ target: AdoptTarget) async -> Outcome {
    var outcome = Outcome(accountID: target.accountID, result: .failed(""))
    do {
      try await run(target, &outcome)
    } catch {
      let text =
        (error as? any RootmailError).map { e in e.hint.map { "\(e.description); \($0)" } ?? e.description } ?? "\(error)"
      if settings.bulk { note(target.accountID, "failed: \(text)") }
      outcome.result = .failed(text)
      outcome.error = error
      try? await state.record(target.accountID, .failed, email: outcome.email, reason: text)
    }
    return outcome
  }

  func run(_ target: AdoptTarget, _ outcome: inout Outcome) async throws {
    let id = target.accountID
    if id == managementAccountID { throw AdoptError.managementAccount(id) }
    guard let name = members[id] else { throw AdoptError.notInOrganization(id) }
    let previous = try await management.primaryEmail(accountID: id)
    outcome.previous = (await state.entry(id))?.previous ?? previous
    let email = try await address(for: target, name: name, previous: previous)
    outcome.email = email
    if settings.dryRun {
      note(id, "would move the root email from \(previous) to \(email)")
      outcome.result = .planned
      return
    }
    if previous.lowercased() == email.lowercased() {
      note(id, "root email is \(email) already")
      let mapping = try await store.get(email: email)
      if mapping?.accountId != id || mapping?.status != Self.adoptedStatus || mapping?.tags[Self.adoptingTag] != nil {
        try await record(id, email: email, previous: outcome.previous ?? previous)
      }
      outcome.result = .alreadyMoved
      return
    }
    try await state.record(id, .vended, email: email, previous: previous)
    var seen = Set<String>()
    var timedOut = false
    var refused: String?
    while true {
      let since = MailTime.now()
      note(id, "asking AWS to send a verification code to \(email)")
      do {
        _ = try await management.startPrimaryEmailUpdate(accountID: id, email: email)
      } catch let error as AWSError where error.code == "ConflictException" {
        throw AdoptError.addressInUse(email: email, message: error.message)
      }
      try await state.record(id, .started, email: email)
      note(id, "waiting for the code mail (up to \(settings.codeTimeout) s)")
      guard let code = try await waitForCode(accountID: id, email: email, since: since, seen: &seen) else {
        if timedOut { throw AdoptError.noCode(email: email, timeout: settings.codeTimeout) }
        timedOut = true
        note(id, "no code within \(settings.codeTimeout) s; starting once more")
        continue
      }
      note(id, "code received; accepting the update")
      do {
        _ = try await management.acceptPrimaryEmailUpdate(accountID: id, email: email, code: code)
        break
      } catch let error as AWSError where error.code == "ConflictException" {
        throw AdoptError.addressInUse(email: email, message: error.message)
      } catch let error as AWSError where error.code == "ValidationException" || error.code == "ResourceNotFoundException" {
        if let refused { throw AdoptError.codeRefused(refused + "; " + error.message) }
        refused = error.message
        note(id, "AWS refused the code (\(error.code)); starting again")
      }
    }
    let now = try await management.primaryEmail(accountID: id)
    guard now.lowercased() == email.lowercased() else { throw AdoptError.notConfirmed(expected: email, actual: now) }
    try await record(id, email: email, previous: outcome.previous ?? previous)
    outcome.result = .moved
  }

  /// The address for the account: one already vended for it (state file, checked against the
  /// store, or the store), its root email when that is ours, `--email`, or a new one.
  func address(for target: AdoptTarget, name: String, previous: String) async throws -> String {
    let id = target.accountID
    if let mapped = mappedAccounts[id] {
      note(id, "using \(mapped.accountEmail), vended for it before")
      return mapped.accountEmail
    }
    if let email = await state.entry(id)?.email, let mapping = try await store.get(email: email),
      mapping.accountId == id || mapping.tags[Self.adoptingTag] == id
    {
      return mapping.accountEmail
    }
    if isOurs(previous), try await store.get(email: previous) != nil { return previous }
    if let email = target.email {
      guard isOurs(email) else {
        throw CLIError.invalid(field: "email", value: email, rule: "must be an address of \(settings.receivingDomain)")
      }
      if try await store.get(email: email) != nil {
        throw CLIError("\(email) has a mapping already", hint: "leave --email out to vend a new address")
      }
    }
    guard let owner = target.owner ?? settings.defaultOwner else {
      throw CLIError.usage("\(id): an owner is needed to vend its address (--owner, or the file's second field)")
    }
    // The mapping records the account from its first write (tag AdoptingAccountId), so a run
    // stopped right after the vend still finds the address again.
    // Each value joined to its option (`--owner=<owner>`), as the account name must be: an
    // address may start with `-` too.
    var arguments = ["vend", "--owner=\(owner)", "--tag", "\(Self.adoptingTag)=\(id)", "--output", "json"]
    if let strategy = target.strategy ?? settings.defaultStrategy {
      arguments += ["--strategy", strategy.rawValue]
      // One argument, `--account-name=<name>`: the name is the organization's (a member account's
      // admin can change it), and as an argument of its own one starting with `-` was read as an
      // option (`-sandbox` failed the vend; `--config=<file>` chose vend's config file).
      if strategy == .name { arguments.append("--account-name=\(name)") }
    }
    if let email = target.email { arguments.append("--email=\(email)") }
    if settings.dryRun { arguments.append("--dry-run") }
    let vended = try JSONValue.parse(try await vend.run(arguments)).require("AccountEmail", in: "rootmail vend")
    if !settings.dryRun { note(id, "vended \(vended)") }
    return vended
  }

  func isOurs(_ email: String) -> Bool { email.lowercased().hasSuffix("@" + settings.receivingDomain.lowercased()) }

  /// Seconds a mail's arrival (S3's LastModified, in whole seconds, from AWS's clock) may seem
  /// to precede the start that sent it. Mail from before that is an earlier start's, whose code
  /// AWS no longer accepts (a resumed run's, or one it refused).
  static let clockTolerance = 2

  /// Fetches mail with backoff until a trusted code mail to `email`, received since `since`,
  /// arrives, or the code timeout passes (nil). Every new mail to the address is looked at:
  /// each that does not pass the rule is named once, with the reason, and never used; of those
  /// that pass, the newest gives the code.
  func waitForCode(accountID: String, email: String, since: Int, seen: inout Set<String>) async throws
    -> VerificationCode?
  {
    let deadline = ContinuousClock.now + .seconds(settings.codeTimeout)
    var pause = settings.firstPoll
    let parser = try await MailParserLoader.shared()
    while true {
      try await mail.fetch()
      var newest: VerificationCode?
      for entry in try await mail.list(["--to=\(email)"])
      where entry.receivedAt >= since - Self.clockTolerance && !seen.contains(entry.id) {
        seen.insert(entry.id)
        let parsed = parser.parse(try await mail.raw(id: entry.id))
        switch VerificationCodeRule.evaluate(
          parsed, recipient: email, accountID: accountID, trustedDomains: settings.trustedDomains)
        {
        case .code(let code): newest = newest ?? code  // the list is newest first
        case .refused(let why): context.warn("\(accountID): mail \(entry.id) to \(email) ignored: \(why)")
        }
      }
      if let newest { return newest }
      let left = deadline - ContinuousClock.now
      if left <= .zero { return nil }
      try await Task.sleep(for: min(.seconds(pause), left))
      pause = min(pause * 2, settings.maxPoll)
    }
  }

  /// The mapping records the account, its previous root email and when; the state file says
  /// moved.
  func record(_ id: String, email: String, previous: String) async throws {
    var tags = [Self.adoptingTag: "", Self.adoptedAtTag: Timestamp.now()]
    if previous.lowercased() != email.lowercased() { tags[Self.previousEmailTag] = previous }
    _ = try await store.update(
      email: email, MappingUpdate(tags: tags, status: Self.adoptedStatus, accountId: id))
    try await state.record(id, .moved, email: email)
    note(id, "moved: root email is \(email); the mapping records the account")
  }
}
