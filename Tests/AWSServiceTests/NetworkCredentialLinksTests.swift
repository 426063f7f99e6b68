import Foundation
@_spi(RootmailHost) import RootmailKit
import Testing

/// Which network links a profile gets, and the profile mistakes they refuse before any call.
@Suite struct NetworkCredentialLinksTests {
  func links(_ config: String, profile: String) throws -> [String] {
    let files = SharedConfigFiles(
      configPath: "config", credentialsPath: "credentials", config: try INIFile.parse(config, path: "config"),
      credentials: INIFile(path: "credentials"))
    let network = NetworkCredentialLinks(
      context: CredentialContext(environment: ["HOME": "/nonexistent"], endpoints: .fixed("http://127.0.0.1:9")), files: files)
    let chain = try AWSCredentialChain.standard(
      environment: [:], files: files, profile: ProfileSelection(name: profile, source: "--profile"),
      profileLinks: try network.profileLinks(for: files.profile(named: profile)), fallbackLinks: network.fallbackLinks)
    return chain.links.map(\.name)
  }

  @Test func linksInAWSOrder() throws {
    let config = """
      [profile role]
      role_arn = arn:aws:iam::123456789012:role/r
      source_profile = keys
      [profile keys]
      aws_access_key_id = AKIDKEYS
      aws_secret_access_key = secret
      [profile sso]
      sso_session = corp
      sso_account_id = 111122223333
      sso_role_name = Admin
      [sso-session corp]
      sso_start_url = https://corp.awsapps.com/start
      sso_region = eu-west-1
      """
    #expect(
      try links(config, profile: "role") == [
        "assume-role", "shared-credentials-file", "credential-process", "config-file", "container", "instance-metadata",
      ])
    #expect(try links(config, profile: "sso").prefix(2) == ["sso", "shared-credentials-file"])
    #expect(try links(config, profile: "keys").first == "shared-credentials-file")
  }

  @Test func profileMistakesAreConfigurationErrors() throws {
    let cases = [
      "[profile a]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = b\n[profile b]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = a\n",
      "[profile a]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = missing\n",
      "[profile a]\nrole_arn = arn:aws:iam::1:role/r\ncredential_source = Somewhere\n",
      "[profile a]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = a\nmfa_serial = arn:aws:iam::1:mfa/u\n",
      "[profile a]\nsso_start_url = https://x\nsso_region = us-east-1\n",
    ]
    for config in cases {
      #expect(throws: CLIError.self, "\(config)") { try links(config, profile: "a") }
    }
    // A profile naming itself as source uses its own keys, as botocore does.
    let own =
      "[profile a]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = a\naws_access_key_id = K\naws_secret_access_key = S\n"
    #expect(try links(own, profile: "a").first == "assume-role")
  }
}
