import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// The real `rootmail` binary against moto: `whoami`, secrets never printed even with --debug,
/// and libcurl (libRootmailHTTP.so) loaded only by commands that call AWS, Foundation never.
@Suite struct WhoAmICLITests {
  static let accessKey = "AKIDWHOAMISECRET0001"
  static let secretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY01"
  static let sessionToken = "FwoGZXIvYXdzEXAMPLESESSIONTOKEN0123456789abcdefSECRET"

  func environment(_ moto: MotoServer) -> [String: String] {
    moto.environment(accessKey: Self.accessKey, secret: Self.secretKey).merging(["AWS_SESSION_TOKEN": Self.sessionToken]) {
      $1
    }
  }

  @Test func whoamiPrintsIdentityRegionEndpointAndChainLink() throws {
    let moto = try MotoServer.shared()
    let run = try RootmailCLI().run(["whoami", "--output", "json"], extraEnvironment: environment(moto))
    #expect(run.status == 0, "\(run.stderr)")
    let json = try JSONValue.parse(run.stdout)
    #expect(json["account"]?.stringValue == "123456789012")
    #expect(json["arn"]?.stringValue?.hasPrefix("arn:aws:") == true)
    #expect(json["region"]?.stringValue == "us-east-1")
    #expect(json["endpoint"]?.stringValue == moto.url)
    #expect(json["credentials"]?.stringValue == "environment")
    #expect(json["region_source"]?.stringValue == "AWS_REGION")
    #expect(json["endpoint_source"]?.stringValue == "AWS_ENDPOINT_URL")
    #expect(json["profile"]?.stringValue == "default" && json["profile_source"]?.stringValue == "default")
    let text = try RootmailCLI().run(["whoami", "--output", "text"], extraEnvironment: environment(moto))
    #expect(text.stdout.split(separator: "\t").count == 10)
  }

  /// `whoami` and `config show` resolve the region and endpoint the same way (one resolver):
  /// the profile's region wins over rootmail's own setting, a flag over both.
  @Test func whoamiAndConfigShowAgree() throws {
    let moto = try MotoServer.shared()
    let cli = try RootmailCLI()
    let awsConfig = try cli.write("[profile dev]\nregion = eu-west-2\n", to: "aws/config")
    _ = try cli.home.write("config/rootmail/config.toml", "region = \"us-east-2\"\n", mode: 0o600)
    var env = environment(moto)
    env["AWS_REGION"] = nil
    env["AWS_DEFAULT_REGION"] = nil
    env["AWS_PROFILE"] = "dev"
    for (flags, region, whoamiSource, showSource) in [
      ([String](), "eu-west-2", "profile dev", "profile dev (\(awsConfig))"),
      (["--region", "ap-south-1"], "ap-south-1", "--region", "flag --region"),
    ] {
      let who = try cli.run(["whoami", "-o", "json"] + flags, extraEnvironment: env)
      #expect(who.status == 0, "\(who.stderr)")
      let identity = try JSONValue.parse(who.stdout)
      #expect(identity["region"]?.stringValue == region)
      #expect(identity["region_source"]?.stringValue == whoamiSource)
      let show = try cli.run(["config", "show", "-o", "json"] + flags, extraEnvironment: env)
      #expect(show.status == 0, "\(show.stderr)")
      let settings = try JSONValue.parse(show.stdout)
      #expect(settings["region"]?["value"]?.stringValue == region)
      #expect(settings["region"]?["source"]?.stringValue == showSource)
      #expect(settings["endpoint_url"]?["value"]?.stringValue == identity["endpoint"]?.stringValue)
      #expect(settings["endpoint_url"]?["source"]?.stringValue == "env " + (identity["endpoint_source"]?.stringValue ?? ""))
    }
  }

  @Test func noSecretInAnyOutputEvenWithDebug() throws {
    let moto = try MotoServer.shared()
    for args in [["whoami", "--debug"], ["whoami", "--debug", "-o", "json"], ["whoami", "--debug", "--region", "eu-west-1"]] {
      let run = try RootmailCLI().run(args, extraEnvironment: environment(moto))
      #expect(run.status == 0, "\(run.stderr)")
      let all = run.stdout + run.stderr
      #expect(run.stderr.contains("aws request STS.GetCallerIdentity"), "debug logging is on")
      #expect(run.stderr.contains("Authorization: [REDACTED]"))
      for secret in [Self.secretKey, Self.sessionToken, Self.accessKey, "Signature=", "AWS4-HMAC-SHA256 Credential"] {
        #expect(!all.contains(secret), "\(secret) leaked in \(args)")
      }
    }
  }

  @Test func failuresGiveOneLineAndExitStatus() throws {
    // No credentials at all (and no metadata service): exit 78 with a hint.
    let run = try RootmailCLI().run(
      ["whoami"],
      extraEnvironment: [
        "AWS_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true", "AWS_ENDPOINT_URL": "http://127.0.0.1:9",
      ])
    #expect(run.status == 78, "\(run.stderr)")
    #expect(run.stderr.contains("rootmail: error: ") && run.stderr.contains("hint: "))
    // Nothing listens there: exit 69 after the retries.
    var env = environment(try MotoServer.shared())
    env["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9"
    env["AWS_MAX_ATTEMPTS"] = "2"
    let down = try RootmailCLI().run(["whoami"], extraEnvironment: env)
    #expect(down.status == 69, "\(down.stderr)")
    #expect(down.stderr.contains("after 2 attempts"))
  }

  @Test func libcurlLoadsOnlyForAWSCommandsAndFoundationNever() throws {
    let moto = try MotoServer.shared()
    var env = environment(moto)
    env["LD_DEBUG"] = "libs"
    let show = try RootmailCLI().run(["config", "show"], extraEnvironment: env)
    #expect(show.status == 0)
    #expect(show.stderr.contains("libRootmailKit.so"), "LD_DEBUG output is there")
    #expect(!show.stderr.contains("libcurl"))
    #expect(!show.stderr.contains("libRootmailHTTP"))
    let version = try RootmailCLI().run(["--version"], extraEnvironment: env)
    #expect(!version.stderr.contains("libcurl"))
    let whoami = try RootmailCLI().run(["whoami"], extraEnvironment: env)
    #expect(whoami.status == 0)
    // The transport companion is loaded through its checked descriptor (FileTrust), then libcurl.
    #expect(whoami.stderr.contains("calling init: /proc/self/fd/"))
    #expect(whoami.stderr.contains("libcurl.so"))
    // No Foundation on the AWS path: neither FoundationNetworking nor Foundation itself.
    #expect(!whoami.stderr.contains("libFoundationNetworking"))
    #expect(!whoami.stderr.contains("libFoundation.so"))
  }
}
