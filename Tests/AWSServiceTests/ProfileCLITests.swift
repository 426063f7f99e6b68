import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// The real `rootmail whoami` against moto with AWS shared files: named profiles (`--profile`,
/// `AWS_PROFILE`), region from the profile, an assume-role profile through moto's STS,
/// `credential_process`, and which endpoint variable wins.
@Suite struct ProfileCLITests {
  static let baseKey = "AKIDPROFILEBASE00001"
  static let baseSecret = "profile-base-secret-key-0001"

  /// A temporary folder holding `config` and `credentials`, and the variables naming them.
  func sharedFiles(config: String, credentials: String, name: String = #function) throws -> [String: String] {
    let folder = NSTemporaryDirectory() + "rootmail-profiles-\(getpid())-\(name.prefix { $0 != "(" })"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try config.write(toFile: folder + "/config", atomically: true, encoding: .utf8)
    try credentials.write(toFile: folder + "/credentials", atomically: true, encoding: .utf8)
    return ["AWS_CONFIG_FILE": folder + "/config", "AWS_SHARED_CREDENTIALS_FILE": folder + "/credentials", "HOME": folder]
  }

  func whoami(_ arguments: [String], _ environment: [String: String]) throws -> JSONValue {
    let run = try RootmailCLI().run(["whoami", "-o", "json"] + arguments, extraEnvironment: environment)
    #expect(run.status == 0, "\(arguments): \(run.stderr)")
    for secret in [Self.baseSecret, "Signature="] { #expect(!(run.stdout + run.stderr).contains(secret)) }
    return (try? JSONValue.parse(run.stdout)) ?? .null
  }

  /// moto's endpoint and no credentials in the environment.
  func motoOnly(_ moto: MotoServer) -> [String: String] {
    ["AWS_ENDPOINT_URL": moto.url, "AWS_EC2_METADATA_DISABLED": "true"]
  }

  @Test func namedProfileFromTheCredentialsFileWithItsRegion() throws {
    let moto = try MotoServer.shared()
    let files = try sharedFiles(
      config: "[default]\nregion = us-west-1\n\n[profile dev]\nregion = eu-west-2\n",
      credentials: "[dev]\naws_access_key_id = \(Self.baseKey)\naws_secret_access_key = \(Self.baseSecret)\n")
    let env = motoOnly(moto).merging(files) { $1 }
    let flagged = try whoami(["--profile", "dev"], env)
    #expect(flagged["credentials"]?.stringValue == "shared-credentials-file")
    #expect(flagged["profile"]?.stringValue == "dev" && flagged["profile_source"]?.stringValue == "--profile")
    #expect(flagged["region"]?.stringValue == "eu-west-2" && flagged["region_source"]?.stringValue == "profile dev")
    #expect(flagged["account"]?.stringValue == "123456789012")
    let fromVariable = try whoami([], env.merging(["AWS_PROFILE": "dev"]) { $1 })
    #expect(fromVariable["credentials"]?.stringValue == "shared-credentials-file")
    #expect(fromVariable["profile_source"]?.stringValue == "AWS_PROFILE")
    #expect(fromVariable["region"]?.stringValue == "eu-west-2")
    // Environment keys come first for AWS_PROFILE, but --profile skips them (as the AWS CLI does).
    let keys = ["AWS_ACCESS_KEY_ID": "AKIDENVIRONMENT00001", "AWS_SECRET_ACCESS_KEY": "environment-secret"]
    let withKeys = env.merging(keys) { $1 }
    #expect(try whoami([], withKeys.merging(["AWS_PROFILE": "dev"]) { $1 })["credentials"]?.stringValue == "environment")
    #expect(try whoami(["--profile", "dev"], withKeys)["credentials"]?.stringValue == "shared-credentials-file")
    // --region and AWS_REGION beat the profile's region.
    let region = try whoami(["--profile", "dev", "--region", "ap-south-1"], env.merging(["AWS_REGION": "sa-east-1"]) { $1 })
    #expect(region["region"]?.stringValue == "ap-south-1" && region["region_source"]?.stringValue == "--region")
    // A profile that neither file has is a configuration error naming the ones that exist.
    let missing = try RootmailCLI().run(["whoami", "--profile", "nope"], extraEnvironment: env)
    #expect(missing.status == 78 && missing.stderr.contains("dev"), "\(missing.stderr)")
  }

  @Test func assumeRoleProfileGoesThroughSTS() throws {
    let moto = try MotoServer.shared()
    let files = try sharedFiles(
      config: """
        [profile base]
        region = us-east-1

        [profile admin]
        role_arn = arn:aws:iam::123456789012:role/rootmail-admin
        source_profile = base
        role_session_name = whoami-test
        region = eu-central-1
        """,
      credentials: "[base]\naws_access_key_id = \(Self.baseKey)\naws_secret_access_key = \(Self.baseSecret)\n")
    let json = try whoami(["--profile", "admin"], motoOnly(moto).merging(files) { $1 })
    #expect(json["credentials"]?.stringValue == "assume-role")
    #expect(json["arn"]?.stringValue == "arn:aws:sts::123456789012:assumed-role/rootmail-admin/whoami-test")
    #expect(json["region"]?.stringValue == "eu-central-1")
    // The source profile alone is a plain user.
    let base = try whoami(["--profile", "base"], motoOnly(moto).merging(files) { $1 })
    #expect(base["credentials"]?.stringValue == "shared-credentials-file")
    #expect(base["arn"]?.stringValue?.contains("assumed-role") == false)
  }

  @Test func credentialProcessProfile() throws {
    let moto = try MotoServer.shared()
    let folder = NSTemporaryDirectory() + "rootmail-process-\(getpid())"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let script = folder + "/print credentials.sh"
    try """
    #!/bin/sh
    printf '{"Version": 1, "AccessKeyId": "%s", "SecretAccessKey": "%s", "Expiration": "2099-01-01T00:00:00Z"}' "$1" "$2"
    """.write(toFile: script, atomically: true, encoding: .utf8)
    chmod(script, 0o755)
    let files = try sharedFiles(
      config: "[profile proc]\nregion = us-east-2\ncredential_process = \"\(script)\" \(Self.baseKey) \(Self.baseSecret)\n",
      credentials: "")
    let json = try whoami([], motoOnly(moto).merging(files) { $1 }.merging(["AWS_PROFILE": "proc"]) { $1 })
    #expect(json["credentials"]?.stringValue == "credential-process")
    #expect(json["region"]?.stringValue == "us-east-2")
  }

  @Test func serviceEndpointVariableBeatsTheGeneralOne() throws {
    let moto = try MotoServer.shared()
    var env = moto.environment()
    env["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9"
    env["AWS_ENDPOINT_URL_STS"] = moto.url
    let json = try whoami([], env)
    #expect(json["endpoint"]?.stringValue == moto.url && json["endpoint_source"]?.stringValue == "AWS_ENDPOINT_URL_STS")
    env["AWS_ENDPOINT_URL_STS"] = "http://127.0.0.1:9"
    let flagged = try whoami(["--endpoint-url", moto.url], env)
    #expect(flagged["endpoint_source"]?.stringValue == "--endpoint-url")
    env["AWS_ENDPOINT_URL_STS"] = nil
    env["AWS_ENDPOINT_URL"] = moto.url
    #expect(try whoami([], env)["endpoint_source"]?.stringValue == "AWS_ENDPOINT_URL")
  }
}
