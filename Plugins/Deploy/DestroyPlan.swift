@_spi(RootmailHost) import RootmailKit

/// What `deploy --destroy` will do, item by item, with why: remove what the state record says
/// deploy created, restore what it says deploy replaced, keep everything else. Read-only;
/// `Destroyer` prints it, asks, and carries it out.
struct DestroyPlan: Sendable {
  /// One item of the plan.
  struct Item: Sendable {
    /// What destroy does with the item.
    enum Action: String, Sendable { case remove, restore, keep }
    var action: Action
    var what: String
    var why: String
    /// The state entry it undoes (nil: not from the record).
    var key: String?
    var before: JSONValue?
  }

  var items: [Item] = []
  /// The mail bucket is deploy's: its stack's, or made by its stack and kept by an earlier
  /// destroy (the state record's `bucket` entry says so). Only then may `--delete-mail` remove it.
  var deploysBucket = false
  var changes: [Item] { items.filter { $0.action != .keep } }

  static func make(env: DeployEnvironment, state: DeployState, deleteMail: Bool) async throws -> DestroyPlan {
    var plan = DestroyPlan()
    plan.deploysBucket = env.settings.bucketInStack || state.entry(StateKey.bucket(env.bucket)) != nil
    func add(_ action: Item.Action, _ what: String, _ why: String, _ entry: DeployState.Entry? = nil) {
      plan.items.append(Item(action: action, what: what, why: why, key: entry?.key, before: entry?.before))
    }
    let ses = env.ses
    let ruleSet = DeploySettings.ruleSetName
    let unfinished = " (begun, maybe not finished, by a run that stopped)"
    func note(_ entry: DeployState.Entry) -> String { entry.done ? "" : unfinished }

    // The active rule set: back to the one deploy replaced.
    let active = try await ses.describeActiveReceiptRuleSet()?.name
    if let entry = state.entry(StateKey.activation) {
      if active != ruleSet {
        add(.keep, "active rule set \(active ?? "none")", "not \(ruleSet): nothing of deploy's to undo\(note(entry))")
      } else if let previous = entry.before?.stringValue {
        if try await ses.receiptRuleSetIfExists(previous) != nil {
          add(.restore, "active rule set \(previous)", "it was active before deploy activated \(ruleSet)\(note(entry))", entry)
        } else {
          add(.remove, "activation of \(ruleSet)", "\(previous), active before, no longer exists; none will be active", entry)
        }
      } else {
        add(.remove, "activation of \(ruleSet)", "no rule set was active before deploy\(note(entry))", entry)
      }
    } else if active == ruleSet {
      add(.keep, "active rule set \(ruleSet)", "the state record does not say deploy activated it")
    }
    if let entry = state.entry(StateKey.ruleSet) {
      add(.remove, "receipt rule set \(ruleSet)", "deploy made it\(note(entry))", entry)
    } else if let entry = state.entry(StateKey.rule) {
      if entry.created {
        add(
          .remove, "receipt rule \(ruleSet)/\(DeploySettings.ruleName)", "deploy added it to a set that existed\(note(entry))",
          entry)
      } else {
        add(
          .restore, "receipt rule \(ruleSet)/\(DeploySettings.ruleName)", "deploy changed it; as it was before\(note(entry))",
          entry)
      }
      add(.keep, "receipt rule set \(ruleSet)", "it existed before deploy")
    } else if try await ses.receiptRuleSetIfExists(ruleSet) != nil {
      add(.keep, "receipt rule set \(ruleSet)", "the state record does not say deploy made it")
    }

    // Records deploy wrote (SES records, the NS delegation), and the SSM parameter.
    for entry in state.entries where entry.key.hasPrefix("record ") {
      let parts = entry.key.split(separator: " ").map(String.init)
      guard parts.count == 4 else { continue }
      let what = "\(parts[2]) \(parts[3]) in zone \(parts[1])"
      if entry.created {
        add(.remove, what, "deploy made it\(note(entry))", entry)
      } else {
        add(.restore, what, "deploy replaced its values; the old ones go back\(note(entry))", entry)
      }
    }
    let identity = try await ses.getIdentityVerificationAttributes([env.zoneName])[env.zoneName]
    if let entry = state.entry(StateKey.identity) {
      add(.remove, "SES identity \(env.zoneName)", "deploy made it (its DKIM goes with it)\(note(entry))", entry)
    } else if identity != nil {
      let dkim = state.entry(StateKey.dkim) != nil ? "; deploy switched on its DKIM, which stays on" : ""
      add(.keep, "SES identity \(env.zoneName)", "it existed before deploy\(dkim)")
    }
    for entry in state.entries where entry.key.hasPrefix("ssm ") {
      let name = String(entry.key.dropFirst(4))
      if entry.created {
        add(.remove, "SSM \(name)", "deploy made it\(note(entry))", entry)
      } else {
        add(.restore, "SSM \(name)", "deploy overwrote it; the old value goes back\(note(entry))", entry)
      }
    }
    for entry in state.entries where entry.key.hasPrefix("bucket-statement ") {
      let sid = entry.key.split(separator: " ").last.map(String.init) ?? ""
      if entry.created {
        add(
          .remove, "statement \(sid) in the policy of bucket \(env.bucket)", "deploy added it; the others stay\(note(entry))",
          entry)
      } else {
        add(.restore, "statement \(sid) in the policy of bucket \(env.bucket)", "deploy replaced it\(note(entry))", entry)
      }
    }

    // The stack and what it holds; what deploy adopted stays. Records left in the stack's own
    // zone go first (CloudFormation deletes no zone that has records of its own).
    if env.settings.existingZoneID == nil, let zoneID = try await env.zoneID() {
      let recorded = Set(state.entries.map(\.key))
      let left = try await env.aws.route53.listAllResourceRecordSets(zoneID: zoneID).filter {
        !["NS", "SOA", "MX"].contains($0.type) && !recorded.contains(StateKey.record(zone: zoneID, $0))
      }
      if !left.isEmpty {
        plan.items.append(
          Item(
            action: .remove, what: "\(Plural.count(left.count, "other record set")) in hosted zone \(zoneID)",
            why: "the zone is the stack's own and goes with it: "
              + left.map { "\($0.type) \($0.name)" }.joined(separator: ", "),
            key: StateKey.zoneRecords(zoneID)))
      }
    }
    if let stack = try await env.aws.cloudFormation.stackIfExists(env.stackName) {
      let queues = try await QueueDestroyNote.make(env: env)
      add(
        .remove, "stack \(env.stackName)",
        "deploy's own (\(stack.status)): MX record\(env.settings.existingZoneID == nil ? ", hosted zone" : "")\(queues)")
    }
    if let zoneID = env.settings.existingZoneID {
      add(.keep, "hosted zone \(env.zoneName) (\(zoneID))", "it existed before deploy; deploy's records in it are removed")
    }
    if try await env.aws.s3.bucketExists(env.bucket) {
      if !plan.deploysBucket {
        let note = deleteMail ? " (--delete-mail does not apply to it)" : ""
        add(.keep, "bucket \(env.bucket)", "it existed before deploy: its mail, other statements and settings stay\(note)")
      } else if deleteMail {
        add(.remove, "bucket \(env.bucket) and ALL its mail", "deploy's stack made it; --delete-mail")
      } else {
        add(
          .keep, "bucket \(env.bucket)",
          "with its mail (--delete-mail removes it; the state record keeps that deploy made it)")
      }
    }
    add(.keep, "mapping table", env.settings.table ?? "none in the stack")
    if !state.exists {
      add(
        .keep, "anything outside the stack",
        "no state record (SSM \(DeployState.parameterName(stack: env.stackName))) says what deploy made")
    }
    return plan
  }

  /// The plan as lines: `  remove   <what>: <why>`.
  func print(to progress: Progress) {
    progress.note("deploy --destroy will:")
    for item in items {
      progress.note("  \(item.action.rawValue.padding(8)) \(item.what): \(item.why)")
    }
  }
}
