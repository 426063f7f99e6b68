/// One row of the mail index: what `mail list` shows and filters on, without opening the mail.
public struct MailIndexEntry: Sendable, Equatable {
  /// Short stable id (`MailID.make(key:)`), also the mail's file name in the Maildir.
  public var id: String
  /// The S3 key, the object's size and ETag.
  public var key: String
  public var size: Int
  public var eTag: String
  /// When SES stored it (the object's LastModified, seconds since 1970): what "age" means,
  /// since the Date header is whatever the sender wrote.
  public var receivedAt: Int
  /// The Date header, when readable.
  public var date: Int?
  public var messageID: String
  public var from: String
  public var fromAddress: String
  public var recipients: [String]
  public var subject: String
  public var mailClass: String
  public var verdicts: MailVerdicts
  /// The mapping of the first recipient the store knows (email, account name, owner).
  public var accountEmail: String
  public var accountName: String
  public var owner: String
  public var attachments: Int
  public var parseWarnings: [String]
  public var fetchedAt: Int

  public init(
    id: String, key: String, size: Int, eTag: String, receivedAt: Int, date: Int?, messageID: String, from: String,
    fromAddress: String, recipients: [String], subject: String, mailClass: String, verdicts: MailVerdicts,
    accountEmail: String = "", accountName: String = "", owner: String = "", attachments: Int = 0,
    parseWarnings: [String] = [], fetchedAt: Int
  ) {
    self.id = id
    self.key = key
    self.size = size
    self.eTag = eTag
    self.receivedAt = receivedAt
    self.date = date
    self.messageID = messageID
    self.from = from
    self.fromAddress = fromAddress
    self.recipients = recipients
    self.subject = subject
    self.mailClass = mailClass
    self.verdicts = verdicts
    self.accountEmail = accountEmail
    self.accountName = accountName
    self.owner = owner
    self.attachments = attachments
    self.parseWarnings = parseWarnings
    self.fetchedAt = fetchedAt
  }
}
