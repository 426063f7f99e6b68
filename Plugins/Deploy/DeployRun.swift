@_spi(RootmailHost) import RootmailKit

/// One `rootmail deploy`: a read-only plan first (nothing to do: say so and stop; no terminal
/// and no `--yes`: exit 64 with nothing changed), then the stack through a change set, the
/// bucket settings read back, SES, records, rule set and activation, delegation and parameter.
struct DeployRun: Sendable {
  let env: DeployEnvironment
  let yes: Bool
  let activate: Bool
  /// `--wait`: wait until SES has verified the domain.
  var wait = false
  /// `--dry-run`: stop after the plan.
  var dryRun = false
  var stdinIsTerminal: Bool = Terminal.stdinIsTerminal

  func run() async throws {
    let progress = env.progress
    progress.note("deploy: receiving mail for \(env.zoneName) in \(env.sesRegion), stack \(env.stackName) in \(env.region)")
    let regionNote = try await ReceivingRegions.check(env.sesRegion) { [ses = env.ses] in
      _ = try await ses.describeActiveReceiptRuleSet()
    }
    progress.step(.ok, "receiving region \(env.sesRegion)", regionNote)
    if let table = env.settings.table, !env.settings.tableInStack {
      progress.step(.kept, "table \(table)", "exists outside the stack; used as it is")
    }
    if case .refused(let why) = env.bucketOwnership {
      throw CLIError.configuration(
        "\(why); nothing was changed",
        hint: "set bucket in the config to a bucket of this account that SES can write to, or leave it unset (deploy makes one)")
    }
    let delegation = Delegation(env: env)
    try await delegation.checkZones()
    if env.settings.zoneFound, let id = env.settings.existingZoneID {
      progress.step(.kept, "hosted zone \(env.zoneName)", "\(id) exists outside the stack; used as it is (not made again)")
    }
    let bucketSettings = BucketSettings(env: env)
    if !env.settings.bucketInStack, try await env.aws.s3.bucketExists(env.bucket) { try await bucketSettings.report() }
    let ses = SESSetup(env: env)
    let replacing = try await ses.checkActivation(activate: activate)
    let state = try await DeployState.load(env: env)
    let unfinished = state.entries.filter { !$0.done }.map(\.key)
    if !unfinished.isEmpty {
      progress.note(
        "the state record has changes begun but not finished (a run stopped): \(unfinished.joined(separator: ", ")); deploy finishes them"
      )
    }

    let stack = StackDeployer(env: env)
    let stackChange = try await stack.pendingChange()
    // A change a stopped run began is one more step (finishing it marks it done).
    let plan = try await pending() + (unfinished.isEmpty ? [] : ["finish " + unfinished.joined(separator: ", ")])
    if plan.isEmpty {
      progress.note("nothing to change: the stack, SES, records, rule set and delegation are as deploy makes them")
      try await report(unchangedRun: true)
      return
    }
    if let explanation = try await stack.stateExplanation() { progress.note(explanation) }
    progress.note("to change: " + plan.joined(separator: "; "))
    if let replacing { progress.note("RootMail will replace \(replacing) as the active rule set (--activate)") }
    if dryRun {
      progress.note("--dry-run: nothing was changed (\(Plural.count(plan.count, "change")) above)")
      return
    }
    if !yes && !stdinIsTerminal {
      throw CLIError.usage(
        "deploy would make the \(Plural.count(plan.count, "change")) above; no terminal to ask on: pass --yes to make them,"
          + " or --dry-run to only plan (nothing was changed)")
    }
    let confirm: (String) throws -> Void = { question in try Confirmation.require(question, yes: yes) }
    let steps = plan.filter { $0 != stackChange }

    do {
      if stackChange != nil {
        try await stack.apply(confirm: confirm, steps: steps)
      } else {
        try confirm("apply these \(Plural.count(steps.count, "change")): \(steps.joined(separator: "; "))?")
        progress.step(.unchanged, "stack \(env.stackName)")
      }
      try await bucketSettings.apply(state: state)
      if env.settings.bucketInStack { try await state.note(StateKey.bucket(env.bucket)) }
      guard let zoneID = try await env.zoneID() else {
        throw CLIError("stack \(env.stackName) has no hosted zone \(StackTemplate.zoneID); see deploy --status")
      }
      try await ses.apply(zoneID: zoneID, state: state)
      try await delegation.apply(zoneID: zoneID, state: state)
    } catch let error as CLIError where error.exitStatus != .usage && !error.message.hasPrefix("not confirmed") {
      throw CLIError(
        error.message, status: error.exitStatus,
        hint: error.hint
          ?? "next: rootmail deploy --status (what exists), then rootmail deploy --yes to try again, or rootmail deploy --destroy --yes to undo"
      )
    }
    if wait { try await waitForVerification() }
    try await report(unchangedRun: false)
  }

  /// Everything that would change, in order (read-only).
  func pending() async throws -> [String] {
    var plan: [String] = []
    if let stack = try await StackDeployer(env: env).pendingChange() { plan.append(stack) }
    if try await env.aws.s3.bucketExists(env.bucket) {
      let diff = try await BucketSettings(env: env).differences()
      if !diff.isEmpty { plan.append("bucket " + diff.joined(separator: ", ")) }
    }
    let zoneID = try await env.zoneID()
    plan += try await SESSetup(env: env).pending(zoneID: zoneID)
    plan += try await Delegation(env: env).pending(zoneID: zoneID)
    return plan
  }

  /// Waits (bounded by --timeout) until SES reports the domain verified.
  func waitForVerification() async throws {
    let ses = env.ses
    let domain = env.zoneName
    env.progress.step(.waiting, "SES verification of \(domain)", "until the records are seen")
    let done = try await env.wait(.identityVerified(domain, timeout: env.timeout)) {
      try await ses.getIdentityVerificationAttributes([domain])[domain]
    }
    env.progress.step(.ok, "SES verification of \(domain)", done?.status ?? "")
  }

  func report(unchangedRun: Bool) async throws {
    let changes = env.progress.changeCount
    if unchangedRun || changes == 0 {
      env.progress.note("deploy: done, nothing changed")
    } else {
      env.progress.note("deploy: done, \(Plural.count(changes, "step")) changed something")
    }
    if let zoneID = try await env.zoneID(), unchangedRun, env.settings.parentZoneID == nil {
      Delegation(env: env).printBlock(try await Delegation(env: env).nameServers(zoneID: zoneID))
    }
    if env.context.config.string(.bucket) == nil {
      env.progress.note("mail is stored in bucket \(env.bucket): set bucket = \"\(env.bucket)\" in the config for mail fetch")
    }
  }
}
