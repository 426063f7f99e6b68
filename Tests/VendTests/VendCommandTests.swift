import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// `rootmail vend` through the real binary: address shapes, exit codes, nothing written on error.
@Suite struct VendCommandTests {
  static let sampleRequest = """
    {
        "OwnerAddress": "jdoe@example.com",
        "AccountType": "IT",
        "Tags": {
            "BusinessUnit": "Blue-Origin",
            "ApplicationName": "space-cube-z",
            "Environment": "PRODUCTION"
        },
        "SomeOtherKey": "SomeOtherValue_shouldbefilteredout"
    }
    """

  func matches(_ text: String, _ pattern: String) -> Bool {
    text.range(of: "^" + pattern + "$", options: .regularExpression) != nil
  }

  @Test func uuidIsTheDefaultAndPrintsOnlyTheAddress() throws {
    let rootmail = try RootmailCLI.forVend()
    let result = try rootmail.run(["vend", "--owner", "jdoe@example.com", "--account-type", "IT"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(matches(result.stdout, #"root\+[0-9a-f]{12}@aws\.example\.com\n"#), "\(result.stdout)")
    #expect(try rootmail.storedEmails() == [result.stdout.trimmingCharacters(in: .newlines)])
  }

  /// awscdk-rootmail's aliases have no account type: the uuid strategy needs none; config
  /// `account_type` gives one to requests without it; the name strategy and the sample's
  /// request shape still need one when the config gives none.
  @Test func accountTypeIsOptionalForUUIDAndDefaultsFromTheConfig() throws {
    let rootmail = try RootmailCLI.forVend()
    let plain = try rootmail.run(["vend", "--owner", "me@example.com", "-o", "json"])
    #expect(plain.status == 0, "\(plain.stderr)")
    #expect(try JSONValue.parse(plain.stdout)["AccountType"]?.stringValue == "")
    let byName = try rootmail.run([
      "vend", "--strategy", "name", "--owner", "me@example.com", "--business-unit", "b", "--application", "a",
    ])
    #expect(byName.status == 65 && byName.stderr.contains("account type"), "\(byName.stderr)")
    let sample = try rootmail.run(["vend", "--request", "-"], input: #"{"OwnerAddress": "me@example.com"}"#)
    #expect(sample.status == 65 && sample.stderr.contains("account type"), "\(sample.stderr)")
    let defaulted = try rootmail.run(
      ["vend", "--strategy", "name", "--owner", "me@example.com", "--business-unit", "b", "--application", "a", "-o", "json"],
      extraEnvironment: ["ROOTMAIL_ACCOUNT_TYPE": "Research"])
    #expect(defaulted.status == 0, "\(defaulted.stderr)")
    #expect(try JSONValue.parse(defaulted.stdout)["AccountType"]?.stringValue == "Research")
    let unknown = try rootmail.run(["vend", "--owner", "me@example.com"], extraEnvironment: ["ROOTMAIL_ACCOUNT_TYPE": "Nope"])
    #expect(unknown.status == 65 && unknown.stderr.contains("account type"), "\(unknown.stderr)")
  }

  @Test func anEmptySubdomainMeansTheBareDomainAndRandomLengthIsHonoured() throws {
    let rootmail = try RootmailCLI.forVend(extra: ["ROOTMAIL_SUBDOMAIN": "", "ROOTMAIL_PREFIX": "aws"])
    let result = try rootmail.run(["vend", "--owner", "o@example.com", "--account-type", "IT", "--random-length", "8"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(matches(result.stdout, #"aws\+[0-9a-f]{8}@example\.com\n"#), "\(result.stdout)")
    let short = try rootmail.run(["vend", "--owner", "o@example.com", "--account-type", "IT", "--random-length", "7"])
    #expect(short.status == 65 && short.stdout.isEmpty)
    #expect(short.stderr.contains("random length"))
  }

  @Test func aSampleRequestOnStdinVendsByName() throws {
    let rootmail = try RootmailCLI.forVend()
    let args = ["vend", "--strategy", "name", "--request", "-"]
    let first = try rootmail.run(args, input: Self.sampleRequest)
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.stdout == "blue-origin-space-cube-z-prod-001@aws.example.com\n")
    let second = try rootmail.run(args + ["--output", "json"], input: Self.sampleRequest)
    let record = try JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as! [String: Any]
    #expect(record["AccountEmail"] as? String == "blue-origin-space-cube-z-prod-002@aws.example.com")
    #expect(record["AccountName"] as? String == "blue-origin-space-cube-z-prod")
    #expect(record["Enum"] as? String == "002")
    #expect(record["OwnerAddress"] as? String == "jdoe@example.com" && record["AccountType"] as? String == "IT")
    #expect((record["Tags"] as? [String: String])?["BusinessUnit"] == "Blue-Origin")
    #expect(record["Status"] as? String == "NAME-ALLOCATED" && record["SomeOtherKey"] == nil)
    #expect(matches(record["LastUpdated"] as! String, #"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"#))
  }

  @Test func nameOverridesBehaveAsInTheSample() throws {
    let rootmail = try RootmailCLI.forVend(extra: ["ROOTMAIL_COUNTER_LENGTH": "4"])
    let base = ["vend", "--strategy", "name", "--owner", "o@example.com", "--account-type", "Sales"]
    let flags = base + ["--business-unit", "Fin", "--application", "Ledger", "--environment", "DEVELOPMENT"]
    #expect(try rootmail.run(flags).stdout == "fin-ledger-dev-0001@aws.example.com\n")
    let named = try rootmail.run(base + ["--account-name", "Payroll-Main", "--output", "json"])
    let record = try JSONSerialization.jsonObject(with: Data(named.stdout.utf8)) as! [String: Any]
    #expect(record["AccountEmail"] as? String == "payroll-main@aws.example.com")
    #expect(record["AccountName"] as? String == "Payroll-Main" && record["Enum"] as? String == "")
    let emailed = try rootmail.run(flags + ["--email", "ledger-team@example.org", "--output", "json"])
    let second = try JSONSerialization.jsonObject(with: Data(emailed.stdout.utf8)) as! [String: Any]
    #expect(second["AccountEmail"] as? String == "ledger-team@example.org")
    #expect(second["AccountName"] as? String == "fin-ledger-dev" && second["Enum"] as? String == "0002")
  }

  @Test func anExistingAddressOrNameExitsOneAndOverwritesNothing() throws {
    let rootmail = try RootmailCLI.forVend()
    let args = ["vend", "--owner", "first@example.com", "--account-type", "IT", "--email", "taken@aws.example.com"]
    #expect(try rootmail.run(args).status == 0)
    let again = try rootmail.run([
      "vend", "--owner", "second@example.com", "--account-type", "IT", "--email", "taken@aws.example.com",
    ])
    #expect(again.status == 1 && again.stdout.isEmpty)
    #expect(again.stderr.contains("taken@aws.example.com already exists"))
    let named = ["vend", "--strategy", "name", "--owner", "o@example.com", "--account-type", "IT", "--account-name", "Shared"]
    #expect(try rootmail.run(named).status == 0)
    let clash = try rootmail.run(named + ["--email", "other@aws.example.com"])
    #expect(clash.status == 1 && clash.stderr.contains("account name Shared already exists"))
    let owner = try rootmail.run(["mappings", "get", "taken@aws.example.com", "--output", "json"])
    #expect(owner.stdout.contains("first@example.com"))
  }

  @Test func aBrokenRuleIsOneLineExit65AndWritesNothing() throws {
    let rootmail = try RootmailCLI.forVend()
    let cases: [([String], String)] = [
      (["--owner", "not-an-address", "--account-type", "IT"], "invalid owner \"not-an-address\""),
      (["--owner", "o@example.com", "--account-type", "Marketing"], "invalid account type \"Marketing\""),
      (["--owner", "o@example.com", "--account-type", "IT", "--email", "a@b@c.de"], "invalid email \"a@b@c.de\""),
      (["--owner", "o@example.com", "--account-type", "IT", "--email", "a@b.c"], "invalid email \"a@b.c\""),
      (
        ["--owner", "o@example.com", "--account-type", "IT", "--account-name", String(repeating: "x", count: 51)],
        "invalid account name"
      ),
      (
        [
          "--strategy", "name", "--owner", "o@example.com", "--account-type", "IT", "--business-unit",
          String(repeating: "b", count: 40),
          "--application", "app",
        ], "invalid business unit and application"
      ),
      (
        ["--strategy", "name", "--owner", "o@example.com", "--account-type", "IT", "--application", "app"],
        "invalid business unit"
      ),
    ]
    for (args, message) in cases {
      let result = try rootmail.run(["vend"] + args)
      #expect(result.status == 65, "\(args): \(result.stderr)")
      #expect(result.stdout.isEmpty)
      let lines = result.stderr.split(separator: "\n")
      #expect(lines.count == 1 && lines[0].contains(message), "\(result.stderr)")
    }
    #expect(try rootmail.storedEmails() == [])
  }

  @Test func dryRunWritesNothing() throws {
    let rootmail = try RootmailCLI.forVend()
    let args = ["vend", "--strategy", "name", "--request", "-", "--dry-run"]
    let result = try rootmail.run(args, input: Self.sampleRequest)
    #expect(result.status == 0 && result.stdout == "blue-origin-space-cube-z-prod-001@aws.example.com\n")
    #expect(try rootmail.storedEmails() == [])
  }

  @Test func aMistypedFlagIsNamedBeforeTheMissingDomain() throws {
    let rootmail = try RootmailCLI()  // no domain set anywhere
    let owner = try rootmail.run(["vend", "--owner", "nope"])
    #expect(owner.status == 65 && owner.stderr.hasPrefix("rootmail: error: invalid owner \"nope\""), "\(owner.stderr)")
    let tag = try rootmail.run(["vend", "--owner", "o@example.com", "--tag", "bad"])
    #expect(tag.status == 64 && tag.stderr.contains("--tag takes key=value"), "\(tag.stderr)")
    let good = try rootmail.run(["vend", "--owner", "o@example.com"])
    #expect(good.status == 78 && good.stderr.contains("domain is not set"), "\(good.stderr)")
  }

  @Test func createAccountWithoutAnAWSRegionIsAConfigurationErrorAndWritesNothing() throws {
    let rootmail = try RootmailCLI.forVend()
    let result = try rootmail.run(["vend", "--owner", "o@example.com", "--account-type", "IT", "--create-account"])
    #expect(result.status == 78 && result.stdout.isEmpty)
    #expect(result.stderr.contains("AWS Organizations"))
    #expect(try rootmail.storedEmails() == [])
  }

  @Test func fromFileReportsEveryLineAndFailsIfAnyFailed() throws {
    let rootmail = try RootmailCLI.forVend()
    let lines = [
      #"{"OwnerAddress": "a@example.com", "AccountType": "IT", "Tags": {"BusinessUnit": "bu", "ApplicationName": "app"}}"#,
      #"{"OwnerAddress": "bad", "AccountType": "IT", "Tags": {"BusinessUnit": "bu", "ApplicationName": "app"}}"#,
      "",
      #"{"AccountType": "Sales", "Tags": {"BusinessUnit": "bu", "ApplicationName": "app", "Environment": "TRAINING"}}"#,
    ]
    let file = try rootmail.write(lines.joined(separator: "\n") + "\n", to: "requests.jsonl")
    let result = try rootmail.run(["vend", "--strategy", "name", "--owner", "default@example.com", "--from-file", file])
    #expect(result.status == 1)
    #expect(result.lines.count == 3)
    #expect(result.lines[0] == "bu-app-eval-001@aws.example.com")
    #expect(result.lines[1].hasPrefix("error: line 2: invalid owner \"bad\""))
    #expect(result.lines[2] == "bu-app-trn-001@aws.example.com")
    #expect(Set(try rootmail.storedEmails()) == ["bu-app-eval-001@aws.example.com", "bu-app-trn-001@aws.example.com"])
  }

  /// A line that is not JSON is bad input, as on every other input path: exit 65, one line
  /// naming file:line and the rule, and nothing vended (it used to be exit 1 after the others).
  @Test func fromFileWithAMalformedLineIsExit65NamingFileAndLine() throws {
    let rootmail = try RootmailCLI.forVend()
    let lines = [
      #"{"OwnerAddress": "a@example.com", "AccountType": "IT", "Tags": {"BusinessUnit": "bu", "ApplicationName": "app"}}"#,
      "",
      #"{"OwnerAddress": "b@example.com", "AccountType": "IT",}"#,
      "not json",
    ]
    let file = try rootmail.write(lines.joined(separator: "\n") + "\n", to: "requests.jsonl")
    let result = try rootmail.run(["vend", "--strategy", "name", "--owner", "default@example.com", "--from-file", file])
    #expect(result.status == 65, "\(result.stderr)")
    #expect(result.stdout.isEmpty)
    let errorLines = result.stderr.split(separator: "\n")
    #expect(errorLines.count == 1, "\(result.stderr)")
    #expect(result.stderr.hasPrefix("rootmail: error: \(file):3: invalid request \"{"), "\(result.stderr)")
    #expect(result.stderr.contains("is not valid JSON"), "\(result.stderr)")
    #expect(try rootmail.storedEmails() == [])
    let stdin = try rootmail.run(["vend", "--owner", "default@example.com", "--from-file", "-"], input: "[1,\n")
    #expect(stdin.status == 65 && stdin.stderr.hasPrefix("rootmail: error: standard input:1: "), "\(stdin.stderr)")
  }
}
