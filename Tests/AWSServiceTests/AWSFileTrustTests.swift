import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// AWS's files under the rule for rootmail's own config file, attacked by `nobody` (uid 65534):
/// `config` and `credentials` (a `credential_process` runs a program as root, an `endpoint_url`
/// sends root's signed requests elsewhere), the SSO token cache, the CA bundle, and the
/// `credential_process` program itself, checked as an `exec:` receiver's is. Each refusal is
/// exit 78 naming the file and the fix, and nothing of the attacker's runs or is sent.
@Suite struct AWSFileTrustTests {
  static let nobody: uid_t = 65534
  static let key = "AKIDFILETRUST0000001"
  static let secret = "file-trust-secret-key-0001"

  /// A private home whose `aws/config` (mode `mode`) holds `config`, plus an attacker's folder
  /// (owned by nobody) with `evil.sh`, which creates `marker` and prints credentials.
  struct Scene {
    let cli: RootmailCLI
    let configPath: String
    let attacker: String
    let evil: String
    let marker: String
    var markerExists: Bool { FileManager.default.fileExists(atPath: marker) }
  }

  func scene(config: (_ evil: String) -> String, mode: Int = 0o600) throws -> Scene {
    let cli = try RootmailCLI()
    let attacker = try cli.home.makeFolder("att", mode: 0o755)
    let marker = cli.home.path + "/marker"
    let evil = try cli.home.write("att/evil.sh", Self.printCredentials(touching: marker), mode: 0o755)
    #expect(chown(attacker, Self.nobody, Self.nobody) == 0 && chown(evil, Self.nobody, Self.nobody) == 0)
    let configPath = try cli.write(config(evil), to: "aws/config", mode: mode)
    return Scene(cli: cli, configPath: configPath, attacker: attacker, evil: evil, marker: marker)
  }

  /// A credential_process script that prints working credentials (after creating `marker`).
  static func printCredentials(touching marker: String? = nil) -> String {
    "#!/bin/sh\n" + (marker.map { "touch '\($0)'\n" } ?? "")
      + "printf '{\"Version\": 1, \"AccessKeyId\": \"\(key)\", \"SecretAccessKey\": \"\(secret)\"}'\n"
  }

  /// moto's endpoint, no keys in the environment.
  func motoOnly(_ moto: MotoServer) -> [String: String] { ["AWS_ENDPOINT_URL": moto.url, "AWS_REGION": "us-east-1"] }

  @Test func aConfigOthersCanWriteRunsNoCredentialProcess() throws {
    let moto = try MotoServer.shared()
    let scene = try scene(config: { "[default]\ncredential_process = \($0)\n" }, mode: 0o666)
    let path = scene.configPath
    let run = try scene.cli.run(["whoami"], extraEnvironment: motoOnly(moto))
    #expect(run.status == 78, "\(run.stderr)")
    #expect(
      run.stderr.hasPrefix(
        "rootmail: error: the AWS config file \(path) is writable by group or others (chmod go-w \(path)); "
          + "rootmail will not use it\n"), "\(run.stderr)")
    #expect(!scene.markerExists, "the attacker's credential_process ran as root")
    #expect(run.stdout.isEmpty)
  }

  @Test(arguments: ["AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"])
  func aSharedFileOwnedBySomeoneElseIsRefused(variable: String) throws {
    let moto = try MotoServer.shared()
    let scene = try scene(config: { _ in "" })
    // The file the variable names, written and owned by nobody.
    let path = try scene.cli.home.write("theirs", "[default]\ncredential_process = \(scene.evil)\n", mode: 0o644)
    #expect(chown(path, Self.nobody, Self.nobody) == 0)
    let run = try scene.cli.run(["whoami"], extraEnvironment: motoOnly(moto).merging([variable: path]) { $1 })
    #expect(run.status == 78, "\(run.stderr)")
    let what = variable == "AWS_CONFIG_FILE" ? "AWS config file" : "AWS credentials file"
    #expect(
      run.stderr.contains(
        "the \(what) \(path) is owned by uid 65534, not by you (uid 0) or root (chown 0 \(path)); rootmail will not use it"),
      "\(run.stderr)")
    #expect(run.stderr.contains("hint: "))
    #expect(!scene.markerExists, "the attacker's credential_process ran as root")
  }

  @Test func aForeignEndpointURLGetsNoSignedRequest() throws {
    let listener = try Listener()
    let scene = try scene(config: { _ in "" })
    let config = try scene.cli.home.write(
      "their-config", "[default]\nendpoint_url = http://127.0.0.1:\(listener.port)\ncli_read_timeout = 2\n", mode: 0o644)
    #expect(chown(config, Self.nobody, Self.nobody) == 0)
    let run = try scene.cli.run(
      ["whoami"],
      extraEnvironment: [
        "AWS_CONFIG_FILE": config, "AWS_ACCESS_KEY_ID": Self.key, "AWS_SECRET_ACCESS_KEY": Self.secret,
        "AWS_REGION": "us-east-1", "AWS_MAX_ATTEMPTS": "1",
      ])
    #expect(run.status == 78, "\(run.stderr)")
    #expect(run.stderr.contains("the AWS config file \(config) is owned by uid 65534"), "\(run.stderr)")
    #expect(!listener.wasConnected, "root's signed request went to the attacker's endpoint")
  }

  @Test func credentialsOthersCanReadAreWarnedAboutAndStillUsed() throws {
    let moto = try MotoServer.shared()
    let cli = try RootmailCLI()
    let credentials = try cli.write(
      "[default]\naws_access_key_id = \(Self.key)\naws_secret_access_key = \(Self.secret)\n", to: "aws/credentials",
      mode: 0o644)
    let run = try cli.run(["whoami", "-o", "json"], extraEnvironment: motoOnly(moto))
    #expect(run.status == 0, "\(run.stderr)")
    #expect(
      run.stderr.contains(
        "rootmail: warning: \(credentials) is readable by group or others, who can take the keys in it (chmod 600 \(credentials))"
      ), "\(run.stderr)")
    #expect((try? JSONValue.parse(run.stdout))?["credentials"]?.stringValue == "shared-credentials-file")
  }

  @Test func aCredentialProcessInAFolderOfSomeoneElseIsRefused() throws {
    let moto = try MotoServer.shared()
    let scene = try scene(config: { "[default]\ncredential_process = \($0) --role admin\n" })
    // Even a file of root's: nobody's folder lets them swap it.
    #expect(chown(scene.evil, 0, 0) == 0)
    let run = try scene.cli.run(["whoami"], extraEnvironment: motoOnly(moto))
    #expect(run.status == 78, "\(run.stderr)")
    #expect(
      run.stderr.contains(
        "rootmail: error: credential_process of profile default (in \(scene.configPath)): program \(scene.evil): "
          + "its folder \(scene.attacker) is owned by uid 65534"), "\(run.stderr)")
    #expect(run.stderr.contains("hint: "))
    #expect(!scene.markerExists, "the credential_process in nobody's folder ran")
  }

  @Test func aCredentialProcessByBareNameIsFoundOnPATHOnceAndChecked() throws {
    let moto = try MotoServer.shared()
    let scene = try scene(config: { _ in "[default]\ncredential_process = rootmail-test-creds\n" })
    let bin = try scene.cli.home.makeFolder("bin", mode: 0o755)
    try scene.cli.home.write("bin/rootmail-test-creds", Self.printCredentials(), mode: 0o755)
    let systemPath = "/usr/local/bin:/usr/bin:/bin"
    // Found in PATH's folders (an empty and a missing one skipped), checked, run.
    let works = try scene.cli.run(
      ["whoami", "-o", "json"], extraEnvironment: motoOnly(moto).merging(["PATH": ":/nonexistent:\(bin):\(systemPath)"]) { $1 })
    #expect(works.status == 0, "\(works.stderr)")
    #expect((try? JSONValue.parse(works.stdout))?["credentials"]?.stringValue == "credential-process")
    // nobody's folder first on PATH holds the same name: refused, not skipped for the next one.
    try scene.cli.home.write("att/rootmail-test-creds", Self.printCredentials(touching: scene.marker), mode: 0o755)
    let theirs = try scene.cli.run(
      ["whoami"], extraEnvironment: motoOnly(moto).merging(["PATH": "\(scene.attacker):\(bin):\(systemPath)"]) { $1 })
    #expect(theirs.status == 78, "\(theirs.stderr)")
    #expect(theirs.stderr.contains("its folder \(scene.attacker) is owned by uid 65534"), "\(theirs.stderr)")
    #expect(!scene.markerExists)
    // A relative PATH entry (it means whatever folder root is in) is never searched: here one
    // that leads from the current folder to nobody's.
    let up = String(repeating: "../", count: FileManager.default.currentDirectoryPath.split(separator: "/").count)
    let relative = up + scene.attacker.dropFirst()
    #expect(FileManager.default.fileExists(atPath: relative + "/rootmail-test-creds"))
    let fromHere = try scene.cli.run(["whoami"], extraEnvironment: motoOnly(moto).merging(["PATH": relative]) { $1 })
    #expect(fromHere.status == 78, "\(fromHere.stderr)")
    #expect(fromHere.stderr.contains("the program rootmail-test-creds is not found in any absolute folder of PATH"))
    #expect(!scene.markerExists)
    // A relative path with a slash is refused.
    _ = try scene.cli.write("[default]\ncredential_process = bin/rootmail-test-creds\n", to: "aws/config")
    let slash = try scene.cli.run(["whoami"], extraEnvironment: motoOnly(moto))
    #expect(slash.status == 78, "\(slash.stderr)")
    #expect(slash.stderr.contains("the program bin/rootmail-test-creds is a relative path"), "\(slash.stderr)")
  }

  @Test func anSSOTokenCacheOfSomeoneElseIsRefused() throws {
    let listener = try Listener()
    let cli = try RootmailCLI()
    try cli.write(
      """
      [profile sso]
      sso_session = corp
      sso_account_id = 111122223333
      sso_role_name = Admin
      [sso-session corp]
      sso_start_url = https://corp.example/start
      sso_region = us-east-1

      """, to: "aws/config")
    let cacheFile = SSOCredentialProvider(
      cacheKey: "corp", accountID: "111122223333", roleName: "Admin", ssoRegion: "us-east-1",
      cacheFolder: cli.home.path + "/.aws/sso/cache", context: CredentialContext(environment: [:])
    ).cacheFile
    try cli.home.write(
      ".aws/sso/cache/" + (cacheFile as NSString).lastPathComponent,
      #"{"accessToken": "token-of-the-attacker", "expiresAt": "2099-01-01T00:00:00Z"}"#, mode: 0o600)
    #expect(chown(cacheFile, Self.nobody, Self.nobody) == 0)
    let run = try cli.run(
      ["whoami"],
      extraEnvironment: [
        "AWS_PROFILE": "sso", "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": "http://127.0.0.1:\(listener.port)",
      ])
    #expect(run.status == 78, "\(run.stderr)")
    #expect(
      run.stderr.contains("the SSO token cache file \(cacheFile) is owned by uid 65534, not by you (uid 0) or root"),
      "\(run.stderr)")
    #expect(!listener.wasConnected, "the attacker's token was sent to the SSO portal")
  }

  @Test func aCABundleOthersCanChangeIsRefused() throws {
    let cli = try RootmailCLI()
    let bundle = try cli.home.write("ca.pem", "-----BEGIN CERTIFICATE-----\n", mode: 0o666)
    let keys = [
      "AWS_ACCESS_KEY_ID": Self.key, "AWS_SECRET_ACCESS_KEY": Self.secret, "AWS_REGION": "us-east-1",
      "AWS_ENDPOINT_URL": "http://127.0.0.1:9", "AWS_MAX_ATTEMPTS": "1",
    ]
    let run = try cli.run(["whoami"], extraEnvironment: keys.merging(["AWS_CA_BUNDLE": bundle]) { $1 })
    #expect(run.status == 78, "\(run.stderr)")
    #expect(
      run.stderr.contains(
        "the CA bundle \(bundle) is writable by group or others (chmod go-w \(bundle)) (from AWS_CA_BUNDLE); "
          + "rootmail will not use it"), "\(run.stderr)")
    // The profile's ca_bundle, owned by nobody.
    chmod(bundle, 0o644)
    #expect(chown(bundle, Self.nobody, Self.nobody) == 0)
    try cli.write("[default]\nca_bundle = \(bundle)\n", to: "aws/config")
    let profiled = try cli.run(["whoami"], extraEnvironment: keys)
    #expect(profiled.status == 78, "\(profiled.stderr)")
    #expect(
      profiled.stderr.contains("the CA bundle \(bundle) is owned by uid 65534")
        && profiled.stderr.contains("(from profile default)"),
      "\(profiled.stderr)")
  }
}

/// A TCP socket listening on 127.0.0.1 that accepts nothing: whether anything connected to it.
final class Listener {
  let fd: Int32
  let port: Int

  init() throws {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(fd, $0, length) == 0 && listen(fd, 16) == 0 && getsockname(fd, $0, &length) == 0
      }
    }
    guard fd >= 0, bound else { throw CLIError("cannot listen on 127.0.0.1: errno \(errno)") }
    self.fd = fd
    port = Int(UInt16(bigEndian: address.sin_port))
  }

  deinit { close(fd) }

  /// Whether a connection is waiting to be accepted (one is, once anything has connected).
  var wasConnected: Bool {
    _ = fcntl(fd, F_SETFL, O_NONBLOCK)
    let connection = accept(fd, nil, nil)
    guard connection >= 0 else { return false }
    close(connection)
    return true
  }
}
