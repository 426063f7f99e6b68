@_spi(RootmailHost) import RootmailKit

/// The CloudFormation template deploy makes from its settings: the mail bucket and its policy,
/// the hosted zone and MX record, the mapping table when the store is DynamoDB, and outputs.
/// Names that depend on the account and region are `${AWS::…}` substitutions, so the template
/// prints without calling AWS; `PolicyDocuments` gives the same documents with values filled in.
struct StackTemplate: Sendable {
  let settings: DeploySettings

  /// Logical ids, also used to find the stack's resources.
  static let bucketID = "MailBucket"
  static let bucketPolicyID = "MailBucketPolicy"
  static let zoneID = "HostedZone"
  static let mxID = "MXRecord"
  static let tableID = "MappingTable"

  /// `${AWS::Region}` unless `--ses-region` names the receiving region.
  var sesRegion: String { settings.sesRegion ?? "${AWS::Region}" }
  var bucketName: String { settings.configuredBucket ?? "rootmail-mail-${AWS::AccountId}-${AWS::Region}" }

  /// The whole template, keys in the order they print.
  var document: JSONValue {
    // An adopted bucket is not declared: the stack would try to create it (BucketAlreadyExists).
    var resources: [(String, JSONValue)] =
      settings.bucketInStack ? [(Self.bucketID, bucket), (Self.bucketPolicyID, bucketPolicy)] : []
    if settings.existingZoneID == nil { resources.append((Self.zoneID, hostedZone)) }
    if settings.mxInStack { resources.append((Self.mxID, mxRecord)) }
    if settings.table != nil && settings.tableInStack { resources.append((Self.tableID, table)) }
    resources += queueResources
    return .object([
      ("AWSTemplateFormatVersion", .string("2010-09-09")),
      ("Description", .string("rootmail: receiving mail for \(settings.zoneName) with SES into S3 (made by rootmail deploy)")),
      ("Resources", .object(resources)),
      ("Outputs", .object(outputs)),
    ])
  }

  /// `{"Fn::Sub": s}` when `s` has a substitution, else the plain string.
  static func sub(_ s: String) -> JSONValue { s.contains("${") ? .object([("Fn::Sub", .string(s))]) : .string(s) }
  static func ref(_ id: String) -> JSONValue { .object([("Ref", .string(id))]) }
  static func getAtt(_ id: String, _ attribute: String) -> JSONValue {
    .object([("Fn::GetAtt", .array([.string(id), .string(attribute)]))])
  }
  static func obj(_ members: [(String, JSONValue)]) -> JSONValue { .object(members) }

  /// The KMS key as S3 and DynamoDB take it: `alias/x` becomes the alias ARN.
  var kmsKeyValue: JSONValue? {
    guard let key = settings.kmsKey else { return nil }
    return key.hasPrefix("alias/") ? Self.sub("arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:\(key)") : .string(key)
  }

  var bucket: JSONValue {
    var byDefault: [(String, JSONValue)] = [("SSEAlgorithm", .string(settings.kmsKey == nil ? "AES256" : "aws:kms"))]
    if let key = kmsKeyValue { byDefault.append(("KMSMasterKeyID", key)) }
    var rule: [(String, JSONValue)] = [("ServerSideEncryptionByDefault", .object(byDefault))]
    if settings.kmsKey != nil { rule.append(("BucketKeyEnabled", .bool(true))) }
    var properties: [(String, JSONValue)] = [
      ("BucketName", Self.sub(bucketName)),
      ("BucketEncryption", Self.obj([("ServerSideEncryptionConfiguration", .array([.object(rule)]))])),
      (
        "PublicAccessBlockConfiguration",
        Self.obj([
          ("BlockPublicAcls", .bool(true)), ("BlockPublicPolicy", .bool(true)), ("IgnorePublicAcls", .bool(true)),
          ("RestrictPublicBuckets", .bool(true)),
        ])
      ),
      ("VersioningConfiguration", Self.obj([("Status", .string("Enabled"))])),
      ("OwnershipControls", Self.obj([("Rules", .array([Self.obj([("ObjectOwnership", .string("BucketOwnerEnforced"))])]))])),
    ]
    if let days = settings.mailExpiryDays {
      properties.append(
        (
          "LifecycleConfiguration",
          Self.obj([
            (
              "Rules",
              .array([
                Self.obj([
                  ("Id", .string(BucketSettings.expiryRuleID)), ("Status", .string("Enabled")),
                  ("Prefix", .string(settings.prefix)),
                  ("ExpirationInDays", .int(days)),
                  ("NoncurrentVersionExpiration", Self.obj([("NoncurrentDays", .int(days))])),
                  ("AbortIncompleteMultipartUpload", Self.obj([("DaysAfterInitiation", .int(7))])),
                ])
              ])
            )
          ])
        ))
    }
    return Self.obj([
      ("Type", .string("AWS::S3::Bucket")),
      // Mail outlives the stack: destroy removes the bucket only with --delete-mail.
      ("DeletionPolicy", .string("Retain")), ("UpdateReplacePolicy", .string("Retain")),
      ("Properties", .object(properties)),
    ])
  }

  var bucketPolicy: JSONValue {
    Self.obj([
      ("Type", .string("AWS::S3::BucketPolicy")),
      (
        "Properties",
        Self.obj([
          ("Bucket", Self.ref(Self.bucketID)),
          (
            "PolicyDocument",
            PolicyDocuments.bucketPolicy(bucket: bucketName, prefix: settings.prefix, sesRegion: sesRegion, wrap: Self.sub)
          ),
        ])
      ),
    ])
  }

  var hostedZone: JSONValue {
    Self.obj([
      ("Type", .string("AWS::Route53::HostedZone")),
      (
        "Properties",
        Self.obj([
          ("Name", .string(settings.zoneName)),
          ("HostedZoneConfig", Self.obj([("Comment", .string("rootmail: receiving mail for \(settings.zoneName)"))])),
        ])
      ),
    ])
  }

  var zoneReference: JSONValue { settings.existingZoneID.map { .string($0) } ?? Self.ref(Self.zoneID) }

  var mxRecord: JSONValue {
    Self.obj([
      ("Type", .string("AWS::Route53::RecordSet")),
      (
        "Properties",
        Self.obj([
          ("HostedZoneId", zoneReference), ("Name", .string(settings.zoneName + ".")), ("Type", .string("MX")),
          ("TTL", .string("300")), ("ResourceRecords", .array([Self.sub("10 inbound-smtp.\(sesRegion).amazonaws.com")])),
        ])
      ),
    ])
  }

  /// The table exactly as `mappings init-table` makes it (aws-account-factory-email's shape).
  var table: JSONValue {
    var sse: [(String, JSONValue)] = [("SSEEnabled", .bool(true))]
    if let key = kmsKeyValue { sse += [("SSEType", .string("KMS")), ("KMSMasterKeyId", key)] }
    let attribute = { (name: String) in Self.obj([("AttributeName", .string(name)), ("AttributeType", .string("S"))]) }
    let key = { (name: String, type: String) in Self.obj([("AttributeName", .string(name)), ("KeyType", .string(type))]) }
    return Self.obj([
      ("Type", .string("AWS::DynamoDB::Table")),
      // The mappings outlive the stack, as the mail does.
      ("DeletionPolicy", .string("Retain")), ("UpdateReplacePolicy", .string("Retain")),
      (
        "Properties",
        Self.obj([
          ("TableName", .string(settings.table ?? "")),
          ("AttributeDefinitions", .array([attribute("AccountEmail"), attribute("AccountName"), attribute("Enum")])),
          ("KeySchema", .array([key("AccountEmail", "HASH")])),
          (
            "GlobalSecondaryIndexes",
            .array([
              Self.obj([
                ("IndexName", .string("AccountName-Enum-Index")),
                ("KeySchema", .array([key("AccountName", "HASH"), key("Enum", "RANGE")])),
                ("Projection", Self.obj([("ProjectionType", .string("ALL"))])),
              ])
            ])
          ),
          ("BillingMode", .string("PAY_PER_REQUEST")),
          ("PointInTimeRecoverySpecification", Self.obj([("PointInTimeRecoveryEnabled", .bool(true))])),
          ("SSESpecification", .object(sse)),
        ])
      ),
    ])
  }

  var outputs: [(String, JSONValue)] {
    var out: [(String, JSONValue)] = [
      (
        "BucketName",
        Self.obj([
          ("Description", .string("bucket SES stores mail in")),
          ("Value", settings.bucketInStack ? Self.ref(Self.bucketID) : Self.sub(bucketName)),
        ])
      ),
      ("HostedZoneId", Self.obj([("Description", .string("hosted zone of \(settings.zoneName)")), ("Value", zoneReference)])),
    ]
    if settings.existingZoneID == nil {
      out.append(
        (
          "NameServers",
          Self.obj([
            ("Description", .string("name servers to delegate \(settings.zoneName) to")),
            ("Value", Self.obj([("Fn::Join", .array([.string(","), Self.getAtt(Self.zoneID, "NameServers")]))])),
          ])
        ))
    }
    if settings.table != nil && settings.tableInStack {
      out.append(("TableName", Self.obj([("Description", .string("mapping table")), ("Value", Self.ref(Self.tableID))])))
    }
    return out + queueOutputs
  }
}
