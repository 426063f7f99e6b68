@_spi(RootmailHost) import RootmailKit

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

  /// Each setting that differs from the template, by name (read-only). For an adopted bucket:
  /// deploy's statement in its policy, and the other settings only with `--manage-bucket`.
  func differences() async throws -> [String] {
    var out: [String]
    if env.settings.bucketInStack {
      out = try await settingDifferences()
      let policy = try await s3.getBucketPolicy(env.bucket).flatMap { try? JSONValue.parse($0) }
      if policy.map(Self.normalized) != Self.normalized(env.bucketPolicy) { out.append("policy") }
    } else {
      out = try await statementDiffers() ? ["policy statement \(Self.sesStatementID)"] : []
      if env.settings.manageBucket { out += try await settingDifferences() }
    }
    if let table = env.settings.table, env.settings.tableInStack, try await !env.aws.dynamoDB.pointInTimeRecoveryEnabled(table) {
      out.append("table point-in-time recovery")
    }
    return out
  }

  /// Encryption, versioning, public access block and lifecycle that differ from deploy's.
  func settingDifferences() async throws -> [String] {
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
    return out
  }

  /// Applies every difference; one progress line for the bucket (and the table).
  func apply(state: DeployState) async throws {
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
      case "policy statement \(Self.sesStatementID)": try await mergeStatement(state: state)
      case "table point-in-time recovery":
        if let table = env.settings.table { try await env.aws.dynamoDB.updateContinuousBackups(table, pointInTimeRecovery: true) }
      default: break
      }
    }
    env.progress.step(.updated, "bucket \(bucket) settings", "applied \(diff.joined(separator: ", "))")
  }

  // MARK: An adopted bucket

  /// The Sid of the one statement deploy adds to an adopted bucket's policy.
  static let sesStatementID = "AllowSESPuts"

  /// Deploy's statement that lets SES put mail under the prefix.
  var sesStatement: JSONValue {
    env.bucketPolicy["Statement"]?.arrayValue?.first { $0["Sid"]?.stringValue == Self.sesStatementID } ?? .null
  }

  func currentPolicy() async throws -> JSONValue? {
    guard let text = try await s3.getBucketPolicy(env.bucket) else { return nil }
    do { return try JSONValue.parse(text) } catch {
      throw CLIError("the policy of bucket \(env.bucket) is not JSON (\(error)); deploy does not rewrite it")
    }
  }

  func statementDiffers() async throws -> Bool {
    let current = try await currentPolicy()?["Statement"]?.arrayValue?.first { $0["Sid"]?.stringValue == Self.sesStatementID }
    return current.map(Self.normalized) != Self.normalized(sesStatement)
  }

  /// `policy` with the statement of `sid` replaced by `statement` (nil: removed), others kept
  /// in their order; nil when no statement is left.
  static func merged(_ policy: JSONValue?, sid: String, _ statement: JSONValue?) -> JSONValue? {
    var members = policy?.objectValue ?? [("Version", .string("2012-10-17"))]
    var statements = policy?["Statement"]?.arrayValue ?? policy?["Statement"].map { [$0] } ?? []
    if let i = statements.firstIndex(where: { $0["Sid"]?.stringValue == sid }) {
      if let statement { statements[i] = statement } else { statements.remove(at: i) }
    } else if let statement {
      statements.append(statement)
    }
    guard !statements.isEmpty else { return nil }
    if let i = members.firstIndex(where: { $0.0 == "Statement" }) {
      members[i].1 = .array(statements)
    } else {
      members.append(("Statement", .array(statements)))
    }
    return .object(members)
  }

  /// Adds deploy's statement to the adopted bucket's policy (by Sid; the others stay).
  func mergeStatement(state: DeployState) async throws {
    let policy = try await currentPolicy()
    let previous = policy?["Statement"]?.arrayValue?.first { $0["Sid"]?.stringValue == Self.sesStatementID }
    let key = StateKey.statement(bucket: env.bucket, sid: Self.sesStatementID)
    try await state.change(key, created: previous == nil, before: previous) {
      guard let document = Self.merged(policy, sid: Self.sesStatementID, sesStatement) else { return }
      try await s3.putBucketPolicy(env.bucket, policy: document.compact)
    }
  }

  /// Puts the adopted bucket's policy back as it was: deploy's statement removed, or the one
  /// it replaced restored.
  func restoreStatement(before: JSONValue?) async throws {
    let document = Self.merged(try await currentPolicy(), sid: Self.sesStatementID, before)
    if let document {
      try await s3.putBucketPolicy(env.bucket, policy: document.compact)
    } else {
      try await s3.deleteBucketPolicy(env.bucket)
    }
  }

  /// One line with the adopted bucket's settings as they are.
  func report() async throws {
    let bucket = env.bucket
    let encryption = try await s3.getBucketEncryption(bucket)
    let versioning = try await s3.getBucketVersioning(bucket) ?? "never enabled"
    let block = try await s3.getPublicAccessBlock(bucket)
    let lifecycle = try await s3.getBucketLifecycle(bucket)
    let detail = [
      "encryption \(encryption.map { $0.algorithm + ($0.kmsKeyID.map { " " + $0 } ?? "") } ?? "none")",
      "versioning \(versioning)", "public access block \(block?.allOn == true ? "on" : "not all on")",
      "lifecycle \(lifecycle.isEmpty ? "none" : lifecycle.map { "\($0.id) \($0.days) days" }.joined(separator: ", "))",
    ]
    let how = env.settings.manageBucket ? "--manage-bucket: settings brought to deploy's" : "settings left as they are"
    env.progress.step(.kept, "bucket \(bucket) (exists outside the stack; \(how))", detail.joined(separator: ", "))
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
