import RootmailKit

/// The bucket and table settings the template declares, read back through their own APIs and
/// applied where they differ. On AWS the stack has made them, so this reads and changes nothing;
/// moto's CloudFormation skips the bucket policy, versioning, public access block, lifecycle and
/// the table's point-in-time recovery, and so does a hand edit — deploy then puts them back.
struct BucketSettings: Sendable {
  let env: DeployEnvironment
  static let expiryRuleID = "ExpireMail"

  var s3: S3 { env.aws.s3 }
  var wantedEncryption: S3.Encryption {
    guard let key = env.settings.kmsKey else { return S3.Encryption(algorithm: "AES256") }
    let arn = key.hasPrefix("alias/") ? "arn:\(env.partition):kms:\(env.region):\(env.account):\(key)" : key
    return S3.Encryption(algorithm: "aws:kms", kmsKeyID: arn)
  }
  var wantedLifecycle: [S3.ExpiryRule] {
    env.settings.mailExpiryDays.map { [S3.ExpiryRule(id: Self.expiryRuleID, prefix: env.settings.prefix, days: $0)] } ?? []
  }

  /// Each setting that differs from the template, by name (read-only).
  func differences() async throws -> [String] {
    var out: [String] = []
    let bucket = env.bucket
    if try await s3.getPublicAccessBlock(bucket)?.allOn != true { out.append("public access block") }
    if try await s3.getBucketVersioning(bucket) != "Enabled" { out.append("versioning") }
    let encryption = try await s3.getBucketEncryption(bucket)
    if encryption?.algorithm != wantedEncryption.algorithm
      || (wantedEncryption.kmsKeyID != nil && encryption?.kmsKeyID != wantedEncryption.kmsKeyID)
    {
      out.append("encryption")
    }
    if try await s3.getBucketLifecycle(bucket).filter({ $0.id == Self.expiryRuleID }) != wantedLifecycle {
      out.append("lifecycle")
    }
    let policy = try await s3.getBucketPolicy(bucket).flatMap { try? JSONValue.parse($0) }
    if policy.map(Self.normalized) != Self.normalized(env.bucketPolicy) { out.append("policy") }
    if let table = env.settings.table, env.settings.tableInStack, try await !env.aws.dynamoDB.pointInTimeRecoveryEnabled(table) {
      out.append("table point-in-time recovery")
    }
    return out
  }

  /// Applies every difference; one progress line for the bucket (and the table).
  func apply() async throws {
    let diff = try await differences()
    guard !diff.isEmpty else {
      env.progress.step(.unchanged, "bucket \(env.bucket) settings", "policy, encryption, versioning, public access block")
      return
    }
    let bucket = env.bucket
    for item in diff {
      switch item {
      case "public access block": try await s3.putPublicAccessBlock(bucket, S3.PublicAccessBlock(all: true))
      case "versioning": try await s3.putBucketVersioning(bucket, enabled: true)
      case "encryption": try await s3.putBucketEncryption(bucket, wantedEncryption)
      case "lifecycle":
        let others = try await s3.getBucketLifecycle(bucket).filter { $0.id != Self.expiryRuleID }
        try await s3.putBucketLifecycle(bucket, rules: others + wantedLifecycle)
      case "policy": try await s3.putBucketPolicy(bucket, policy: env.bucketPolicy.compact)
      case "table point-in-time recovery":
        if let table = env.settings.table { try await env.aws.dynamoDB.updateContinuousBackups(table, pointInTimeRecovery: true) }
      default: break
      }
    }
    env.progress.step(.updated, "bucket \(bucket) settings", "applied \(diff.joined(separator: ", "))")
  }

  /// A policy in a form that compares equal however IAM re-wrote it: one-element lists as
  /// their element, statements in Sid order.
  static func normalized(_ value: JSONValue) -> JSONValue {
    switch value {
    case .array(let items) where items.count == 1: return normalized(items[0])
    case .array(let items):
      let mapped = items.map(normalized)
      return .array(mapped.sorted { ($0["Sid"]?.stringValue ?? $0.compact) < ($1["Sid"]?.stringValue ?? $1.compact) })
    case .object(let members): return .object(members.map { ($0.0, normalized($0.1)) })
    default: return value
    }
  }
}
