import Foundation
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// `vend --strategy name --environment X`: the sample sends any unknown name to eval, but an
/// address is permanent, so rootmail refuses it unless the config maps it or
/// --environment-default says where it goes.
@Suite struct VendEnvironmentTests {
  static let byName = [
    "vend", "--strategy", "name", "--owner", "o@example.com", "--account-type", "IT", "--business-unit", "b",
    "--application", "a",
  ]

  @Test(arguments: [("prod", "prod"), ("PRODUCTION", "prod"), ("dev", "dev"), ("test", "test"), ("Staging", "stg")])
  func shortFormsAreKnown(_ environment: String, _ short: String) throws {
    let rootmail = try RootmailCLI.forVend()
    let result = try rootmail.run(Self.byName + ["--environment", environment])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == "b-a-\(short)-001@aws.example.com\n")
  }

  @Test func anUnknownEnvironmentIsRefusedAndNothingIsWritten() throws {
    let rootmail = try RootmailCLI.forVend()
    let result = try rootmail.run(Self.byName + ["--environment", "PRE-PROD"])
    #expect(result.status == 65 && result.stdout.isEmpty)
    #expect(result.stderr.contains("invalid environment \"PRE-PROD\""), "\(result.stderr)")
    #expect(result.stderr.contains("PRODUCTION") && result.stderr.contains("[environments]"), "\(result.stderr)")
    #expect(try rootmail.storedEmails() == [])
    // The same from a request file.
    let request = try rootmail.run(
      ["vend", "--strategy", "name", "--request", "-"],
      input:
        #"{"OwnerAddress": "o@example.com", "AccountType": "IT", "Tags": {"BusinessUnit": "b", "ApplicationName": "a", "Environment": "qa2"}}"#
    )
    #expect(request.status == 65 && request.stderr.contains("invalid environment \"qa2\""), "\(request.stderr)")
    #expect(try rootmail.storedEmails() == [])
  }

  @Test func theConfigCanMapMoreEnvironments() throws {
    let rootmail = try RootmailCLI.forVend()
    _ = try rootmail.home.write(
      "config/rootmail/config.toml", "[environments]\n\"PRE-PROD\" = \"preprod\"\nprod = \"live\"\n")
    let mapped = try rootmail.run(Self.byName + ["--environment", "pre-prod"])
    #expect(mapped.status == 0 && mapped.stdout == "b-a-preprod-001@aws.example.com\n", "\(mapped.stderr)")
    // An entry may change the built-in table's, and the rest of that table stays.
    let changed = try rootmail.run(Self.byName + ["--environment", "prod"])
    #expect(changed.stdout == "b-a-live-001@aws.example.com\n", "\(changed.stderr)")
    let builtIn = try rootmail.run(Self.byName + ["--environment", "DEVELOPMENT"])
    #expect(builtIn.stdout == "b-a-dev-001@aws.example.com\n", "\(builtIn.stderr)")
  }

  @Test func aShortNameThatCannotStandInAnAddressIsAConfigurationError() throws {
    let rootmail = try RootmailCLI.forVend()
    _ = try rootmail.home.write("config/rootmail/config.toml", "[environments]\nlive = \"Live Env\"\n")
    let result = try rootmail.run(Self.byName + ["--environment", "live"])
    #expect(result.status == 78 && result.stderr.contains("[environments] live"), "\(result.stderr)")
  }

  @Test func environmentDefaultSendsUnknownNamesWhereItSays() throws {
    let rootmail = try RootmailCLI.forVend()
    let result = try rootmail.run(Self.byName + ["--environment", "PRE-PROD", "--environment-default", "eval"])
    #expect(result.status == 0 && result.stdout == "b-a-eval-001@aws.example.com\n", "\(result.stderr)")
    let bad = try rootmail.run(Self.byName + ["--environment", "x", "--environment-default", "a@b"])
    #expect(bad.status == 64, "\(bad.stderr)")
    // No environment at all is the sample's eval, as before.
    let none = try rootmail.run(Self.byName)
    #expect(none.stdout == "b-a-eval-002@aws.example.com\n", "\(none.stderr)")
  }
}
