@_spi(RootmailHost) import RootmailKit

/// `deploy --policy watch|vend|admin|accounts…`: the least-privilege IAM policy each use needs,
/// scoped to this bucket and prefix, table, hosted zone, stack and parameters (and, for the
/// accounts plugin, to the organization's member accounts and the receiving domain).
struct IAMPolicies: Sendable {
  let env: DeployEnvironment

  var arnPrefix: String { "arn:\(env.partition)" }
  var bucketARN: String { "\(arnPrefix):s3:::\(env.bucket)" }
  var tableARN: String? { env.settings.table.map { "\(arnPrefix):dynamodb:\(env.region):\(env.account):table/\($0)" } }
  func parameterARN(_ path: String) -> String { "\(arnPrefix):ssm:\(env.region):\(env.account):parameter\(path)" }

  /// The statement for KMS when mail is encrypted with a customer key.
  func kmsStatement(_ sid: String, _ actions: [String]) -> JSONValue? {
    guard let key = env.settings.kmsKey else { return nil }
    let isAlias = key.hasPrefix("alias/") || key.contains(":alias/")
    let keyARN =
      key.hasPrefix("arn:") && !isAlias
      ? key
      : isAlias
        ? "\(arnPrefix):kms:\(env.region):\(env.account):key/*"
        : "\(arnPrefix):kms:\(env.region):\(env.account):key/\(key)"
    var via: [JSONValue] = [
      .string("s3.\(env.region).amazonaws.com"), .string("dynamodb.\(env.region).amazonaws.com"),
    ]
    if env.settings.queue { via.append(.string("sqs.\(env.region).amazonaws.com")) }
    return PolicyDocuments.statement(
      sid, "Allow", actions: actions, resources: [.string(keyARN)],
      condition: .object([("StringEquals", .object([("kms:ViaService", .array(via))]))]))
  }

  func document(for use: PolicyUse) async throws -> JSONValue {
    switch use {
    case .watch: return PolicyDocuments.document(watch)
    case .vend: return PolicyDocuments.document(vend)
    case .admin: return PolicyDocuments.document(try await admin())
    case .accountsList: return PolicyDocuments.document(accountsList)
    case .accountsAdopt: return PolicyDocuments.document(accountsAdopt)
    case .accountsAudit: return PolicyDocuments.document(accountsAudit)
    case .accounts:
      // One document: each statement once (adopt reads what list reads).
      var seen = Set<String>()
      let all = (accountsList + accountsAdopt + accountsAudit).filter { seen.insert($0["Sid"]?.stringValue ?? "").inserted }
      return PolicyDocuments.document(all)
    }
  }

  // MARK: accounts plugin

  /// Member accounts of this organization, as the Account API names them (this account is the
  /// management account, or a delegated administrator: then the management account is any).
  var memberAccountARN: String { "\(arnPrefix):account::*:account/o-*/*" }

  /// Reading the organization, as much as a use needs (these Organizations actions take no
  /// resource ARN): list its accounts, `describe` it (management account, feature set), and
  /// the `setup` adopt checks (trusted access).
  func readOrganization(describe: Bool = false, setup: Bool = false) -> JSONValue {
    var actions = ["organizations:ListAccounts"]
    if describe || setup { actions.append("organizations:DescribeOrganization") }
    if setup { actions.append("organizations:ListAWSServiceAccessForOrganization") }
    let sid = setup ? "ReadOrganizationSetup" : describe ? "ReadOrganization" : "ListAccounts"
    return PolicyDocuments.statement(sid, "Allow", actions: actions, resources: [.string("*")])
  }

  /// The mapping table: read for list, written by sync and adopt (vend, then record).
  func mappings(_ sid: String, write: Bool) -> [JSONValue] {
    guard let tableARN else { return [] }
    let actions =
      ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:DescribeTable"]
      + (write ? ["dynamodb:PutItem", "dynamodb:UpdateItem"] : [])
    var s = [
      PolicyDocuments.statement(
        sid, "Allow", actions: actions,
        resources: [.string(tableARN), .string(tableARN + "/index/AccountName-Enum-Index")])
    ]
    if let kms = kmsStatement(sid + "Key", write ? ["kms:Decrypt", "kms:GenerateDataKey"] : ["kms:Decrypt"]) { s.append(kms) }
    return s
  }

  /// `accounts list` and `accounts sync`.
  var accountsList: [JSONValue] {
    [
      readOrganization(describe: true),
      PolicyDocuments.statement(
        "ReadRootEmails", "Allow", actions: ["account:GetPrimaryEmail"], resources: [.string(memberAccountARN)]),
    ] + mappings("MappingsForSync", write: true)
  }

  /// `accounts adopt`: change member accounts' root email, to addresses of the receiving domain
  /// only (`account:EmailTargetDomain`), read the code mail (as `mail fetch` does) and record.
  var accountsAdopt: [JSONValue] {
    var s: [JSONValue] = [
      readOrganization(setup: true),
      PolicyDocuments.statement(
        "ReadRootEmails", "Allow", actions: ["account:GetPrimaryEmail"], resources: [.string(memberAccountARN)]),
      PolicyDocuments.statement(
        "MoveRootEmails", "Allow", actions: ["account:StartPrimaryEmailUpdate", "account:AcceptPrimaryEmailUpdate"],
        resources: [.string(memberAccountARN)],
        condition: .object([("StringEquals", .object([("account:EmailTargetDomain", .string(env.zoneName))]))])),
      PolicyDocuments.statement(
        "ListMail", "Allow", actions: ["s3:ListBucket"], resources: [.string(bucketARN)],
        condition: .object([("StringLike", .object([("s3:prefix", .string(env.settings.prefix + "*"))]))])),
      PolicyDocuments.statement(
        "ReadMail", "Allow", actions: ["s3:GetObject"], resources: [.string("\(bucketARN)/\(env.settings.prefix)*")]),
    ]
    s += mappings("MappingsForSync", write: true)
    if let kms = kmsStatement("DecryptMail", ["kms:Decrypt"]), env.settings.table == nil { s.append(kms) }
    return s
  }

  /// `accounts audit`: whether root is managed centrally, and a root session per member
  /// account limited to the audit task policy.
  var accountsAudit: [JSONValue] {
    [
      readOrganization(describe: true),
      PolicyDocuments.statement(
        "RootManagementFeatures", "Allow", actions: ["iam:ListOrganizationsFeatures"], resources: [.string("*")]),
      PolicyDocuments.statement(
        "AuditRootSessions", "Allow", actions: ["sts:AssumeRoot"], resources: [.string("\(arnPrefix):iam::*:root")],
        condition: .object([
          (
            "StringEquals",
            .object([("sts:TaskPolicyArn", .string("\(arnPrefix):iam::aws:policy/root-task/IAMAuditRootUserCredentials"))])
          )
        ])),
    ]
  }

  /// `mail watch` / `mail fetch` with the built-in receivers: read mail, store reset links,
  /// look mappings up, forward, open OpsItems; with a DynamoDB store, claim and record receiver
  /// outcomes (only items whose key starts `#receipt`, never a mapping).
  var watch: [JSONValue] {
    var s: [JSONValue] = [
      PolicyDocuments.statement(
        "ListMail", "Allow", actions: ["s3:ListBucket"], resources: [.string(bucketARN)],
        condition: .object([("StringLike", .object([("s3:prefix", .string(env.settings.prefix + "*"))]))])),
      PolicyDocuments.statement(
        "ReadMail", "Allow", actions: ["s3:GetObject"], resources: [.string("\(bucketARN)/\(env.settings.prefix)*")]),
      PolicyDocuments.statement(
        "StoreResetLinks", "Allow", actions: ["ssm:PutParameter", "ssm:GetParameter"],
        resources: [.string(parameterARN("/rootmail/pw_reset_link/*"))]),
      PolicyDocuments.statement(
        "ForwardMail", "Allow", actions: ["ses:SendRawEmail"],
        resources: [.string("\(arnPrefix):ses:\(env.sesRegion):\(env.account):identity/*")]),
      PolicyDocuments.statement(
        // CreateOpsItem takes no resource ARN: IAM knows it only as "*".
        "OpenOpsItems", "Allow", actions: ["ssm:CreateOpsItem"], resources: [.string("*")]),
    ]
    if let tableARN {
      s.append(
        PolicyDocuments.statement(
          "LookUpMappings", "Allow", actions: ["dynamodb:GetItem", "dynamodb:Query"],
          resources: [.string(tableARN), .string(tableARN + "/index/AccountName-Enum-Index")]))
      s.append(
        PolicyDocuments.statement(
          "ClaimReceipts", "Allow", actions: ["dynamodb:GetItem", "dynamodb:UpdateItem"], resources: [.string(tableARN)],
          condition: .object([
            (
              "ForAllValues:StringLike",
              .object([("dynamodb:LeadingKeys", .array([.string("#receipt *"), .string("#receipts *")]))])
            )
          ])))
      s.append(
        PolicyDocuments.statement(
          "ListDeadLetters", "Allow", actions: ["dynamodb:Scan"], resources: [.string(tableARN)]))
    }
    if env.settings.queue {
      // The receipt queue only (GetQueueUrl: the queue configured by name).
      s.append(
        PolicyDocuments.statement(
          "ReceiveNotifications", "Allow",
          actions: [
            "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes",
            "sqs:GetQueueUrl",
          ], resources: [.string(env.queueArn)]))
    }
    if let kms = kmsStatement("DecryptMail", ["kms:Decrypt"]) { s.append(kms) }
    return s
  }

  /// A script that vends (and may create accounts).
  var vend: [JSONValue] {
    var s: [JSONValue] = []
    if let tableARN {
      s.append(
        PolicyDocuments.statement(
          "VendMappings", "Allow",
          actions: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query", "dynamodb:DescribeTable"],
          resources: [.string(tableARN), .string(tableARN + "/index/AccountName-Enum-Index")]))
    }
    s.append(
      PolicyDocuments.statement(
        "CreateAccounts", "Allow", actions: ["organizations:CreateAccount", "organizations:DescribeCreateAccountStatus"],
        resources: [.string("*")]))
    if let kms = kmsStatement("UseTableKey", ["kms:Decrypt", "kms:GenerateDataKey"]) { s.append(kms) }
    return s
  }

  /// `rootmail deploy` itself, `--status` and `--destroy` included.
  func admin() async throws -> [JSONValue] {
    let zone = try await env.zoneID().map { "\(arnPrefix):route53:::hostedzone/\($0)" } ?? "\(arnPrefix):route53:::hostedzone/*"
    var zones: [JSONValue] = [.string(zone)]
    if let parent = env.settings.parentZoneID { zones.append(.string("\(arnPrefix):route53:::hostedzone/\(parent)")) }
    var s: [JSONValue] = [
      PolicyDocuments.statement(
        "Stack", "Allow",
        actions: [
          "cloudformation:CreateChangeSet", "cloudformation:DescribeChangeSet", "cloudformation:ExecuteChangeSet",
          "cloudformation:DeleteChangeSet", "cloudformation:DescribeStacks", "cloudformation:DescribeStackEvents",
          "cloudformation:GetTemplate", "cloudformation:ListStackResources", "cloudformation:DeleteStack",
          "cloudformation:ContinueUpdateRollback",
        ],
        resources: [.string("\(arnPrefix):cloudformation:\(env.region):\(env.account):stack/\(env.stackName)/*")]),
      PolicyDocuments.statement(
        "MailBucket", "Allow",
        actions: [
          "s3:CreateBucket", "s3:DeleteBucket", "s3:ListBucket", "s3:ListBucketVersions", "s3:GetBucketPolicy",
          "s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:GetEncryptionConfiguration", "s3:PutEncryptionConfiguration",
          "s3:GetBucketVersioning", "s3:PutBucketVersioning", "s3:GetBucketPublicAccessBlock",
          "s3:PutBucketPublicAccessBlock", "s3:GetLifecycleConfiguration", "s3:PutLifecycleConfiguration",
          "s3:GetBucketOwnershipControls", "s3:PutBucketOwnershipControls", "s3:GetBucketObjectLockConfiguration",
        ],
        resources: [.string(bucketARN)]),
      PolicyDocuments.statement(
        // Whether the bucket is this account's (an existing bucket is adopted only then).
        "OwnBuckets", "Allow", actions: ["s3:ListAllMyBuckets"], resources: [.string("*")]),
      PolicyDocuments.statement(
        // Whoever may set the bucket policy can grant itself any object action; saying so
        // keeps the policy honest (parliament's RESOURCE_POLICY_PRIVILEGE_ESCALATION).
        "MailObjects", "Allow",
        actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion"],
        resources: [.string(bucketARN + "/*")]),
      PolicyDocuments.statement(
        "CreateZone", "Allow", actions: ["route53:CreateHostedZone", "route53:ListHostedZonesByName"], resources: [.string("*")]),
      PolicyDocuments.statement(
        "Zones", "Allow",
        actions: [
          "route53:GetHostedZone", "route53:DeleteHostedZone", "route53:ChangeResourceRecordSets",
          "route53:ListResourceRecordSets",
        ],
        resources: zones),
      PolicyDocuments.statement(
        "ZoneChanges", "Allow", actions: ["route53:GetChange"], resources: [.string("\(arnPrefix):route53:::change/*")]),
      PolicyDocuments.statement(
        "Receiving", "Allow",
        actions: [
          "ses:VerifyDomainIdentity", "ses:VerifyDomainDkim", "ses:DeleteIdentity", "ses:GetIdentityVerificationAttributes",
          "ses:GetIdentityDkimAttributes", "ses:CreateReceiptRuleSet", "ses:DeleteReceiptRuleSet", "ses:CreateReceiptRule",
          "ses:UpdateReceiptRule", "ses:DeleteReceiptRule", "ses:DescribeReceiptRuleSet", "ses:DescribeActiveReceiptRuleSet",
          "ses:SetActiveReceiptRuleSet", "ses:ListReceiptRuleSets",
        ],
        resources: [.string("*")]),
      PolicyDocuments.statement(
        "NameServersParameter", "Allow", actions: ["ssm:GetParameter", "ssm:PutParameter", "ssm:DeleteParameter"],
        resources: [
          .string(parameterARN(DeploySettings.nameServersParameter)),
          .string(parameterARN(DeployState.parameterName(stack: env.stackName))),
        ]),
    ]
    if let tableARN {
      s.append(
        PolicyDocuments.statement(
          "MappingTable", "Allow",
          actions: [
            "dynamodb:CreateTable", "dynamodb:DescribeTable", "dynamodb:UpdateTable", "dynamodb:DescribeContinuousBackups",
            "dynamodb:UpdateContinuousBackups",
          ],
          resources: [.string(tableARN)]))
    }
    if env.settings.queue {
      s.append(
        PolicyDocuments.statement(
          "ReceiptTopic", "Allow",
          actions: [
            "sns:CreateTopic", "sns:DeleteTopic", "sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:Subscribe",
            "sns:Unsubscribe", "sns:ListSubscriptionsByTopic", "sns:TagResource",
          ], resources: [.string(env.topicArn)]))
      s.append(
        PolicyDocuments.statement(
          "ReceiptQueues", "Allow",
          actions: [
            "sqs:CreateQueue", "sqs:DeleteQueue", "sqs:GetQueueAttributes", "sqs:SetQueueAttributes", "sqs:GetQueueUrl",
            "sqs:TagQueue",
          ], resources: [.string(env.queueArn), .string(env.deadLetterQueueArn)]))
    }
    if let kms = kmsStatement("UseKey", ["kms:DescribeKey", "kms:CreateGrant", "kms:GenerateDataKey", "kms:Decrypt"]) {
      s.append(kms)
    }
    return s
  }
}
