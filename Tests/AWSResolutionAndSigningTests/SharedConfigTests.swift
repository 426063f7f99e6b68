import Foundation
@_spi(RootmailHost) import RootmailKit
import Testing

/// The shared config and credentials files, read from real files in a temporary folder.
@Suite struct SharedConfigTests {
  static let config = """
    [default]
    region = eu-west-1
    aws_access_key_id = AKIACONFIGDEFAULT
    aws_secret_access_key = config-default-secret

    [profile dev]
    region = us-west-2
    credential_process = /bin/false
    endpoint_url = http://127.0.0.1:4566
    services = local
    s3 =
      addressing_style = virtual

    [profile admin]
    role_arn = arn:aws:iam::123456789012:role/Admin
    source_profile = dev
    external_id = ext-1
    role_session_name = rootmail
    duration_seconds = 1800
    mfa_serial = arn:aws:iam::123456789012:mfa/me

    [profile ec2]
    role_arn = arn:aws:iam::123456789012:role/Ec2
    credential_source = Ec2InstanceMetadata

    [profile sso]
    sso_session = corp
    sso_account_id = 111122223333
    sso_role_name = ReadOnly

    [profile legacy-sso]
    sso_start_url = https://corp.awsapps.com/start
    sso_region = us-east-1
    sso_account_id = 444455556666
    sso_role_name = Admin

    [sso-session corp]
    sso_start_url = https://corp.awsapps.com/start
    sso_region = eu-central-1
    sso_registration_scopes = sso:account:access

    [services local]
    dynamodb =
      endpoint_url = http://127.0.0.1:8000

    [dev]
    region = ignored-not-a-profile-in-config
    """
  static let credentials = """
    [default]
    aws_access_key_id = AKIACREDSDEFAULT
    aws_secret_access_key = creds-default-secret

    [dev]
    aws_access_key_id = AKIADEV
    aws_secret_access_key = dev-secret
    aws_session_token = dev-token
    region = ap-south-1

    [half]
    aws_access_key_id = AKIAHALF

    [profile odd]
    aws_access_key_id = AKIAODD
    aws_secret_access_key = odd-secret
    """

  static func files() throws -> (TempFolder, SharedConfigFiles) {
    let folder = try TempFolder()
    let configPath = try folder.write("cfg/config", config)
    let credentialsPath = try folder.write("cfg/credentials", credentials)
    let files = try SharedConfigFiles.load(environment: [
      "HOME": "/nonexistent", "AWS_CONFIG_FILE": configPath, "AWS_SHARED_CREDENTIALS_FILE": credentialsPath,
    ])
    return (folder, files)
  }

  @Test func pathsComeFromTheEnvironmentOrHome() {
    let defaults = SharedConfigFiles.paths(environment: ["HOME": "/home/u"])
    #expect(defaults.config == "/home/u/.aws/config" && defaults.credentials == "/home/u/.aws/credentials")
    let set = SharedConfigFiles.paths(environment: [
      "HOME": "/home/u", "AWS_CONFIG_FILE": "~/c", "AWS_SHARED_CREDENTIALS_FILE": "/etc/creds",
    ])
    #expect(set.config == "/home/u/c" && set.credentials == "/etc/creds")
  }

  @Test func defaultHomeFilesAreRead() async throws {
    let folder = try TempFolder()
    try folder.write(".aws/credentials", "[default]\naws_access_key_id = AKIAHOME\naws_secret_access_key = home-secret\n")
    let files = try SharedConfigFiles.load(environment: ["HOME": folder.path])
    let creds = try await SharedCredentialsFileProvider(files: files, profileName: "default").credentials()
    #expect(creds?.accessKeyID == "AKIAHOME")
    #expect(files.config.sections.isEmpty)  // a missing file is empty
  }

  /// Scripts turn the files off with /dev/null, which is no regular file but is never refused.
  @Test func devNullIsAnEmptyFile() throws {
    let files = try SharedConfigFiles.load(environment: [
      "HOME": "/nonexistent", "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
    ])
    #expect(files.config.sections.isEmpty && files.credentials.sections.isEmpty)
  }

  @Test func profilesAreBracketedDifferentlyInEachFile() throws {
    let (_, files) = try Self.files()
    #expect(files.profileNames == ["admin", "default", "dev", "ec2", "half", "legacy-sso", "profile odd", "sso"])
    // `[dev]` in the config file is not a profile; `[profile odd]` in credentials is named "profile odd".
    #expect(files.profile(named: "dev")?.region == "ap-south-1")  // credentials file wins over config
    #expect(files.profile(named: "odd") == nil)
  }

  @Test func providersReadOnlyTheirOwnFile() async throws {
    let (_, files) = try Self.files()
    let fromCredentials = try await SharedCredentialsFileProvider(files: files, profileName: "default").credentials()
    #expect(fromCredentials?.accessKeyID == "AKIACREDSDEFAULT")
    #expect(fromCredentials?.source == "shared-credentials-file")
    let fromConfig = try await ConfigFileCredentialProvider(files: files, profileName: "default").credentials()
    #expect(fromConfig?.accessKeyID == "AKIACONFIGDEFAULT")
    #expect(fromConfig?.source == "config-file")
    let dev = try await SharedCredentialsFileProvider(files: files, profileName: "dev").credentials()
    #expect(dev?.sessionToken == "dev-token")
    #expect(try await ConfigFileCredentialProvider(files: files, profileName: "admin").credentials() == nil)
  }

  @Test func halfAKeyPairIsAnError() async throws {
    let (_, files) = try Self.files()
    await #expect(throws: CLIError.self) {
      try await SharedCredentialsFileProvider(files: files, profileName: "half").credentials()
    }
  }

  @Test func assumeRoleAndSSOSettingsAreExposed() throws {
    let (_, files) = try Self.files()
    let admin = try #require(files.profile(named: "admin"))
    #expect(admin.isAssumeRole)
    #expect(admin.roleARN == "arn:aws:iam::123456789012:role/Admin" && admin.sourceProfile == "dev")
    #expect(admin.externalID == "ext-1" && admin.roleSessionName == "rootmail" && admin.durationSeconds == 1800)
    #expect(admin.mfaSerial == "arn:aws:iam::123456789012:mfa/me")
    #expect(files.profile(named: "ec2")?.credentialSource == "Ec2InstanceMetadata")
    let sso = try #require(files.profile(named: "sso")?.sso)
    #expect(sso.sessionName == "corp" && sso.startURL == "https://corp.awsapps.com/start" && sso.region == "eu-central-1")
    #expect(sso.accountID == "111122223333" && sso.roleName == "ReadOnly" && sso.registrationScopes == "sso:account:access")
    let legacy = try #require(files.profile(named: "legacy-sso")?.sso)
    #expect(legacy.sessionName == nil && legacy.region == "us-east-1" && legacy.accountID == "444455556666")
    #expect(files.profile(named: "dev")?.sso == nil)
  }

  @Test func endpointSettingsAreExposed() throws {
    let (_, files) = try Self.files()
    let dev = try #require(files.profile(named: "dev"))
    #expect(dev.endpointURL == "http://127.0.0.1:4566")
    #expect(dev.serviceEndpointURL(serviceKey: "dynamodb") == "http://127.0.0.1:8000")
    #expect(dev.serviceEndpointURL(serviceKey: "s3") == nil)
    #expect(dev.s3AddressingStyle == "virtual")
  }

  @Test func aMalformedFileIsAConfigurationErrorWithItsLine() throws {
    let folder = try TempFolder()
    let path = try folder.write("config", "[default]\nregion = x\nnonsense\n")
    #expect(
      throws: CLIError.configuration(
        "bad AWS shared file: \(path):3: expected `key = value` or a [section] header",
        hint: "fix that line (see `aws configure help`)")
    ) {
      try SharedConfigFiles.load(environment: ["HOME": folder.path, "AWS_CONFIG_FILE": path])
    }
  }

  @Test func profileSelectionOrder() {
    let env = ["AWS_PROFILE": "env", "AWS_DEFAULT_PROFILE": "old"]
    #expect(
      ProfileSelection.resolve(flag: "flag", environment: env, configured: "cfg") == .init(name: "flag", source: "--profile"))
    #expect(ProfileSelection.resolve(flag: nil, environment: env, configured: "cfg") == .init(name: "env", source: "AWS_PROFILE"))
    #expect(
      ProfileSelection.resolve(flag: nil, environment: ["AWS_DEFAULT_PROFILE": "old"], configured: "cfg").source
        == "AWS_DEFAULT_PROFILE")
    #expect(ProfileSelection.resolve(flag: nil, environment: [:], configured: "cfg") == .init(name: "cfg", source: "config"))
    #expect(ProfileSelection.resolve(flag: nil, environment: [:], configured: nil) == .init(name: "default", source: "default"))
    #expect(ProfileSelection.resolve(flag: "x", environment: [:], configured: nil).isExplicit)
  }
}
