import Foundation
@_spi(RootmailHost) import RootmailKit
import Testing

/// credential_process with real scripts, and the chain's order, caching and errors.
@Suite struct CredentialChainTests {
  static func creds(_ id: String, expires: Date? = nil, source: String = "test") -> AWSCredentials {
    AWSCredentials(accessKeyID: id, secretAccessKey: "secret-\(id)", expiration: expires, source: source)
  }

  @Test func credentialProcessRunsARealScript() async throws {
    let folder = try TempFolder()
    let script = try folder.write(
      "bin/creds script.sh",
      """
      #!/bin/sh
      [ "$1" = "--role" ] && [ "$2" = "a b" ] || { echo "bad args: $*" >&2; exit 3; }
      cat <<JSON
      {"Version": 1, "AccessKeyId": "ASIAPROCESS", "SecretAccessKey": "process-secret",
       "SessionToken": "process-token", "Expiration": "2030-01-02T03:04:05Z"}
      JSON
      """, executable: true)
    let command = "'\(script)' --role \"a b\""
    let provider = CredentialProcessProvider(command: command, profileName: "p")
    let creds = try #require(try await provider.credentials())
    #expect(creds.accessKeyID == "ASIAPROCESS" && creds.secretAccessKey == "process-secret")
    #expect(creds.sessionToken == "process-token" && creds.source == "credential-process")
    #expect(creds.expiration == Timestamp.parse("2030-01-02T03:04:05Z"))
  }

  @Test func credentialProcessFailuresAreClear() async throws {
    let folder = try TempFolder()
    let failing = try folder.write("fail.sh", "#!/bin/sh\necho 'token expired, log in again' >&2\nexit 2\n", executable: true)
    await #expect(
      throws: CredentialError(
        source: "credential-process",
        "credential_process of profile p failed: it exited with status 2: token expired, log in again",
        hint: "run the command by hand; it must print version 1 credentials JSON on stdout")
    ) {
      try await CredentialProcessProvider(command: failing, profileName: "p").credentials()
    }
    let wrongVersion = try folder.write(
      "v2.sh", "#!/bin/sh\necho '{\"Version\": 2, \"AccessKeyId\": \"a\", \"SecretAccessKey\": \"b\"}'\n", executable: true)
    await #expect(throws: CredentialError.self) {
      try await CredentialProcessProvider(command: wrongVersion, profileName: "p").credentials()
    }
    let notJSON = try folder.write("junk.sh", "#!/bin/sh\necho hello\n", executable: true)
    await #expect(throws: CredentialError.self) {
      try await CredentialProcessProvider(command: notJSON, profileName: "p").credentials()
    }
    await #expect(throws: CredentialError.self) {
      try await CredentialProcessProvider(command: folder.path + "/missing", profileName: "p").credentials()
    }
    // Ten minutes unless the 0.3 s timeout stops it; minutes of margin for a busy machine (the
    // message alone tells a timeout from a program that ended).
    let slow = try folder.write("slow.sh", "#!/bin/sh\nexec sleep 600\n", executable: true)
    let started = Date()
    await #expect(
      throws: CredentialError(
        source: "credential-process", "credential_process of profile p failed: it did not finish within 0 s",
        hint: "run the command by hand; it must print version 1 credentials JSON on stdout")
    ) {
      try await CredentialProcessProvider(command: slow, profileName: "p", timeoutSeconds: 0.3).credentials()
    }
    let took = Date().timeIntervalSince(started)
    #expect(took < 0.3 + 120, "\(took) s")
  }

  /// A credential_process that is a shell script whose child never ends: the timeout kills the
  /// child too (the whole process group), not only the shell.
  @Test func timedOutCredentialProcessLeavesNoChildBehind() throws {
    let folder = try TempFolder()
    let pidFile = folder.path + "/child.pid"
    let script = try folder.write(
      "hang.sh", "#!/bin/sh\nsleep 600 &\necho $! > '\(pidFile)'\nwait\n", executable: true)
    let result = try ChildProcess.run([script], timeoutSeconds: 0.5)
    #expect(result.timedOut)
    let child = try #require(
      Int32(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
    // The grandchild was killed (kill(pid, 0) fails once it is gone and reaped by init). A
    // minute for a busy machine to get there, far below the 600 s it would live unkilled.
    var gone = false
    for _ in 0..<3_000 where !gone {
      gone =
        kill(child, 0) != 0 || (try? String(contentsOfFile: "/proc/\(child)/stat", encoding: .utf8))?.contains(") Z ") == true
      if !gone { usleep(20_000) }
    }
    #expect(gone, "sleep \(child) is still running")
    if !gone { kill(child, SIGKILL) }
  }

  /// The chain registers the secrets it hands out, so that logs never show them; the signer
  /// itself registers nothing (it depends on nothing in Output/).
  @Test func chainRegistersTheSecretsItHandsOut() async throws {
    let secret = "chain-secret-\(UUID().uuidString)"
    let token = "chain-token-\(UUID().uuidString)"
    let provider = CountingProvider { _ in
      AWSCredentials(accessKeyID: "AKIDCHAIN", secretAccessKey: secret, sessionToken: token, source: "test")
    }
    #expect(Redactor.shared.redact("s=\(secret)") == "s=\(secret)")
    _ = try await AWSCredentialChain([.init("p", provider)]).credentials()
    #expect(Redactor.shared.redact("s=\(secret) t=\(token)") == "s=[REDACTED] t=[REDACTED]")
  }

  @Test func shellWordsSplitAsShlex() throws {
    #expect(try ShellWords.split(#"a 'b c' "d \"e\" \$f \x" g\ h"#) == ["a", "b c", #"d "e" $f \x"#, "g h"])
    #expect(try ShellWords.split("  ") == [])
    #expect(throws: CredentialError.self) { try ShellWords.split("'open") }
  }

  @Test func childProcessFeedsStdinAndReadsLargeOutput() throws {
    let input = Array(String(repeating: "0123456789abcdef\n", count: 20_000).utf8)  // 340 KB, beyond a pipe buffer
    let result = try ChildProcess.run(["cat"], input: input)
    #expect(result.status == 0 && result.stdout == input && !result.timedOut)
  }

  @Test func chainAsksInOrderAndRemembersWhoAnswered() async throws {
    let none = CountingProvider { _ in nil }
    let second = CountingProvider { _ in Self.creds("SECOND") }
    let third = CountingProvider { _ in Self.creds("THIRD") }
    let chain = AWSCredentialChain([.init("none", none), .init("second", second), .init("third", third)])
    #expect(try await chain.credentials()?.accessKeyID == "SECOND")
    #expect(await chain.answeredBy == "second")
    #expect(try await chain.credentials()?.accessKeyID == "SECOND")
    #expect(none.callCount == 1 && second.callCount == 1 && third.callCount == 0)  // cached, no expiration
  }

  @Test func chainRefreshesFiveMinutesBeforeExpiration() async throws {
    let clock = TestClock(Date(timeIntervalSince1970: 1_000_000))
    let start = clock.now
    let first = CountingProvider { _ in nil }
    let expiring = CountingProvider { n in Self.creds("GEN\(n)", expires: start.addingTimeInterval(3600 * Double(n))) }
    let chain = AWSCredentialChain([.init("first", first), .init("expiring", expiring)], now: { clock.now })
    #expect(try await chain.credentials()?.accessKeyID == "GEN1")
    clock.advance(3600 - 301)
    #expect(try await chain.credentials()?.accessKeyID == "GEN1")  // 5 min 1 s left: still cached
    clock.advance(2)
    #expect(try await chain.credentials()?.accessKeyID == "GEN2")  // 4 min 59 s left: refreshed
    #expect(first.callCount == 1)  // the provider that answered was asked first
    await chain.invalidate()
    #expect(try await chain.credentials()?.accessKeyID == "GEN3")
  }

  @Test func aThrowingLinkStopsTheChainAndNoneIsAConfigurationError() async throws {
    struct Broken: Error {}
    let broken = AWSCredentialChain([
      .init("broken", CountingProvider { _ in throw Broken() }), .init("good", CountingProvider { _ in Self.creds("GOOD") }),
    ])
    await #expect(throws: Broken.self) { try await broken.credentials() }
    let empty = AWSCredentialChain([.init("a", CountingProvider { _ in nil }), .init("b", CountingProvider { _ in nil })])
    await #expect(
      throws: CredentialError(
        source: "chain", "no AWS credentials found (tried: a, b)",
        hint: "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, run `aws configure`, or choose a profile with --profile")
    ) {
      try await empty.credentials()
    }
  }

  @Test func standardChainOrderWithRealFiles() async throws {
    let folder = try TempFolder()
    let script = try folder.write(
      "proc.sh", "#!/bin/sh\necho '{\"Version\":1,\"AccessKeyId\":\"ASIAPROC\",\"SecretAccessKey\":\"proc-secret\"}'\n",
      executable: true)
    try folder.write(".aws/credentials", "[default]\naws_access_key_id = AKIAFILE\naws_secret_access_key = file-secret\n")
    try folder.write(
      ".aws/config",
      "[profile proc]\ncredential_process = \(script)\n[profile cfg]\naws_access_key_id = AKIACFG\naws_secret_access_key = cfg-secret\n"
    )
    let env = ["HOME": folder.path, "AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "env-secret"]
    let files = try SharedConfigFiles.load(environment: env)
    func first(_ selection: ProfileSelection, _ environment: [String: String]) async throws -> AWSCredentials? {
      try await AWSCredentialChain.standard(environment: environment, files: files, profile: selection).credentials()
    }
    let byDefault = ProfileSelection.resolve(flag: nil, environment: [:], configured: nil)
    #expect(try await first(byDefault, env)?.source == "environment")
    #expect(try await first(byDefault, ["HOME": folder.path])?.source == "shared-credentials-file")
    // --profile skips the environment, as the AWS CLI does; AWS_PROFILE does not.
    #expect(try await first(.init(name: "proc", source: "--profile"), env)?.accessKeyID == "ASIAPROC")
    #expect(try await first(.init(name: "proc", source: "AWS_PROFILE"), env)?.accessKeyID == "AKIAENV")
    #expect(try await first(.init(name: "cfg", source: "--profile"), env)?.source == "config-file")
    #expect(throws: CLIError.self) {
      try AWSCredentialChain.standard(environment: env, files: files, profile: .init(name: "nope", source: "--profile"))
    }
    let chain = try AWSCredentialChain.standard(
      environment: [:], files: files, profile: .init(name: "cfg", source: "--profile"),
      profileLinks: [.init("assume-role", CountingProvider { _ in nil })],
      fallbackLinks: [.init("instance-metadata", CountingProvider { _ in nil })])
    #expect(
      chain.links.map(\.name) == [
        "assume-role", "shared-credentials-file", "credential-process", "config-file", "instance-metadata",
      ])
  }

  @Test func environmentProvider() async throws {
    let full = try await EnvironmentCredentialProvider(environment: [
      "AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "env-secret", "AWS_SESSION_TOKEN": "env-token",
      "AWS_CREDENTIAL_EXPIRATION": "2030-01-01T00:00:00Z",
    ]).credentials()
    #expect(full?.sessionToken == "env-token" && full?.expiration == Timestamp.parse("2030-01-01T00:00:00Z"))
    #expect(try await EnvironmentCredentialProvider(environment: [:]).credentials() == nil)
    await #expect(throws: CredentialError.self) {
      try await EnvironmentCredentialProvider(environment: ["AWS_ACCESS_KEY_ID": "AKIAENV"]).credentials()
    }
  }
}
