@_spi(RootmailHost) import RootmailKit

/// `deploy --destroy`: prints the `DestroyPlan` (remove what the state record says deploy
/// created, restore what it replaced, keep the rest, each with why), asks (or `--yes`), then
/// undoes entry by entry (each forgotten once undone, so a stopped destroy goes on where it
/// stopped) and deletes the stack. The bucket and its mail (and the mapping table) stay unless
/// `--delete-mail` empties the stack's bucket, every version, and deletes it; an adopted bucket
/// is never touched beyond taking deploy's statement out of its policy.
struct Destroyer: Sendable {
  let env: DeployEnvironment
  let yes: Bool
  let deleteMail: Bool
  /// `--dry-run`: stop after the plan.
  var dryRun = false

  func run() async throws {
    let progress = env.progress
    let cfn = env.aws.cloudFormation
    let state = try await DeployState.load(env: env)
    let plan = try await DestroyPlan.make(env: env, state: state, deleteMail: deleteMail)
    plan.print(to: progress)
    let changes = plan.changes
    if changes.isEmpty {
      progress.note("deploy --destroy: nothing to remove or restore")
      try await finishRecord(state, plan: plan)
      return
    }
    let removes = changes.filter { $0.action == .remove }.count
    if dryRun {
      progress.note("--dry-run: nothing was changed (\(Plural.count(changes.count, "change")) above)")
      return
    }
    try Confirmation.require(
      "make these \(changes.count) changes (remove \(removes), restore \(changes.count - removes))?", yes: yes)

    for item in changes where item.key != nil {
      try await undo(item, state: state)
    }
    let stackZone = env.settings.existingZoneID == nil ? try await env.zoneID() : nil
    if let stack = try await cfn.stackIfExists(env.stackName) {
      let seen = Set(try await cfn.describeStackEvents(env.stackName).map(\.id))
      try await cfn.deleteStack(env.stackName)
      do {
        try await StackDeployer(env: env).follow(seen: seen, outcome: .deleted, deleting: true)
      } catch let error as CLIError {
        throw CLIError(
          error.message + " (it was \(stack.status))", status: error.exitStatus,
          hint:
            "the resources that failed to delete are named above; fix or retain them, then run rootmail deploy --destroy again")
      }
    } else {
      progress.step(.unchanged, "stack \(env.stackName)", "none")
    }
    if let zoneID = stackZone {
      try await removeLeftZone(zoneID)
    }
    if env.settings.bucketInStack { try await removeLeftPolicy() }
    if plan.deploysBucket && deleteMail { try await emptyAndDeleteBucket() }
    try await finishRecord(state, plan: plan)
    for item in plan.items where item.action == .keep { progress.step(.kept, item.what, item.why) }
    progress.note("deploy --destroy: done")
  }

  /// Deletes the state record, or keeps just that deploy's stack made the bucket when the
  /// bucket stays (so a later `--destroy --delete-mail` may still remove it).
  func finishRecord(_ state: DeployState, plan: DestroyPlan) async throws {
    let key = StateKey.bucket(env.bucket)
    if plan.deploysBucket, try await env.aws.s3.bucketExists(env.bucket) {
      for entry in state.entries where entry.key != key { try await state.forget(entry.key) }
      try await state.note(key)
    } else {
      try await state.delete()
    }
  }

  /// Carries out one item from the state record and forgets its entry.
  func undo(_ item: DestroyPlan.Item, state: DeployState) async throws {
    guard let key = item.key else { return }
    let ses = env.ses
    let progress = env.progress
    let outcome: Progress.Outcome = item.action == .restore ? .updated : .deleted
    switch key {
    case StateKey.activation:
      try await ses.setActiveReceiptRuleSet(item.action == .restore ? item.before?.stringValue : nil)
      progress.step(outcome, "active rule set", item.action == .restore ? item.before?.stringValue ?? "" : "none")
    case StateKey.ruleSet:
      if try await ses.describeActiveReceiptRuleSet()?.name == DeploySettings.ruleSetName {
        try await ses.setActiveReceiptRuleSet(nil)
      }
      if try await ses.receiptRuleSetIfExists(DeploySettings.ruleSetName) != nil {
        try await ses.deleteReceiptRuleSet(DeploySettings.ruleSetName)
        progress.step(.deleted, "receipt rule set \(DeploySettings.ruleSetName)")
      }
    case StateKey.rule:
      let set = try await ses.receiptRuleSetIfExists(DeploySettings.ruleSetName)
      let current = set?.rules.first { $0.name == DeploySettings.ruleName }
      if let previous = item.before.flatMap(StateKey.rule), current != nil {
        try await ses.updateReceiptRule(ruleSet: DeploySettings.ruleSetName, rule: previous)
        progress.step(.updated, item.what, "as it was before deploy")
      } else if item.action == .remove, current != nil {
        try await ses.deleteReceiptRule(ruleSet: DeploySettings.ruleSetName, rule: DeploySettings.ruleName)
        progress.step(.deleted, item.what)
      }
    case StateKey.identity:
      if try await ses.getIdentityVerificationAttributes([env.zoneName])[env.zoneName] != nil {
        try await ses.deleteIdentity(env.zoneName)
        progress.step(.deleted, "SES identity \(env.zoneName)")
      }
    case _ where key.hasPrefix("record "):
      let parts = key.split(separator: " ").map(String.init)
      if parts.count == 4,
        let done = try await RecordChange(env: env, zoneID: parts[1]).undo(type: parts[2], name: parts[3], before: item.before)
      {
        progress.step(outcome, "record in \(parts[1])", done)
      }
    case _ where key.hasPrefix("zone-records "):
      let zoneID = String(key.dropFirst("zone-records ".count))
      let change = RecordChange(env: env, zoneID: zoneID)
      let left = try await env.aws.route53.listAllResourceRecordSets(zoneID: zoneID).filter {
        !["NS", "SOA", "MX"].contains($0.type)
      }
      try await change.send(left.map { Route53.Change("DELETE", $0) }, comment: "rootmail deploy --destroy: the stack's zone")
      if !left.isEmpty { progress.step(.deleted, item.what) }
    case _ where key.hasPrefix("ssm "):
      let name = String(key.dropFirst(4))
      if let before = item.before, let value = before["value"]?.stringValue {
        try await env.aws.ssm.putParameter(name, value: value, type: before["type"]?.stringValue ?? "String", overwrite: true)
        progress.step(.updated, "SSM \(name)", "the value it had before deploy")
      } else if try await env.aws.ssm.getParameter(name) != nil {
        try await env.aws.ssm.deleteParameter(name)
        progress.step(.deleted, "SSM \(name)")
      }
    case _ where key.hasPrefix("bucket-statement "):
      if try await env.aws.s3.bucketExists(env.bucket) {
        try await BucketSettings(env: env).restoreStatement(before: item.before)
        progress.step(outcome, item.what)
      }
    default:
      break
    }
    try await state.forget(key)
  }

  /// The stack's zone, when it outlived the stack (moto's CloudFormation does not delete zones):
  /// its MX record and the zone itself go through Route53.
  func removeLeftZone(_ zoneID: String) async throws {
    let route53 = env.aws.route53
    let zone: Route53.HostedZone
    do { zone = try await route53.getHostedZone(zoneID) } catch let error as AWSError where error.code == "NoSuchHostedZone" {
      return
    }
    guard sameName(zone.name, env.zoneName) else { return }
    let records = try await route53.listAllResourceRecordSets(zoneID: zoneID).filter { !($0.type == "NS" || $0.type == "SOA") }
    if !records.isEmpty {
      _ = try await route53.changeResourceRecordSets(zoneID: zoneID, changes: records.map { Route53.Change("DELETE", $0) })
    }
    _ = try await route53.deleteHostedZone(zoneID)
    env.progress.step(.deleted, "hosted zone \(zoneID)", "left behind by the stack")
  }

  /// The stack's bucket policy goes with the stack; where it outlived it (moto's CloudFormation
  /// never made it, deploy put it through S3), it is removed when it is exactly deploy's.
  func removeLeftPolicy() async throws {
    let s3 = env.aws.s3
    guard try await s3.bucketExists(env.bucket),
      let text = try await s3.getBucketPolicy(env.bucket), let policy = try? JSONValue.parse(text),
      BucketSettings.normalized(policy) == BucketSettings.normalized(env.bucketPolicy)
    else { return }
    try await s3.deleteBucketPolicy(env.bucket)
    env.progress.step(.deleted, "bucket policy of \(env.bucket)", "left behind by the stack")
  }

  func emptyAndDeleteBucket() async throws {
    let s3 = env.aws.s3
    guard try await s3.bucketExists(env.bucket) else {
      env.progress.step(.unchanged, "bucket \(env.bucket)", "none")
      return
    }
    let versions = try await s3.listAllObjectVersions(env.bucket)
    let failed = try await s3.deleteObjectVersions(env.bucket, versions)
    guard failed.isEmpty else {
      throw CLIError(
        "could not delete \(failed.count) of \(versions.count) object versions in \(env.bucket), e.g. \(failed[0].key): \(failed[0].code)"
      )
    }
    try await s3.deleteBucket(env.bucket)
    env.progress.step(.deleted, "bucket \(env.bucket)", "\(versions.count) object versions and delete markers removed")
  }
}
