@_spi(RootmailHost) import RootmailKit

/// The failures of an adoption AWS or the organization causes, each by name with its fix.
enum AdoptError: RootmailError, Equatable {
  /// `ConflictException` from StartPrimaryEmailUpdate/AcceptPrimaryEmailUpdate: the address is
  /// some account's root email (or an update is in progress).
  case addressInUse(email: String, message: String)
  /// The organization uses consolidated billing only.
  case notAllFeatures
  /// Trusted access for `account.amazonaws.com` is off.
  case trustedAccessMissing
  /// The management account's own root email cannot be changed with the Account API.
  case managementAccount(String)
  /// The account is not in this organization.
  case notInOrganization(String)
  /// No trusted code mail arrived in time, twice.
  case noCode(email: String, timeout: Int)
  /// AWS refused the code, twice (an expired or wrong code).
  case codeRefused(String)
  /// After the update, GetPrimaryEmail still reports another address.
  case notConfirmed(expected: String, actual: String)

  static let enableTrustedAccess = "aws organizations enable-aws-service-access --service-principal account.amazonaws.com"
  static let enableAllFeatures = "aws organizations enable-all-features"

  var name: String {
    switch self {
    case .addressInUse: "ConflictException"
    case .notAllFeatures: "OrganizationNotInAllFeaturesMode"
    case .trustedAccessMissing: "TrustedAccessNotEnabled"
    case .managementAccount: "ManagementAccount"
    case .notInOrganization: "AccountNotInOrganization"
    case .noCode: "NoVerificationCode"
    case .codeRefused: "VerificationCodeRefused"
    case .notConfirmed: "NotConfirmed"
    }
  }

  var description: String {
    switch self {
    case .addressInUse(let email, let message):
      "\(name): \(email) is already in use as an AWS account's root email (\(message))"
    case .notAllFeatures:
      "\(name): the organization has only consolidated billing; the Account API needs all features"
    case .trustedAccessMissing:
      "\(name): trusted access for account.amazonaws.com is not enabled in the organization"
    case .managementAccount(let id):
      "\(name): \(id) is the management account; the Account API changes member accounts' root email only"
    case .notInOrganization(let id): "\(name): \(id) is not an account of this organization"
    case .noCode(let email, let timeout):
      "\(name): no trusted verification-code mail to \(email) within \(timeout) s, twice"
    case .codeRefused(let message): "\(name): AWS refused the verification code twice (\(message))"
    case .notConfirmed(let expected, let actual):
      "\(name): GetPrimaryEmail reports \(actual), not \(expected)"
    }
  }

  var hint: String? {
    switch self {
    case .addressInUse: "choose another address (--email), or leave it out to vend a new one"
    case .notAllFeatures: "enable all features: \(Self.enableAllFeatures) (every member account must accept)"
    case .trustedAccessMissing: "enable it: \(Self.enableTrustedAccess)"
    case .managementAccount: "change the management account's root email in its console, signed in as root"
    case .notInOrganization: "check the id with rootmail accounts list"
    case .noCode:
      "check that SES receives mail for the domain (rootmail dns check, rootmail mail fetch) and raise --code-timeout; run adopt again to resume"
    case .codeRefused: "run adopt again: it starts a new update"
    case .notConfirmed: "check the account with rootmail accounts list --primary-email, then run adopt again"
    }
  }

  var exitStatus: ExitStatus {
    switch self {
    case .notAllFeatures, .trustedAccessMissing: .configuration
    case .managementAccount, .notInOrganization: .dataError
    default: .failure
    }
  }
}
