@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailPluginVend
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// Every rule AWS Organizations enforces, with a value just inside and just outside its limit.
@Suite struct ValidationTests {
  /// An address of exactly `length` characters: `a…a@b.cd`.
  static func email(length: Int) -> String { String(repeating: "a", count: length - 5) + "@b.cd" }

  func rejects(_ field: String, _ check: () throws -> Void) {
    do {
      try check()
      Issue.record("accepted a bad \(field)")
    } catch let error as CLIError {
      #expect(error.exitStatus == .dataError)
      #expect(error.message.hasPrefix("invalid \(field) \""))
      #expect(!error.message.contains("\n"))
    } catch { Issue.record("unexpected \(error)") }
  }

  @Test func emailLengthIs6To64() throws {
    try Validation.email(Self.email(length: 6))
    try Validation.email(Self.email(length: 64))
    rejects("email") { try Validation.email(Self.email(length: 5)) }
    rejects("email") { try Validation.email(Self.email(length: 65)) }
  }

  @Test func emailShapeIsLocalAtDomainDotTld() throws {
    try Validation.email("root+0a1b2c3d4e5f@aws.example.com")
    for bad in [
      "a@b@c.de", "ab.cd.ef", "a b@c.de", "ab@c d.ef", "ab\t@c.de", "abc@cdef", "@abc.def", "abc@.def", "abcd@ef.",
      "ab\u{7}@c.de",
      "ab@c.de\n",
    ] {
      rejects("email") { try Validation.email(bad) }
    }
  }

  @Test func accountNameIs1To50PrintableASCII() throws {
    try Validation.accountName("a")
    try Validation.accountName(String(repeating: "n", count: 50))
    try Validation.accountName(" ~!\"#$%&'()*+,-./09:;<=>?@AZ[\\]^_`az{|}")
    rejects("account name") { try Validation.accountName("") }
    rejects("account name") { try Validation.accountName(String(repeating: "n", count: 51)) }
    rejects("account name") { try Validation.accountName("tab\there") }
    rejects("account name") { try Validation.accountName("del\u{7F}") }
    rejects("account name") { try Validation.accountName("café") }
    rejects("account name") { try Validation.accountName("line\nbreak") }
  }

  @Test func ownerIsAValidAddress() throws {
    try Validation.owner("jdoe@example.com")
    rejects("owner") { try Validation.owner("") }
    rejects("owner") { try Validation.owner("jdoe") }
    rejects("owner") { try Validation.owner("j@doe@example.com") }
    rejects("owner") { try Validation.owner("j doe@example.com") }
  }

  @Test func accountTypeComesFromTheConfiguredList() throws {
    try Validation.accountType("IT", allowed: ["Sales", "IT"])
    rejects("account type") { try Validation.accountType("it", allowed: ["Sales", "IT"]) }
  }

  @Test func randomHexIsLowercaseAndOfTheAskedLength() {
    let values = (0..<200).map { _ in RandomHex.make(length: 12) }
    #expect(values.allSatisfy { $0.count == 12 && $0.allSatisfy { "0123456789abcdef".contains($0) } })
    #expect(Set(values).count == 200)
    #expect(RandomHex.make(length: 40).count == 40)
  }

  @Test func environmentsTranslateAsTheSampleDoesAndUnknownOnesAreRefused() throws {
    let settings = VendSettings(receivingDomain: "example.com")
    let table = [
      "PRODUCTION": "prod", "DEVELOPMENT": "dev", "EVALUATION": "eval", "QUALITYASSURANCE": "qa", "TRAINING": "trn",
      "VALIDATION": "val", "": "eval", "prod": "prod", "dev": "dev", "Test": "test", "staging": "stg",
    ]
    for (input, expected) in table {
      #expect(try AddressGenerator.translateEnvironment(input, settings: settings) == expected)
    }
    #expect(try AddressGenerator.translateEnvironment(nil, settings: settings) == "eval")
    // The sample sends anything else to eval; an address is permanent, so rootmail refuses it.
    rejects("environment") { _ = try AddressGenerator.translateEnvironment("PRE-PROD", settings: settings) }
    var lenient = settings
    lenient.environmentDefault = "eval"
    #expect(try AddressGenerator.translateEnvironment("PRE-PROD", settings: lenient) == "eval")
    #expect(AddressGenerator.counter(7, length: 3) == "007" && AddressGenerator.counter(1234, length: 3) == "1234")
  }

  @Test func aRequestInTheSamplesShapeParses() throws {
    let json = try JSONValue.parse(
      """
      {"OwnerAddress": "jdoe@example.com", "AccountType": "IT",
       "Tags": {"BusinessUnit": "Blue-Origin", "ApplicationName": "space-cube-z", "Environment": "PRODUCTION"},
       "SomeOtherKey": "SomeOtherValue_shouldbefilteredout"}
      """)
    let request = try VendRequest(json: json)
    #expect(request.owner == "jdoe@example.com" && request.accountType == "IT")
    #expect(request.businessUnit == "Blue-Origin" && request.application == "space-cube-z" && request.environment == "PRODUCTION")
    #expect(request.accountName == nil && request.email == nil)
    #expect(throws: CLIError.self) { try VendRequest(json: try JSONValue.parse(#"{"OwnerAddress": 7}"#)) }
  }
}
