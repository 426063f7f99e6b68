import RootmailKit

/// `deploy --destroy`: undoes what deploy made, in reverse — the rule set (deactivated first),
/// the SES identity, the records and the delegation it wrote, the SSM parameter, the stack. The
/// bucket and its mail (and the mapping table) stay unless `--delete-mail` empties the bucket,
/// every version, and deletes it. Asks first (or `--yes`).
struct Destroyer: Sendable {
  let env: DeployEnvironment
  let yes: Bool
  let deleteMail: Bool

  func run() async throws {
    let progress = env.progress
    let cfn = env.aws.cloudFormation
    let stack = try await cfn.stackIfExists(env.stackName)
    let zoneID = try await env.zoneID()
    var what = [
      "rule set \(DeploySettings.ruleSetName)", "SES identity \(env.zoneName)", "its records", "stack \(env.stackName)",
    ]
    if env.settings.parentZoneID != nil { what.append("the NS delegation") }
    if deleteMail { what.append("bucket \(env.bucket) and ALL its mail") }
    try Confirmation.require("remove \(what.joined(separator: ", "))?", yes: yes)

    let ses = env.ses
    if try await ses.describeActiveReceiptRuleSet()?.name == DeploySettings.ruleSetName {
      try await ses.setActiveReceiptRuleSet(nil)
      progress.step(.updated, "active rule set", "none")
    }
    if try await ses.receiptRuleSetIfExists(DeploySettings.ruleSetName) != nil {
      try await ses.deleteReceiptRuleSet(DeploySettings.ruleSetName)
      progress.step(.deleted, "receipt rule set \(DeploySettings.ruleSetName)")
    } else {
      progress.step(.unchanged, "receipt rule set \(DeploySettings.ruleSetName)", "none")
    }

    let verification = try await ses.getIdentityVerificationAttributes([env.zoneName])[env.zoneName]
    let dkim = try await ses.getIdentityDkimAttributes([env.zoneName])[env.zoneName]
    if let zoneID, let token = verification?.token {
      try await deleteRecords(zoneID: zoneID, env.sesRecords(token: token, dkimTokens: dkim?.tokens ?? []), what: "SES records")
    }
    if verification != nil {
      try await ses.deleteIdentity(env.zoneName)
      progress.step(.deleted, "SES identity \(env.zoneName)")
    } else {
      progress.step(.unchanged, "SES identity \(env.zoneName)", "none")
    }

    if let parentID = env.settings.parentZoneID, let zoneID {
      let servers = try await Delegation(env: env).nameServers(zoneID: zoneID)
      if try await Delegation(env: env).delegated(parentID: parentID, servers: servers) {
        let record = Route53.RecordSet(name: env.zoneName + ".", type: "NS", ttl: 172_800, values: servers)
        try await deleteRecords(zoneID: parentID, [record], what: "NS delegation")
      }
    }
    if try await env.aws.ssm.getParameter(DeploySettings.nameServersParameter) != nil {
      try await env.aws.ssm.deleteParameter(DeploySettings.nameServersParameter)
      progress.step(.deleted, "SSM \(DeploySettings.nameServersParameter)")
    }

    if stack != nil {
      let seen = Set(try await cfn.describeStackEvents(env.stackName).map(\.id))
      try await cfn.deleteStack(env.stackName)
      try await StackDeployer(env: env).follow(seen: seen, outcome: .deleted, deleting: true)
    } else {
      progress.step(.unchanged, "stack \(env.stackName)", "none")
    }
    if env.settings.existingZoneID == nil, let zoneID {
      try await removeLeftZone(zoneID)
    }
    try await removeLeftPolicy()
    progress.step(.kept, "mapping table", env.settings.table ?? "none in the stack")
    if deleteMail {
      try await emptyAndDeleteBucket()
    } else if try await env.aws.s3.bucketExists(env.bucket) {
      progress.step(.kept, "bucket \(env.bucket)", "with its mail (--delete-mail removes it)")
    }
    progress.note("deploy --destroy: done")
  }

  /// Deletes the records of `records` that the zone has exactly so.
  func deleteRecords(zoneID: String, _ records: [Route53.RecordSet], what: String) async throws {
    let existing = try await env.aws.route53.listAllResourceRecordSets(zoneID: zoneID)
    let present = existing.filter { have in
      records.contains { sameName($0.name, have.name) && $0.type == have.type }
    }
    guard !present.isEmpty else { return }
    let change = try await env.aws.route53.changeResourceRecordSets(
      zoneID: zoneID, changes: present.map { Route53.Change("DELETE", $0) }, comment: "rootmail deploy --destroy")
    _ = try await env.wait(.inSync(change.id, timeout: env.timeout)) { try await env.aws.route53.getChange(change.id) }
    env.progress.step(.deleted, "\(what) in \(zoneID)", present.map { "\($0.type) \($0.name)" }.joined(separator: ", "))
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
