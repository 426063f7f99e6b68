import Foundation
import RootmailKit
import RootmailTestSupport
import Testing

/// The real `rootmail` binary against moto: `whoami`, secrets never printed even with --debug,
/// and FoundationNetworking loaded only by commands that call AWS.
@Suite struct WhoAmICLITests {
  static let accessKey = "AKIDWHOAMISECRET0001"
  static let secretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY01"
  static let sessionToken = "FwoGZXIvYXdzEXAMPLESESSIONTOKEN0123456789abcdefSECRET"

  struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  /// Runs .build/<config>/rootmail (beside the test bundle) with `environment` added.
  static func rootmail(_ arguments: [String], environment: [String: String]) throws -> Run {
    let folder = URL(fileURLWithPath: Executable.path ?? CommandLine.arguments[0]).deletingLastPathComponent()
    let process = Process()
    process.executableURL = folder.appendingPathComponent("rootmail")
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AWS_") && !$0.key.hasPrefix("ROOTMAIL_") }
    env["XDG_CONFIG_HOME"] = NSTemporaryDirectory() + "rootmail-whoami-\(getpid())"
    env["ROOTMAIL_PLUGIN_PATH"] = ""
    // Never the real ~/.aws: tests that want shared files name them.
    env["AWS_CONFIG_FILE"] = "/nonexistent/aws-config"
    env["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/aws-credentials"
    env.merge(environment) { _, new in new }
    process.environment = env
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Read both pipes before waiting, so a chatty child cannot block on a full pipe.
    let errData = Mutex2()
    let reader = Thread { errData.set(err.fileHandleForReading.readDataToEndOfFile()) }
    reader.start()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let deadline = Date().addingTimeInterval(10)
    while errData.get() == nil && Date() < deadline { usleep(10_000) }
    return Run(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData.get() ?? Data(), as: UTF8.self))
  }

  /// A lock-protected Data slot for the stderr reader thread.
  final class Mutex2: @unchecked Sendable {
    private let lock = NSLock()
    private var data: Data?
    func set(_ d: Data) { lock.withLock { data = d } }
    func get() -> Data? { lock.withLock { data } }
  }

  func environment(_ moto: MotoServer) -> [String: String] {
    moto.environment(accessKey: Self.accessKey, secret: Self.secretKey).merging(["AWS_SESSION_TOKEN": Self.sessionToken]) {
      $1
    }
  }

  @Test func whoamiPrintsIdentityRegionEndpointAndChainLink() throws {
    let moto = try MotoServer.shared()
    let run = try Self.rootmail(["whoami", "--output", "json"], environment: environment(moto))
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
    let text = try Self.rootmail(["whoami", "--output", "text"], environment: environment(moto))
    #expect(text.stdout.split(separator: "\t").count == 10)
  }

  @Test func noSecretInAnyOutputEvenWithDebug() throws {
    let moto = try MotoServer.shared()
    for args in [["whoami", "--debug"], ["whoami", "--debug", "-o", "json"], ["whoami", "--debug", "--region", "eu-west-1"]] {
      let run = try Self.rootmail(args, environment: environment(moto))
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
    let run = try Self.rootmail(
      ["whoami"],
      environment: ["AWS_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true", "AWS_ENDPOINT_URL": "http://127.0.0.1:9"])
    #expect(run.status == 78, "\(run.stderr)")
    #expect(run.stderr.contains("rootmail: error: ") && run.stderr.contains("hint: "))
    // Nothing listens there: exit 69 after the retries.
    var env = environment(try MotoServer.shared())
    env["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9"
    env["AWS_MAX_ATTEMPTS"] = "2"
    let down = try Self.rootmail(["whoami"], environment: env)
    #expect(down.status == 69, "\(down.stderr)")
    #expect(down.stderr.contains("after 2 attempts"))
  }

  @Test func foundationNetworkingLoadsOnlyForAWSCommands() throws {
    let moto = try MotoServer.shared()
    var env = environment(moto)
    env["LD_DEBUG"] = "libs"
    let show = try Self.rootmail(["config", "show"], environment: env)
    #expect(show.status == 0)
    #expect(show.stderr.contains("libRootmailKit.so"), "LD_DEBUG output is there")
    #expect(!show.stderr.contains("libFoundationNetworking"))
    #expect(!show.stderr.contains("libRootmailHTTP"))
    let version = try Self.rootmail(["--version"], environment: env)
    #expect(!version.stderr.contains("libFoundationNetworking"))
    let whoami = try Self.rootmail(["whoami"], environment: env)
    #expect(whoami.status == 0)
    // The transport companion is loaded through its checked descriptor (FileTrust).
    #expect(whoami.stderr.contains("calling init: /proc/self/fd/"))
    #expect(whoami.stderr.contains("libFoundationNetworking"))
  }
}
