@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailPluginVend
import Synchronization
import Testing

/// The polling, progress and mapping updates of `vend --create-account`, with a scripted
/// stand-in for AWS Organizations (whose client is not in this build yet).
@Suite struct AccountCreationFlowTests {
  /// Answers IN_PROGRESS `pending` times, then the final status.
  final class ScriptedOrganizations: AccountCreator {
    let final: AccountCreationStatus
    let polls = Mutex(0)
    let pending: Int
    let started = Mutex<[String]>([])

    init(pending: Int, final: AccountCreationStatus) {
      self.pending = pending
      self.final = final
    }

    func startCreation(email: String, accountName: String) async throws -> String {
      started.withLock { $0.append("\(accountName) <\(email)>") }
      return "car-0123456789"
    }

    func status(ofRequest requestId: String) async throws -> AccountCreationStatus {
      let n = polls.withLock { p -> Int in
        p += 1
        return p
      }
      return n <= pending ? AccountCreationStatus(state: .inProgress) : final
    }
  }

  @Test func aSuccessRecordsTheAccountIdAfterPolling() async throws {
    let store = try await EngineUnderTest.sqlite.makeStore()
    let record = sampleRecord(email: "bu-app-prod-001@aws.example.com", name: "bu-app-prod", counter: "001")
    try await store.insert(record)
    let organizations = ScriptedOrganizations(
      pending: 2, final: AccountCreationStatus(state: .succeeded, accountId: "123456789012"))
    let progress = Mutex<[String]>([])
    let flow = AccountCreationFlow(creator: organizations, store: store, pollInterval: .milliseconds(1)) { line in
      progress.withLock { $0.append(line) }
    }
    let created = try await flow.run(for: record)
    #expect(organizations.started.withLock { $0 } == ["bu-app-prod-001 <bu-app-prod-001@aws.example.com>"])
    #expect(organizations.polls.withLock { $0 } == 3)
    #expect(created.status == AccountCreationFlow.created && created.accountId == "123456789012")
    #expect(try await store.get(email: record.accountEmail) == created)
    #expect(progress.withLock { $0.count } == 4)
  }

  @Test func aFailureIsRecordedWithItsReasonAndThrown() async throws {
    let store = try await EngineUnderTest.sqlite.makeStore()
    let record = sampleRecord(email: "root+0123456789ab@aws.example.com")
    try await store.insert(record)
    let organizations = ScriptedOrganizations(
      pending: 0, final: AccountCreationStatus(state: .failed, failureReason: "EMAIL_ALREADY_EXISTS"))
    let flow = AccountCreationFlow(creator: organizations, store: store, pollInterval: .milliseconds(1)) { _ in }
    await #expect(throws: CLIError.self) { _ = try await flow.run(for: record) }
    // Without an account name, the account is named after the address's local part.
    #expect(organizations.started.withLock { $0 } == ["root+0123456789ab <root+0123456789ab@aws.example.com>"])
    let stored = try await store.get(email: record.accountEmail)
    #expect(stored?.status == AccountCreationFlow.failed && stored?.failureReason == "EMAIL_ALREADY_EXISTS")
  }
}
