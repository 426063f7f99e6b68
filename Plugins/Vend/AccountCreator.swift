@_spi(RootmailHost) import RootmailKit

/// Where an AWS account creation stands (Organizations' `CreateAccountStatus`).
public struct AccountCreationStatus: Equatable, Sendable {
  /// Organizations' states: IN_PROGRESS, SUCCEEDED, FAILED.
  public enum State: String, Sendable {
    case inProgress = "IN_PROGRESS"
    case succeeded = "SUCCEEDED"
    case failed = "FAILED"
  }

  public var state: State
  public var accountId: String?
  public var failureReason: String?

  public init(state: State, accountId: String? = nil, failureReason: String? = nil) {
    self.state = state
    self.accountId = accountId
    self.failureReason = failureReason
  }
}

/// Creates AWS accounts for `vend --create-account`: AWS Organizations
/// (`OrganizationsAccountCreator`), or a scripted one in tests. The polling, progress and
/// mapping updates are `AccountCreationFlow`'s.
public protocol AccountCreator: Sendable {
  /// Starts creating an account; returns the request id to poll (`CreateAccountStatus.Id`).
  func startCreation(email: String, accountName: String) async throws -> String
  /// The state of a creation request.
  func status(ofRequest requestId: String) async throws -> AccountCreationStatus
}

/// Creates the account for a vended mapping and keeps the mapping's Status, AccountId and
/// FailureReason up to date, reporting progress on stderr while it polls.
public struct AccountCreationFlow: Sendable {
  public let creator: any AccountCreator
  @_spi(RootmailHost) public let store: any MappingStore
  public let pollInterval: Duration
  public let timeout: Duration
  public let progress: @Sendable (String) -> Void

  @_spi(RootmailHost) public init(
    creator: any AccountCreator, store: any MappingStore, pollInterval: Duration = .seconds(5),
    timeout: Duration = .seconds(1800),
    progress: @escaping @Sendable (String) -> Void
  ) {
    self.creator = creator
    self.store = store
    self.pollInterval = pollInterval
    self.timeout = timeout
    self.progress = progress
  }

  /// Mapping statuses while and after the account is created.
  public static let creating = "ACCOUNT-CREATING"
  public static let created = "ACCOUNT-CREATED"
  public static let failed = "ACCOUNT-FAILED"

  /// Creates the account for `record` (its name, or its address's local part when it has no
  /// name) and returns the updated mapping; a failed creation is recorded and thrown (exit 1).
  public func run(for record: MappingRecord) async throws -> MappingRecord {
    let name = record.fullAccountName.isEmpty ? String(record.accountEmail.prefix { $0 != "@" }) : record.fullAccountName
    let requestId: String
    do {
      requestId = try await creator.startCreation(email: record.accountEmail, accountName: name)
    } catch {
      _ = try await store.update(email: record.accountEmail, MappingUpdate(status: Self.failed, failureReason: "\(error)"))
      throw error
    }
    _ = try await store.update(email: record.accountEmail, MappingUpdate(status: Self.creating))
    progress("creating account \(name) for \(record.accountEmail) (request \(requestId))")
    // The kit's one waiter polls DescribeCreateAccountStatus (delays from pollInterval up).
    let creator = self.creator
    let progress = self.progress
    let status: AccountCreationStatus
    do {
      let poll: @Sendable () async throws -> AccountCreationStatus = { try await creator.status(ofRequest: requestId) }
      status = try await AWSWaiter<AccountCreationStatus>.accountCreated(requestId, interval: pollInterval, timeout: timeout)
        .wait(onPoll: { _ in progress("still creating account \(name)…") }, poll)
    } catch AWSWaiterError.timedOut {
      throw CLIError("account creation \(requestId) still in progress after \(timeout); the mapping says \(Self.creating)")
    }
    guard status.state == .succeeded else {
      let reason = status.failureReason ?? "UNKNOWN"
      _ = try await store.update(
        email: record.accountEmail, MappingUpdate(status: Self.failed, accountId: status.accountId, failureReason: reason))
      throw CLIError("creating the account for \(record.accountEmail) failed: \(reason)")
    }
    progress("account \(status.accountId ?? "?") created")
    return try await store.update(
      email: record.accountEmail, MappingUpdate(status: Self.created, accountId: status.accountId))
  }
}
