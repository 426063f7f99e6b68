@_spi(RootmailHost) import RootmailKit

/// `vend --create-account` through AWS Organizations: `CreateAccount` with the vended address
/// and name, then `DescribeCreateAccountStatus` for the flow to poll.
public struct OrganizationsAccountCreator: AccountCreator {
  @_spi(RootmailHost) public let organizations: Organizations

  @_spi(RootmailHost) public init(organizations: Organizations) { self.organizations = organizations }

  /// The creator for a command's AWS client; a missing region or endpoint setting is reported
  /// as what `--create-account` needs (exit 78).
  @_spi(RootmailHost) public init(context: some StoreContext) throws {
    do {
      self.init(organizations: try context.aws().organizations)
    } catch let error as CLIError {
      throw CLIError("--create-account needs AWS Organizations: \(error.message)", status: error.exitStatus, hint: error.hint)
    }
  }

  public func startCreation(email: String, accountName: String) async throws -> String {
    let status = try await organizations.createAccount(email: email, name: accountName)
    guard !status.id.isEmpty else {
      throw AWSError(
        kind: .malformedResponse, service: "Organizations", operation: "CreateAccount", code: "MalformedResponse",
        message: "the response has no CreateAccountStatus.Id")
    }
    return status.id
  }

  public func status(ofRequest requestId: String) async throws -> AccountCreationStatus {
    let status = try await organizations.describeCreateAccountStatus(requestId)
    guard let state = AccountCreationStatus.State(rawValue: status.state) else {
      throw AWSError(
        kind: .malformedResponse, service: "Organizations", operation: "DescribeCreateAccountStatus",
        code: "MalformedResponse", message: "unknown account creation state \"\(status.state)\"")
    }
    return AccountCreationStatus(state: state, accountId: status.accountID, failureReason: status.failureReason)
  }
}
