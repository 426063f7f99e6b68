@_spi(RootmailHost) import RootmailKit

/// `deploy --status`: what exists, what differs from what deploy would make, and the DNS check.
/// Read-only; exits 1 when something is missing or drifted.
struct StatusReport: Sendable {
  let env: DeployEnvironment

  func rows() async throws -> [[String]] {
    var rows: [[String]] = []
    func add(_ item: String, _ state: Progress.Outcome, _ detail: String = "") { rows.append([item, state.rawValue, detail]) }
    let stack = try await env.aws.cloudFormation.stackIfExists(env.stackName)
    if let stack {
      let differs = try await StackDeployer(env: env).pendingChange() != nil
      add("stack \(env.stackName)", differs ? .drifted : .ok, stack.status + (differs ? ", template differs" : ""))
    } else {
      add("stack \(env.stackName)", .missing)
    }
    if case .refused(let why) = env.bucketOwnership {
      add("bucket \(env.bucket)", .drifted, why)
    } else if try await env.aws.s3.bucketExists(env.bucket) {
      let diff = try await BucketSettings(env: env).differences()
      let owner = env.settings.bucketInStack ? "" : "exists outside the stack (adopted)"
      let differs = diff.isEmpty ? "" : "differs: " + diff.joined(separator: ", ")
      add(
        "bucket \(env.bucket)", diff.isEmpty ? .ok : .drifted, [owner, differs].filter { !$0.isEmpty }.joined(separator: "; "))
    } else {
      add("bucket \(env.bucket)", .missing)
    }
    let zoneID = try await env.zoneID()
    if !env.ambiguousZones.isEmpty {
      add("hosted zone \(env.zoneName)", .drifted, ExistingResources.ambiguous(env.ambiguousZones, name: env.zoneName).message)
    } else if let zoneID {
      let servers = try await Delegation(env: env).nameServers(zoneID: zoneID)
      let found = env.settings.zoneFound ? " (exists outside the stack; used)" : ""
      add("hosted zone \(env.zoneName)", .ok, "\(zoneID)\(found): \(servers.joined(separator: ", "))")
    } else {
      add("hosted zone \(env.zoneName)", .missing)
    }
    let ses = SESSetup(env: env)
    let verification = try await env.ses.getIdentityVerificationAttributes([env.zoneName])[env.zoneName]
    let dkim = try await env.ses.getIdentityDkimAttributes([env.zoneName])[env.zoneName]
    add("SES identity", verification == nil ? .missing : .ok, verification.map { "verification \($0.status)" } ?? "")
    add("SES DKIM", dkim?.tokens.count == 3 ? .ok : .missing, dkim.map { "\($0.status), \($0.tokens.count) tokens" } ?? "")
    if let zoneID, let token = verification?.token, let tokens = dkim?.tokens {
      let missing = try await ses.missingRecords(zoneID: zoneID, token: token, dkimTokens: tokens)
      add("SES records", missing.isEmpty ? .ok : .missing, missing.map { "\($0.type) \($0.name)" }.joined(separator: ", "))
    } else {
      add("SES records", .missing)
    }
    let set = try await env.ses.receiptRuleSetIfExists(DeploySettings.ruleSetName)
    add(
      "receipt rule \(DeploySettings.ruleSetName)/\(DeploySettings.ruleName)",
      set == nil ? .missing : (try await ses.ruleNeedsChange() ? .drifted : .ok))
    let active = try await env.ses.describeActiveReceiptRuleSet()?.name
    add("active rule set", active == DeploySettings.ruleSetName ? .ok : .drifted, active ?? "none")
    if let zoneID {
      let servers = try await Delegation(env: env).nameServers(zoneID: zoneID)
      if let parentID = env.settings.parentZoneID {
        let ok = try await Delegation(env: env).delegated(parentID: parentID, servers: servers)
        add("NS delegation in \(parentID)", ok ? .ok : .missing)
      }
      let value = try await env.aws.ssm.getParameter(DeploySettings.nameServersParameter)?.value
      add(
        "SSM \(DeploySettings.nameServersParameter)",
        value == servers.joined(separator: ",") ? .ok : (value == nil ? .missing : .drifted))
    }
    let state = try await DeployState.load(env: env)
    let unfinished = state.entries.filter { !$0.done }.map(\.key)
    let stored = state.exists ? "\(state.entries.count) entries" : "none stored (nothing changed outside the stack yet)"
    add(
      "state record \(DeployState.parameterName(stack: env.stackName))", unfinished.isEmpty ? .ok : .drifted,
      unfinished.isEmpty ? stored : "begun, not finished: \(unfinished.joined(separator: ", ")) (run rootmail deploy)")
    if let table = env.settings.table {
      let exists = (try? await env.aws.dynamoDB.describeTable(table)) != nil
      add("table \(table)", exists ? .ok : .missing)
    }
    return rows
  }

  func run(context: CommandContext, dnsCheck: DNSCheckRunner?) async throws {
    let rows = try await rows()
    context.emit(Table(columns: ["item", "state", "detail"], rows: rows))
    if let explanation = try await StackDeployer(env: env).stateExplanation() { env.progress.note(explanation) }
    if let dnsCheck { try await dnsCheck.run(wait: false) }
    let bad = rows.filter { $0[1] != Progress.Outcome.ok.rawValue }
    if !bad.isEmpty {
      throw CLIError(
        "\(Plural.count(bad.count, "item")) missing or different from what deploy makes: run rootmail deploy")
    }
  }
}
