@_spi(RootmailHost) import RootmailKit

/// The steps awscdk-rootmail ran as custom resources: the SES domain identity and Easy DKIM,
/// their records in the hosted zone, the receipt rule set `RootMail` with its rule `Receive`,
/// and its activation. Each looks first and writes only what is missing or different.
struct SESSetup: Sendable {
  let env: DeployEnvironment
  var ses: SES { env.ses }
  var domain: String { env.zoneName }

  /// Refuses (exit 1) when another rule set is active and `--activate` was not given; returns
  /// the other set's name when `--activate` will replace it.
  func checkActivation(activate: Bool) async throws -> String? {
    guard let active = try await ses.describeActiveReceiptRuleSet(), active.name != DeploySettings.ruleSetName else {
      return nil
    }
    guard activate else {
      throw CLIError(
        "the receipt rule set \(active.name) is active in \(env.sesRegion); only one can be, so deploy stops (nothing was changed)",
        hint:
          "add RootMail's rule to \(active.name) yourself, or run deploy again with --activate to make RootMail the active set")
    }
    return active.name
  }

  /// What this part would change (read-only).
  func pending(zoneID: String?) async throws -> [String] {
    var out: [String] = []
    let verification = try await ses.getIdentityVerificationAttributes([domain])[domain]
    if verification == nil { out.append("SES identity \(domain)") }
    let dkim = try await ses.getIdentityDkimAttributes([domain])[domain]
    if dkim?.tokens.count != 3 || dkim?.enabled != true { out.append("SES DKIM for \(domain)") }
    if let token = verification?.token, let tokens = dkim?.tokens, tokens.count == 3, let zoneID {
      if try await !missingRecords(zoneID: zoneID, token: token, dkimTokens: tokens).isEmpty {
        out.append("verification and DKIM records")
      }
    } else {
      out.append("verification and DKIM records")
    }
    if try await ruleNeedsChange() { out.append("receipt rule set \(DeploySettings.ruleSetName)") }
    if try await ses.describeActiveReceiptRuleSet()?.name != DeploySettings.ruleSetName { out.append("activation") }
    return out
  }

  func ruleNeedsChange() async throws -> Bool {
    guard let set = try await ses.receiptRuleSetIfExists(DeploySettings.ruleSetName) else { return true }
    return set.rules.first { $0.name == DeploySettings.ruleName } != env.receiptRule
  }

  /// The records of `sesRecords` that the zone lacks or has with other values.
  func missingRecords(zoneID: String, token: String, dkimTokens: [String]) async throws -> [Route53.RecordSet] {
    let existing = try await env.aws.route53.listAllResourceRecordSets(zoneID: zoneID)
    return env.sesRecords(token: token, dkimTokens: dkimTokens).filter { wanted in
      let found = existing.first { sameName($0.name, wanted.name) && $0.type == wanted.type }
      return found.map { Set($0.values.map { $0.lowercased() }) != Set(wanted.values.map { $0.lowercased() }) } ?? true
    }
  }

  /// Applies every step, one progress line each; each change goes through the state record.
  func apply(zoneID: String, state: DeployState) async throws {
    let progress = env.progress
    var token = ""
    if let existing = try await ses.getIdentityVerificationAttributes([domain])[domain], let t = existing.token, !t.isEmpty {
      token = t
      try await state.finish([StateKey.identity])
      progress.step(.unchanged, "SES identity \(domain)", "\(existing.status) in \(env.sesRegion)")
    } else {
      try await state.change(StateKey.identity, created: true) { token = try await ses.verifyDomainIdentity(domain) }
      // The token SES keeps for the identity is what later runs compare with (moto answers
      // VerifyDomainIdentity with another one than GetIdentityVerificationAttributes).
      if let kept = try await ses.getIdentityVerificationAttributes([domain])[domain]?.token, !kept.isEmpty { token = kept }
      progress.step(.created, "SES identity \(domain)", "verification started in \(env.sesRegion)")
    }
    var tokens: [String] = []
    if let dkim = try await ses.getIdentityDkimAttributes([domain])[domain], dkim.tokens.count == 3, dkim.enabled {
      tokens = dkim.tokens
      try await state.finish([StateKey.dkim])
      progress.step(.unchanged, "SES DKIM for \(domain)", dkim.status)
    } else {
      try await state.change(StateKey.dkim, created: true) { tokens = try await ses.verifyDomainDkim(domain) }
      progress.step(.created, "SES DKIM for \(domain)", "three tokens")
    }
    if token.isEmpty { token = try await ses.verifyDomainIdentity(domain) }

    let wanted = env.sesRecords(token: token, dkimTokens: tokens)
    let missing = try await missingRecords(zoneID: zoneID, token: token, dkimTokens: tokens)
    if missing.isEmpty {
      try await state.finish(wanted.map { StateKey.record(zone: zoneID, $0) })
      progress.step(.unchanged, "records in \(zoneID)", "_amazonses TXT, three DKIM CNAMEs")
    } else {
      try await RecordChange(env: env, zoneID: zoneID).upsert(missing, state: state, comment: "rootmail deploy: SES records")
      progress.step(.created, "records in \(zoneID)", missing.map { "\($0.type) \($0.name)" }.joined(separator: ", "))
    }

    try await applyRuleSet(state: state)
  }

  func applyRuleSet(state: DeployState) async throws {
    let progress = env.progress
    let name = DeploySettings.ruleSetName
    let wanted = env.receiptRule
    if let set = try await ses.receiptRuleSetIfExists(name) {
      if let rule = set.rules.first(where: { $0.name == wanted.name }) {
        if rule == wanted {
          try await state.finish([StateKey.ruleSet, StateKey.rule])
          progress.step(
            .unchanged, "receipt rule \(name)/\(wanted.name)", "TLS required, scanning, S3 \(env.bucket)/\(env.settings.prefix)")
        } else {
          try await state.change(StateKey.rule, created: false, before: StateKey.json(rule)) {
            try await ses.updateReceiptRule(ruleSet: name, rule: wanted)
          }
          progress.step(.updated, "receipt rule \(name)/\(wanted.name)", "S3 \(env.bucket)/\(env.settings.prefix)")
        }
      } else {
        try await state.change(StateKey.rule, created: true) { try await ses.createReceiptRule(ruleSet: name, rule: wanted) }
        progress.step(.created, "receipt rule \(name)/\(wanted.name)", "S3 \(env.bucket)/\(env.settings.prefix)")
      }
    } else {
      try await state.change(StateKey.ruleSet, created: true) {
        do {
          try await ses.createReceiptRuleSet(name)
        } catch let error as AWSError where error.code == "AlreadyExists" {
          // A retried create whose first answer was lost.
        }
        try await ses.createReceiptRule(ruleSet: name, rule: wanted)
      }
      progress.step(
        .created, "receipt rule \(name)/\(wanted.name)", "TLS required, scanning, S3 \(env.bucket)/\(env.settings.prefix)")
    }
    let active = try await ses.describeActiveReceiptRuleSet()
    if active?.name == name {
      try await state.finish([StateKey.activation])
      progress.step(.unchanged, "active rule set", name)
    } else {
      // Before: the set that was active (destroy activates it again), or none.
      try await state.change(StateKey.activation, created: active == nil, before: active.map { .string($0.name) }) {
        try await ses.setActiveReceiptRuleSet(name)
      }
      progress.step(.updated, "active rule set", active.map { "\(name) (was \($0.name))" } ?? name)
    }
  }
}
