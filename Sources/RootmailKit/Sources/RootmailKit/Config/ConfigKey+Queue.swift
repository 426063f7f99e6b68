/// The settings of event-driven receiving: SES → SNS → SQS, long-polled by `mail watch`
/// (`queue`, `queue_topic`, `reconcile_interval`), made by `deploy` (`receive`,
/// `queue_max_receives`).
extension ConfigKey {
  public static let queue = ConfigKey(
    "queue", .string, default: nil,
    "SQS queue (name or URL) mail watch long-polls for SES's notifications instead of listing the bucket")
  public static let queueTopic = ConfigKey(
    "queue_topic", .string, default: nil,
    "SNS topic ARN whose notifications mail watch --queue accepts (default: the one the queue's policy allows)")
  public static let reconcileInterval = ConfigKey(
    "reconcile_interval", .integer(60...86_400), default: .integer(3600),
    "seconds between mail watch --queue's full listings of the bucket (and one at start-up)")
  public static let receive = ConfigKey(
    "receive", .choice(["poll", "queue"]), default: .string("poll"),
    "how deploy lets watchers learn of new mail: poll (list the bucket) or queue (SNS topic and SQS queue)")
  public static let queueMaxReceives = ConfigKey(
    "queue_max_receives", .integer(1...1000), default: .integer(5),
    "receives of one notification before SQS moves it to the dead-letter queue (deploy --queue)")
}
