@_spi(RootmailHost) import RootmailKit

/// What the accounts commands read from AWS and the local caches: the organization's accounts,
/// their root emails from Account Management, and the mail facts of the cache.
struct OrganizationReader: Sendable {
  let context: CommandContext
  let aws: AWSClient

  init(context: CommandContext) async throws {
    self.context = context
    aws = try await context.aws()
  }

  /// Every account of the organization (an account in no organization is exit 78, `AWSError`).
  func accounts() async throws -> [Organizations.Account] { try await aws.organizations.listAllAccounts() }

  /// `GetPrimaryEmail` of each active member account, `limit` at a time (the management
  /// account's own id is refused by the API: it keeps Organizations' copy); an account whose
  /// email cannot be read is warned about and keeps Organizations' copy.
  func primaryEmails(of accounts: [Organizations.Account], limit: Int) async throws -> [String: String] {
    let managementID = try await aws.organizations.describeOrganization().managementAccountID
    let management = AccountManagement(client: aws)
    let active = accounts.filter { $0.status == "ACTIVE" && $0.id != managementID }
    let found = await Bounded.map(active, limit: limit) { account -> (String, Result<String, any Error>) in
      do { return (account.id, .success(try await management.primaryEmail(accountID: account.id))) } catch {
        return (account.id, .failure(error))
      }
    }
    var emails: [String: String] = [:]
    for (id, result) in found {
      switch result {
      case .success(let email): emails[id] = email
      case .failure(let error): context.warn("\(id): GetPrimaryEmail failed, showing Organizations' email: \(error)")
      }
    }
    return emails
  }

  /// The newest mail per address and the addresses with a pending trusted reset link, from the
  /// mail cache through the mail plugin (empty, with a note, when it is not installed).
  func mailFacts() async -> AccountInventory.MailFacts {
    guard RootMailReader.installed(context), let reader = try? RootMailReader(context: context) else {
      context.note("the mail plugin is not installed: no mail columns")
      return .init()
    }
    var facts = AccountInventory.MailFacts()
    do {
      for entry in try await reader.list([]) {
        facts.add(.init(id: entry.id, receivedAt: entry.receivedAt, subject: entry.subject), recipients: entry.recipients)
      }
      for entry in try await reader.list(["--class", MailClass.passwordReset.rawValue, "--trusted", "--since", "10m"]) {
        for r in entry.recipients { facts.resetPending.insert(r) }
      }
    } catch {
      context.warn("cannot read the mail cache: \(error)")
    }
    return facts
  }
}
