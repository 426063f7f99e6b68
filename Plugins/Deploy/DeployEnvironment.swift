@_spi(RootmailHost) import RootmailKit

/// What every deploy step works with: the settings, the clients (the stack's region and SES's
/// receiving region), the account, the names derived from them, and the progress lines.
struct DeployEnvironment: Sendable {
  let context: CommandContext
  let settings: DeploySettings
  let aws: AWSClient
  /// SES in the receiving region (`--ses-region`, else the stack's).
  let ses: SES
  let account: String
  let region: String
  let sesRegion: String
  let partition: String
  let bucket: String
  let progress: Progress
  let timeout: Duration
  /// Whose the mail bucket is (`.stack` when it does not exist yet).
  var bucketOwnership: ExistingResources.BucketOwnership = .stack
  /// Several public zones of the receiving domain's name (deploy refuses to pick one).
  var ambiguousZones: [Route53.HostedZone] = []

  /// The environment for a command that calls AWS; `inspect`: also look at what exists
  /// (bucket, zones, table) so the template declares only what deploy owns.
  static func make(
    context: CommandContext, settings: DeploySettings, timeout: Duration, inspect: Bool = true
  ) async throws -> DeployEnvironment {
    let aws = try context.aws()
    let account = try await aws.sts.getCallerIdentity().account
    let sesRegion = settings.sesRegion ?? aws.region
    var settings = settings
    let bucket = settings.bucket(account: account, region: aws.region)
    // `bucket` set to the name deploy makes (as deploy's last line says to) is that bucket: the
    // template keeps its `${AWS::…}` form, so a stack made before the setting is not changed.
    if settings.configuredBucket == DeploySettings.defaultBucket(account: account, region: aws.region) {
      settings.configuredBucket = nil
    }
    var ownership = ExistingResources.BucketOwnership.stack
    var ambiguous: [Route53.HostedZone] = []
    if inspect {
      if let table = settings.table, try await tableOutsideStack(table, stack: settings.stackName, aws: aws) {
        settings.tableInStack = false
      }
      ownership = try await ExistingResources.bucketOwnership(bucket, account: account, stack: settings.stackName, aws: aws)
      settings.bucketInStack = ownership == .stack
      if settings.existingZoneID == nil,
        let zones = try await ExistingResources.publicZones(settings.zoneName, stack: settings.stackName, aws: aws)
      {
        if zones.count == 1 {
          settings.existingZoneID = zones[0].id
          settings.zoneFound = true
        } else if zones.count > 1 {
          ambiguous = zones
        }
      }
      if let zoneID = settings.existingZoneID {
        settings.mxInStack = try await !ExistingResources.mxOutsideStack(
          zoneID: zoneID, name: settings.zoneName, stack: settings.stackName, aws: aws)
      }
    }
    var env = DeployEnvironment(
      context: context, settings: settings, aws: aws, ses: aws.inRegion(sesRegion).ses, account: account, region: aws.region,
      sesRegion: sesRegion, partition: AWSPartition(region: aws.region).rawValue, bucket: bucket,
      progress: Progress(color: context.stderrColorEnabled),
      timeout: timeout)
    env.bucketOwnership = ownership
    env.ambiguousZones = ambiguous
    return env
  }

  /// Whether `table` exists and is not the stack's (then the stack leaves it alone).
  static func tableOutsideStack(_ table: String, stack: String, aws: AWSClient) async throws -> Bool {
    do {
      _ = try await aws.dynamoDB.describeTable(table)
    } catch let error as AWSError where error.code == "ResourceNotFoundException" {
      return false
    }
    guard try await aws.cloudFormation.stackIfExists(stack) != nil else { return true }
    return try await !aws.cloudFormation.listStackResources(stack).contains {
      $0.logicalID == StackTemplate.tableID && $0.physicalID == table
    }
  }

  var template: StackTemplate { StackTemplate(settings: settings) }
  /// The template as deploy sends it (and compares it with the stack's, to change nothing).
  var templateBody: String { template.document.pretty }
  var stackName: String { settings.stackName }
  var zoneName: String { settings.zoneName }

  /// Fills in `${AWS::…}` for this account and region.
  var literal: PolicyDocuments.Wrap { PolicyDocuments.literal(account: account, region: region, partition: partition) }

  /// The bucket policy with every value filled in.
  var bucketPolicy: JSONValue {
    PolicyDocuments.bucketPolicy(bucket: bucket, prefix: settings.prefix, sesRegion: sesRegion, wrap: literal)
  }

  /// The receipt rule deploy makes.
  var receiptRule: SES.ReceiptRule {
    SES.ReceiptRule(
      name: DeploySettings.ruleName, recipients: [zoneName], scanEnabled: true, tlsRequired: true, bucket: bucket,
      objectKeyPrefix: settings.prefix, topicArn: settings.queue ? topicArn : nil)
  }

  /// The receipt topic's ARN (in SES's region, which `--queue` requires to be the stack's).
  var topicArn: String { "arn:\(partition):sns:\(sesRegion):\(account):\(settings.topicName)" }
  /// The receipt queue's and its dead-letter queue's ARNs.
  var queueArn: String { "arn:\(partition):sqs:\(region):\(account):\(settings.queueName)" }
  var deadLetterQueueArn: String { "arn:\(partition):sqs:\(region):\(account):\(settings.deadLetterQueueName)" }

  /// The hosted zone's id: `--hosted-zone-id`, or the stack's zone; nil before the stack exists.
  func zoneID() async throws -> String? {
    if let id = settings.existingZoneID { return id }
    guard try await aws.cloudFormation.stackIfExists(stackName) != nil else { return nil }
    let resources = try await aws.cloudFormation.listStackResources(stackName)
    return resources.first { $0.logicalID == StackTemplate.zoneID && !$0.physicalID.isEmpty }.map {
      Route53.shortID($0.physicalID)
    }
  }

  /// The MX record that sends the domain's mail to SES.
  var mxRecord: Route53.RecordSet {
    Route53.RecordSet(name: zoneName + ".", type: "MX", ttl: 300, values: ["10 inbound-smtp.\(sesRegion).amazonaws.com"])
  }

  /// The records SES needs in the zone: the verification TXT and the three DKIM CNAMEs (and the
  /// MX when an existing zone had one: it is then set here, not by the stack).
  func sesRecords(token: String, dkimTokens: [String]) -> [Route53.RecordSet] {
    (settings.mxInStack ? [] : [mxRecord])
      + [Route53.RecordSet(name: "_amazonses.\(zoneName).", type: "TXT", ttl: 1800, values: ["\"\(token)\""])]
      + dkimTokens.map {
        Route53.RecordSet(name: "\($0)._domainkey.\(zoneName).", type: "CNAME", ttl: 1800, values: ["\($0).dkim.amazonses.com"])
      }
  }

  /// Waits with `waiter`, polling `poll`.
  func wait<T: Sendable>(_ waiter: AWSWaiter<T>, _ poll: @escaping @Sendable () async throws -> T) async throws -> T {
    try await waiter.wait(poll)
  }
}

/// Names compared as DNS compares them: case-insensitive, with or without the final dot.
func sameName(_ a: String, _ b: String) -> Bool {
  func norm(_ s: String) -> String { (s.hasSuffix(".") ? String(s.dropLast()) : s).lowercased() }
  return norm(a) == norm(b)
}
