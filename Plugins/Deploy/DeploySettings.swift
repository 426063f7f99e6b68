@_spi(RootmailHost) import RootmailKit

/// Everything one deploy is about, resolved from the command's options and the configuration:
/// names of the stack, bucket, zone, table and rule set, and the choices that shape the template.
/// The same settings give the same template and the same steps, so a re-run changes nothing.
struct DeploySettings: Sendable, Equatable {
  /// The company's domain (`example.com`).
  var domain: String
  /// `<subdomain>.<domain>`: the hosted zone and the recipients of the receipt rule.
  var zoneName: String
  var stackName: String
  /// The bucket name from the `bucket` setting; nil: `rootmail-mail-<account>-<region>`.
  var configuredBucket: String?
  /// Key prefix of received mail (`bucket_prefix`, default `RootMail/`).
  var prefix: String
  /// `--kms-key`: SSE-KMS with this key (ARN, key id or `alias/…`); nil: SSE-S3.
  var kmsKey: String?
  /// `--mail-expiry-days`: mail (and old versions) expire after this many days.
  var mailExpiryDays: Int?
  /// `--hosted-zone-id`: an existing zone for `zoneName`; nil: the stack makes one.
  var existingZoneID: String?
  /// `--parent-zone-id`: the parent zone (same account) that gets the NS delegation.
  var parentZoneID: String?
  /// The DynamoDB table when the store is `dynamodb:<table>`.
  var table: String?
  /// False when the table exists outside this stack (made by `mappings init-table` or by
  /// aws-account-factory-email): it is then used as it is, not made by the stack.
  var tableInStack = true
  /// `--ses-region`: where SES receives; nil: the stack's region.
  var sesRegion: String?
  /// False when the bucket exists in this account outside the stack: it is then adopted (the
  /// stack does not declare it; deploy merges its one statement into the bucket policy).
  var bucketInStack = true
  /// False when the existing zone already has an MX record for `zoneName` that the stack did not
  /// make: deploy then sets it outside the stack (through the state record, so destroy puts the
  /// old one back) instead of a stack resource CloudFormation would refuse to create.
  var mxInStack = true
  /// True when `existingZoneID` is the one public zone of that name deploy found (no option).
  var zoneFound = false
  /// `--manage-bucket`: an adopted bucket's settings are changed to what deploy makes.
  var manageBucket = false
  /// `--queue` or `receive = "queue"`: the receipt topic, queue and dead-letter queue.
  var queue = false
  /// `queue_max_receives`: receives of one notification before SQS dead-letters it.
  var queueMaxReceives = 5
  /// The queue's visibility timeout: a receiver's claim (exec_timeout + 60 s), so a message a
  /// killed watcher held comes back about when its claims run out.
  var queueVisibility = 120

  /// The receipt topic's, queue's and dead-letter queue's names (`<stack>-mail…`).
  var topicName: String { String(stackName.prefix(60)) + "-mail" }
  var queueName: String { String(stackName.prefix(60)) + "-mail" }
  var deadLetterQueueName: String { String(stackName.prefix(60)) + "-mail-dead-letters" }

  /// The receipt rule set and rule deploy makes (the names awscdk-rootmail uses).
  static let ruleSetName = "RootMail"
  static let ruleName = "Receive"
  /// Where the name servers go (as awscdk-rootmail stores them).
  static let nameServersParameter = "/rootmail/domain_name_servers"

  /// The bucket name in a given account and region.
  func bucket(account: String, region: String) -> String {
    configuredBucket ?? Self.defaultBucket(account: account, region: region)
  }

  /// The bucket deploy makes when `bucket` is not set.
  static func defaultBucket(account: String, region: String) -> String { "rootmail-mail-\(account)-\(region)" }

  /// Validates and collects the settings; a bad value is one line naming the field (exit 65),
  /// a missing domain a configuration error (exit 78).
  static func resolve(_ options: DeployOptions, config: Config, environment: [String: String]) throws -> DeploySettings {
    let domain = options.domain ?? config.string(.domain) ?? ""
    guard !domain.isEmpty else {
      throw CLIError.configuration(
        "domain is not set", hint: "pass --domain example.com, or set domain in the config file (`rootmail config init`)")
    }
    try DeployValidation.domainName(domain, field: "--domain")
    let sub = options.subdomain ?? config.string(.subdomain) ?? ""
    if !sub.isEmpty { try DeployValidation.domainName(sub, field: "--subdomain") }
    let zoneName = sub.isEmpty ? domain.lowercased() : "\(sub).\(domain)".lowercased()
    try DeployValidation.stackName(options.stackName)
    if let key = options.kmsKey { try DeployValidation.kmsKey(key) }
    if let days = options.mailExpiryDays, !(1...36500).contains(days) {
      throw CLIError.invalid(field: "--mail-expiry-days", value: String(days), rule: "must be 1 to 36500 days")
    }
    if let id = options.hostedZoneID { try DeployValidation.zoneID(id, field: "--hosted-zone-id") }
    if let id = options.parentZoneID { try DeployValidation.zoneID(id, field: "--parent-zone-id") }
    if let region = options.sesRegion { try DeployValidation.region(region, field: "--ses-region") }
    let bucket = config.string(.bucket).flatMap { $0.isEmpty ? nil : $0 }
    if let bucket { try DeployValidation.bucketName(bucket) }
    let prefix = config.string(.bucketPrefix) ?? "RootMail/"
    try DeployValidation.prefix(prefix)
    let location = try StoreLocator.location(config: config, environment: environment)
    let queue = options.queue || config.string(.receive) == "queue"
    if queue, let region = options.sesRegion {
      throw CLIError.usage(
        "--queue with --ses-region \(Validation.escaped(region)): SES publishes only to a topic in its own region;"
          + " deploy the stack in \(Validation.escaped(region)) instead")
    }
    var settings = DeploySettings(
      domain: domain.lowercased(), zoneName: zoneName, stackName: options.stackName, configuredBucket: bucket, prefix: prefix,
      kmsKey: options.kmsKey, mailExpiryDays: options.mailExpiryDays, existingZoneID: options.hostedZoneID.map(Route53.shortID),
      parentZoneID: options.parentZoneID.map(Route53.shortID), table: location.scheme == "dynamodb" ? location.target : nil,
      sesRegion: options.sesRegion, manageBucket: options.manageBucket)
    settings.queue = queue
    settings.queueMaxReceives = config.integer(.queueMaxReceives) ?? 5
    settings.queueVisibility = min(43_200, (config.integer(.execTimeout) ?? 60) + 60)
    return settings
  }
}

/// The rules deploy's inputs must follow, each failure one `invalid <field> "<value>": <rule>`.
enum DeployValidation {
  static func fail(_ field: String, _ value: String, _ rule: String) -> CLIError {
    CLIError.invalid(field: field, value: Validation.escaped(String(value.prefix(80))), rule: rule)
  }

  static func domainName(_ name: String, field: String) throws {
    let labels = name.split(separator: ".", omittingEmptySubsequences: false)
    let ok =
      name.utf8.count <= 200
      && labels.allSatisfy { label in
        !label.isEmpty && label.utf8.count <= 63 && label.first != "-" && label.last != "-"
          && label.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
      }
    guard ok else { throw fail(field, name, "must be a domain name: labels of letters, digits and inner hyphens") }
  }

  static func stackName(_ name: String) throws {
    let u = Array(name.utf8)
    let ok =
      (1...128).contains(u.count) && (u[0] >= 65 && u[0] <= 90 || u[0] >= 97 && u[0] <= 122)
      && u.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
    guard ok else { throw fail("--stack-name", name, "must start with a letter, then letters, digits and hyphens, 128 at most") }
  }

  static func kmsKey(_ key: String) throws {
    let ok =
      (key.hasPrefix("arn:") && key.contains(":kms:") && (key.contains(":key/") || key.contains(":alias/")))
      || (key.hasPrefix("alias/") && key.count > 6) || (key.count == 36 && key.split(separator: "-").count == 5)
    guard ok, key.utf8.allSatisfy({ $0 > 32 && $0 < 127 }) else {
      throw fail("--kms-key", key, "must be a KMS key ARN, alias ARN, key id or alias/<name>")
    }
  }

  static func zoneID(_ id: String, field: String) throws {
    let short = Route53.shortID(id)
    guard (2...32).contains(short.count), short.utf8.allSatisfy({ ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) }) else {
      throw fail(field, id, "must be a Route53 hosted zone id (capital letters and digits, e.g. Z0123456789ABC)")
    }
  }

  static func region(_ region: String, field: String) throws {
    let parts = region.split(separator: "-")
    guard parts.count >= 3, region.utf8.allSatisfy({ ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }) else {
      throw fail(field, region, "must be an AWS region name such as eu-west-1")
    }
  }

  static func bucketName(_ name: String) throws {
    let ok =
      (3...63).contains(name.count) && !name.hasPrefix("-") && !name.hasSuffix("-")
      && name.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 || $0 == 46 }
    guard ok else { throw fail("bucket", name, "must be 3-63 lower-case letters, digits, dots and hyphens") }
  }

  static func prefix(_ prefix: String) throws {
    guard prefix.count <= 200, prefix.utf8.allSatisfy({ $0 > 32 && $0 < 127 && $0 != 42 && $0 != 34 && $0 != 92 }) else {
      throw fail("bucket_prefix", prefix, "must be printable ASCII without spaces, *, \" or \\")
    }
  }
}
