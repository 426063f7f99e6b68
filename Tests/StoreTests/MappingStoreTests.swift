import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailPluginVend
import Testing

/// The MappingStore contract, run against every engine in `EngineUnderTest`.
@Suite struct MappingStoreTests {
  @Test(arguments: EngineUnderTest.allCases)
  func insertThenGetByEmailAndByName(engine: EngineUnderTest) async throws {
    let store = try await engine.makeStore()
    let record = sampleRecord(email: "bu-app-prod-001@aws.example.com", name: "bu-app-prod", counter: "001", tags: ["K": "v"])
    try await store.insert(record)
    #expect(try await store.get(email: record.accountEmail) == record)
    #expect(try await store.get(accountName: "bu-app-prod-001") == record)
    #expect(try await store.get(accountName: "bu-app-prod") == nil)
    #expect(try await store.get(email: "other@aws.example.com") == nil)
  }

  @Test(arguments: EngineUnderTest.allCases)
  func insertRefusesAnExistingEmailOrAccountNameAndKeepsTheStoredOne(engine: EngineUnderTest) async throws {
    let store = try await engine.makeStore()
    let first = sampleRecord(email: "a-b-eval-001@x.example.com", name: "a-b-eval", counter: "001")
    try await store.insert(first)
    let sameEmail = sampleRecord(email: first.accountEmail, owner: "intruder@example.com", name: "other")
    await #expect(throws: MappingStoreError.conflict(field: .email, value: first.accountEmail)) {
      try await store.insert(sameEmail)
    }
    // An overriding name equal to a generated full name is the same account name.
    let sameName = sampleRecord(email: "else@x.example.com", name: "a-b-eval-001")
    await #expect(throws: MappingStoreError.conflict(field: .accountName, value: "a-b-eval-001")) {
      try await store.insert(sameName)
    }
    #expect(try await store.list(MappingFilter()) == [first])
  }

  @Test(arguments: EngineUnderTest.allCases)
  func recordsWithoutAnAccountNameDoNotConflictOnName(engine: EngineUnderTest) async throws {
    let store = try await engine.makeStore()
    try await store.insert(sampleRecord(email: "root+1@a.example.com"))
    try await store.insert(sampleRecord(email: "root+2@a.example.com"))
    #expect(try await store.list(MappingFilter()).count == 2)
  }

  @Test(arguments: EngineUnderTest.allCases)
  func insertNextCountsOneAboveTheHighestStoredEnum(engine: EngineUnderTest) async throws {
    let store = try await engine.makeStore()
    let make: @Sendable (Int) throws -> MappingRecord = { n in
      let counter = AddressGenerator.counter(n, length: 3)
      return sampleRecord(email: "bu-app-dev-\(counter)@d.example.com", name: "bu-app-dev", counter: counter)
    }
    #expect(try await store.nextCounter(accountName: "bu-app-dev") == 1)
    #expect(try await store.insertNext(accountName: "bu-app-dev", make: make).counter == "001")
    #expect(try await store.insertNext(accountName: "bu-app-dev", make: make).counter == "002")
    // A gap left by an import: the next one is above the highest, not the first free.
    try await store.insert(sampleRecord(email: "imported@d.example.com", name: "bu-app-dev", counter: "041"))
    try await store.insert(sampleRecord(email: "odd@d.example.com", name: "bu-app-dev", counter: "x9"))
    #expect(try await store.nextCounter(accountName: "bu-app-dev") == 42)
    #expect(try await store.insertNext(accountName: "bu-app-dev", make: make).accountEmail == "bu-app-dev-042@d.example.com")
    // Other names count on their own.
    #expect(try await store.nextCounter(accountName: "bu-app-prod") == 1)
  }

  /// A name vended by hand (`vend --account-name bu-app-dev-002`) takes the next counter's
  /// name and address; the series steps past it instead of failing for good.
  @Test(arguments: EngineUnderTest.allCases)
  func insertNextStepsPastACounterTakenAnotherWay(engine: EngineUnderTest) async throws {
    let store = try await engine.makeStore()
    let make: @Sendable (Int) throws -> MappingRecord = { n in
      let counter = AddressGenerator.counter(n, length: 3)
      return sampleRecord(email: "bu-app-dev-\(counter)@d.example.com", name: "bu-app-dev", counter: counter)
    }
    #expect(try await store.insertNext(accountName: "bu-app-dev", make: make).counter == "001")
    try await store.insert(sampleRecord(email: "bu-app-dev-002@d.example.com", name: "bu-app-dev-002"))
    try await store.insert(sampleRecord(email: "elsewhere@d.example.com", name: "bu-app-dev-003"))
    #expect(try await store.insertNext(accountName: "bu-app-dev", make: make).counter == "004")
    #expect(try await store.insertNext(accountName: "bu-app-dev", make: make).counter == "005")
  }

  @Test(arguments: EngineUnderTest.allCases)
  func insertNextWritesNothingWhenTheRecordIsRefused(engine: EngineUnderTest) async throws {
    let store = try await engine.makeStore()
    await #expect(throws: CLIError.self) {
      _ = try await store.insertNext(accountName: "n") { _ in throw CLIError.invalid(field: "email", value: "x", rule: "r") }
    }
    try await store.insert(sampleRecord(email: "taken@d.example.com"))
    await #expect(throws: MappingStoreError.conflict(field: .email, value: "taken@d.example.com")) {
      _ = try await store.insertNext(accountName: "n") { _ in
        sampleRecord(email: "taken@d.example.com", name: "n", counter: "001")
      }
    }
    #expect(try await store.list(MappingFilter()).count == 1)
    #expect(try await store.nextCounter(accountName: "n") == 1)
  }

  @Test(arguments: EngineUnderTest.allCases)
  func listFiltersByOwnerTypeStatusAndNamePrefix(engine: EngineUnderTest) async throws {
    let store = try await engine.makeStore()
    let a = sampleRecord(email: "a@x.example.com", owner: "o1@example.com", name: "sales-web-prod", counter: "001", type: "Sales")
    let b = sampleRecord(email: "b@x.example.com", owner: "o2@example.com", name: "sales-db-dev", counter: "001", type: "IT")
    var c = sampleRecord(email: "c@x.example.com", owner: "o1@example.com", name: "it-web-prod", counter: "001", type: "IT")
    c.status = "ACCOUNT-CREATED"
    for r in [c, a, b] { try await store.insert(r) }
    #expect(try await store.list(MappingFilter()) == [a, b, c])
    #expect(try await store.list(MappingFilter(owner: "o1@example.com")) == [a, c])
    #expect(try await store.list(MappingFilter(accountType: "IT")) == [b, c])
    #expect(try await store.list(MappingFilter(status: "ACCOUNT-CREATED")) == [c])
    #expect(try await store.list(MappingFilter(namePrefix: "sales-")) == [a, b])
    #expect(try await store.list(MappingFilter(owner: "o1@example.com", namePrefix: "sales")) == [a])
    #expect(try await store.list(MappingFilter(namePrefix: "nothing")) == [])
  }

  @Test(arguments: EngineUnderTest.allCases)
  func updateChangesOnlyWhatIsGiven(engine: EngineUnderTest) async throws {
    let store = try await engine.makeStore()
    let original = sampleRecord(email: "u@x.example.com", name: "n", tags: ["Keep": "1", "Drop": "2"])
    try await store.insert(original)
    let updated = try await store.update(
      email: original.accountEmail,
      MappingUpdate(
        owner: "new@example.com", tags: ["Drop": "", "Add": "3"], status: "ACCOUNT-CREATED", accountId: "123456789012"))
    #expect(updated.ownerAddress == "new@example.com")
    #expect(updated.tags == ["Keep": "1", "Add": "3"])
    #expect(updated.status == "ACCOUNT-CREATED")
    #expect(updated.accountId == "123456789012")
    #expect(updated.accountType == original.accountType && updated.accountName == original.accountName)
    #expect(updated.lastUpdated != original.lastUpdated)
    #expect(try await store.get(email: original.accountEmail) == updated)
    await #expect(throws: MappingStoreError.notFound("none@x.example.com")) {
      _ = try await store.update(email: "none@x.example.com", MappingUpdate(status: "X"))
    }
  }

  @Test(arguments: EngineUnderTest.allCases)
  func deleteRemovesOneMapping(engine: EngineUnderTest) async throws {
    let store = try await engine.makeStore()
    try await store.insert(sampleRecord(email: "d1@x.example.com"))
    try await store.insert(sampleRecord(email: "d2@x.example.com"))
    try await store.delete(email: "d1@x.example.com")
    #expect(try await store.list(MappingFilter()).map(\.accountEmail) == ["d2@x.example.com"])
    await #expect(throws: MappingStoreError.notFound("d1@x.example.com")) { try await store.delete(email: "d1@x.example.com") }
  }

  @Test(arguments: EngineUnderTest.allCases)
  func importReportsExistingRowsUnlessOverwriting(engine: EngineUnderTest) async throws {
    let store = try await engine.makeStore()
    let kept = sampleRecord(email: "i1@x.example.com", owner: "old@example.com", name: "i", counter: "001")
    try await store.insert(kept)
    let replacement = sampleRecord(email: "i1@x.example.com", owner: "new@example.com", name: "i", counter: "001")
    let fresh = sampleRecord(email: "i2@x.example.com", name: "i", counter: "002")
    let nameClash = sampleRecord(email: "i3@x.example.com", name: "i-001")
    let outcome = try await store.importRecords([replacement, fresh, nameClash], overwrite: false)
    // All or nothing: the conflicts are reported and not even the fresh row is written.
    #expect(outcome.inserted == 0 && outcome.overwritten == 0 && outcome.rolledBack)
    #expect(
      outcome.existing == [.conflict(field: .email, value: "i1@x.example.com"), .conflict(field: .accountName, value: "i-001")])
    #expect(try await store.get(email: "i1@x.example.com") == kept)
    #expect(try await store.get(email: "i2@x.example.com") == nil)
    let second = try await store.importRecords([replacement], overwrite: true)
    #expect(second == ImportOutcome(inserted: 0, overwritten: 1))
    #expect(try await store.get(email: "i1@x.example.com") == replacement)
  }
}
