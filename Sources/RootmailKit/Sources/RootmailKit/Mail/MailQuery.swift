/// Which index rows `mail list` wants. Every filter is optional; rows come newest first.
@_spi(RootmailHost) public struct MailQuery: Sendable, Equatable {
  /// Any recipient equal to this address (lower case).
  public var recipient: String?
  /// The matched mapping's account name.
  public var accountName: String?
  public var receivedSince: Int?
  public var mailClass: String?
  /// Case-insensitive substring of the subject.
  public var subjectContains: String?
  /// Subjects left out (`filtered_subjects` unless `--all`).
  public var excludedSubjects: [String]
  /// The sender's address equal to this (any case).
  public var fromAddress: String?
  /// Only mail with at least one attachment.
  public var hasAttachments: Bool
  public var limit: Int?

  public init(
    recipient: String? = nil, accountName: String? = nil, receivedSince: Int? = nil, mailClass: String? = nil,
    subjectContains: String? = nil, excludedSubjects: [String] = [], fromAddress: String? = nil,
    hasAttachments: Bool = false, limit: Int? = nil
  ) {
    self.fromAddress = fromAddress
    self.hasAttachments = hasAttachments
    self.recipient = recipient
    self.accountName = accountName
    self.receivedSince = receivedSince
    self.mailClass = mailClass
    self.subjectContains = subjectContains
    self.excludedSubjects = excludedSubjects
    self.limit = limit
  }
}
