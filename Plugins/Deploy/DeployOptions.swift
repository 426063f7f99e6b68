@_spi(RootmailHost) import RootmailKit

/// The options that say what to deploy; the same options give the same stack and steps.
struct DeployOptions: ParsableArguments, Sendable {
  @Option(help: ArgumentHelp("The company's domain (default: domain from the config).", valueName: "domain"))
  var domain: String?

  @Option(
    help: ArgumentHelp(
      "Receiving subdomain: mail goes to <subdomain>.<domain> (default: subdomain from the config, aws).", valueName: "label"))
  var subdomain: String?

  /// The stack deploy makes unless `--stack-name` names another (doctor checks this one).
  static let defaultStackName = "rootmail"

  @Option(name: .customLong("stack-name"), help: ArgumentHelp("CloudFormation stack name.", valueName: "name"))
  var stackName = DeployOptions.defaultStackName

  @Option(
    name: .customLong("hosted-zone-id"),
    help: ArgumentHelp("Use this existing hosted zone for <subdomain>.<domain> instead of making one.", valueName: "zone-id"))
  var hostedZoneID: String?

  @Option(
    name: .customLong("parent-zone-id"),
    help: ArgumentHelp(
      "Hosted zone of <domain> in this account: deploy adds the NS delegation there and waits until Route53 has it.",
      valueName: "zone-id"))
  var parentZoneID: String?

  @Option(
    name: .customLong("kms-key"),
    help: ArgumentHelp(
      "Encrypt mail (and the table) with this KMS key (ARN, key id or alias/<name>); default SSE-S3.", valueName: "key"))
  var kmsKey: String?

  @Option(
    name: .customLong("mail-expiry-days"),
    help: ArgumentHelp("Delete stored mail (and its old versions) after this many days; default: keep it.", valueName: "days"))
  var mailExpiryDays: Int?

  @Option(
    name: .customLong("ses-region"),
    help: ArgumentHelp(
      "Region where SES receives the mail, if not the stack's (receiving is offered in some regions only).", valueName: "region"))
  var sesRegion: String?

  @Flag(
    name: .customLong("manage-bucket"),
    help: "Also bring an existing (adopted) bucket's encryption, versioning, public access block and lifecycle to deploy's.")
  var manageBucket = false

  @Flag(
    name: .customLong("queue"),
    help:
      "Also make the receipt queue mail watch --queue long-polls: SES notifies an SNS topic that feeds an SQS queue and its dead-letter queue (default: config receive)."
  )
  var queue = false

  init() {}
}
