@_spi(RootmailHost) import RootmailKit

/// What already exists in the account before deploy decides what its stack declares: the mail
/// bucket (the stack's, one to adopt, one that cannot be used, or none) and the hosted zone of
/// the receiving domain (used when there is exactly one public zone of that name).
enum ExistingResources {
  /// Who has the mail bucket.
  enum BucketOwnership: Sendable, Equatable {
    /// The stack declares it (it exists as the stack's resource, or not yet).
    case stack
    /// It exists in this account outside the stack: used as it is.
    case adopted
    /// It exists but SES cannot use it for this account; why.
    case refused(String)
  }

  /// Regions an account must opt in to; SES's S3 action does not write to buckets there.
  static let optInRegions: Set<String> = [
    "af-south-1", "ap-east-1", "ap-south-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-7",
    "ca-west-1", "eu-central-2", "eu-south-1", "eu-south-2", "il-central-1", "me-central-1", "me-south-1", "mx-central-1",
  ]

  static func bucketOwnership(
    _ bucket: String, account: String, stack: String, aws: AWSClient
  ) async throws -> BucketOwnership {
    if try await liveResources(stack, aws: aws).contains(where: {
      $0.logicalID == StackTemplate.bucketID && $0.physicalID == bucket
    }) {
      return .stack
    }
    let s3 = aws.s3
    let region: String?
    do {
      region = try await s3.bucketRegion(bucket, expectedOwner: account)
    } catch let error as AWSError where error.status == 403 {
      return .refused("bucket \(bucket) exists but is not account \(account)'s (HeadBucket with the expected owner: 403)")
    }
    guard let region else { return .stack }
    guard try await s3.listBuckets().contains(bucket) else {
      return .refused("bucket \(bucket) exists but belongs to another account (it is not among account \(account)'s buckets)")
    }
    if optInRegions.contains(region) {
      return .refused("bucket \(bucket) is in \(region), an opt-in region: SES does not store mail in buckets there")
    }
    if let retention = try await s3.objectLockDefaultRetention(bucket) {
      return .refused(
        "bucket \(bucket) has an Object Lock default retention (\(retention)): SES's S3 action does not write to such a bucket")
    }
    return .adopted
  }

  /// The public hosted zones named `zoneName` outside the stack (the stack's own zone first:
  /// when the stack has one, nothing else is looked for).
  static func publicZones(_ zoneName: String, stack: String, aws: AWSClient) async throws -> [Route53.HostedZone]? {
    if try await liveResources(stack, aws: aws).contains(where: {
      $0.logicalID == StackTemplate.zoneID && !$0.physicalID.isEmpty
    }) {
      return nil
    }
    let zones = try await aws.route53.listHostedZonesByName(dnsName: zoneName + ".", maxItems: 100)
    return zones.filter { sameName($0.name, zoneName) && !$0.isPrivate }
  }

  /// Whether the existing zone has an MX record for `name` that the stack did not make.
  static func mxOutsideStack(zoneID: String, name: String, stack: String, aws: AWSClient) async throws -> Bool {
    if try await liveResources(stack, aws: aws).contains(where: { $0.logicalID == StackTemplate.mxID }) { return false }
    let records = try await aws.route53.listResourceRecordSets(
      zoneID: zoneID, startName: name + ".", startType: "MX", maxItems: 1)
    return records.records.contains { sameName($0.name, name) && $0.type == "MX" }
  }

  /// The stack's resources; none when there is no stack or its first create failed (deploy
  /// deletes such a stack, so what its create left behind, e.g. a retained bucket, is adopted).
  static func liveResources(_ stack: String, aws: AWSClient) async throws -> [CloudFormation.StackResource] {
    guard let found = try await aws.cloudFormation.stackIfExists(stack), !StackDeployer.replaceable.contains(found.status)
    else { return [] }
    return try await aws.cloudFormation.listStackResources(stack)
  }

  /// The error for several public zones of one name: their ids and record counts.
  static func ambiguous(_ zones: [Route53.HostedZone], name: String) -> CLIError {
    let list = zones.map { "\($0.id) (\($0.recordCount.map(String.init) ?? "?") records)" }.joined(separator: ", ")
    return CLIError.configuration(
      "\(zones.count) public hosted zones are named \(name): \(list); deploy does not guess which one is delegated",
      hint: "pass --hosted-zone-id with the zone the parent domain delegates to (nothing was changed)")
  }
}
