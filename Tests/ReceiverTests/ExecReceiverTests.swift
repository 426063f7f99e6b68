import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailPluginMail
@_spi(RootmailHost) import RootmailTestSupport
import Testing

@_spi(RootmailHost) @testable import RootmailMIME
@_spi(RootmailHost) @testable import RootmailPluginReceivers

/// The `exec:` receiver, called directly with mails parsed from the fixtures: what each exit
/// means, the timeout, programs that ignore their input, the environment it builds, and the
/// programs it refuses to run.
@Suite struct ExecReceiverTests {
  let folder: TemporaryFolder

  init() throws { folder = try TemporaryFolder(prefix: "rootmail-exec") }

  /// A receiver context with `exec_timeout` and the trusted mail domains set, and an
  /// environment holding what must not reach the program.
  static func context(timeout: Int = 20, environment: [String: String]? = nil) -> ReceiverContext {
    var config = Config(resolved: [:], filePath: nil)
    config.override(.execTimeout, with: .integer(timeout), flag: "test")
    config.override(.trustedMailDomains, with: .list(["amazon.com", "amazonaws.com", "aws"]), flag: "test")
    let env =
      environment ?? [
        "PATH": "/usr/bin:/bin", "HOME": "/root", "LANG": "C.UTF-8", "AWS_ACCESS_KEY_ID": "AKIAEXAMPLE",
        "AWS_SECRET_ACCESS_KEY": "secret", "AWS_SESSION_TOKEN": "token", "AWS_PROFILE": "prod",
        "ROOTMAIL_STORE": "dynamodb:t", "SECRET_OF_THE_HOST": "x",
      ]
    return ReceiverContext(command: CommandContext(config: config, environment: env))
  }

  /// A fixture mail from Tests/Fixtures/mail.
  static func fixture(_ name: String) throws -> [UInt8] {
    Array(try Data(contentsOf: URL(fileURLWithPath: RootmailCLI.fixturesFolder + "/mail/" + name)))
  }

  /// The mail as `mail fetch` hands it over.
  static func received(_ raw: [UInt8], mapping: MappingRecord? = nil) -> ReceivedMail {
    let parsed = MimeParser.parse(raw)
    let entry = MailIndexEntry(
      id: "3f2a9c1d0e7b", key: "RootMail/0123abcd", size: raw.count, eTag: "etag", receivedAt: 1_700_000_000,
      date: parsed.date, messageID: parsed.messageID, from: parsed.from, fromAddress: parsed.fromAddress,
      recipients: parsed.recipients, subject: parsed.subject,
      mailClass: MailClass.classify(subject: parsed.subject, filteredSubjects: []).rawValue, verdicts: parsed.verdicts,
      fetchedAt: 1_700_000_001)
    return ReceivedMail(entry: entry, raw: raw, parsed: parsed, mapping: mapping)
  }

  /// A shell script in the test folder (mode 0755), for `exec:<path> …`.
  func script(_ name: String, _ body: String) throws -> String {
    try folder.write(name, "#!/bin/sh\n" + body + "\n", mode: 0o755)
  }

  func receiver(_ argument: String, context: ReceiverContext = context()) throws -> ExecReceiver {
    try ExecReceiver(spec: ReceiverSpec(name: "exec", argument: argument), context: context)
  }

  func run(_ argument: String, mail: ReceivedMail, context: ReceiverContext = context()) async throws -> ReceiverOutcome {
    try await receiver(argument, context: context).receive(mail, context: context)
  }

  @Test func exitZeroIsDoneAndTheProgramGetsTheRawMail() async throws {
    let copy = folder.path + "/copy.eml"
    let program = try script("store", "cat > '\(copy)'\necho 'first line'\necho \"stored $ROOTMAIL_MAIL_ID\"")
    let raw = try Self.fixture("password-reset-mail.eml")
    let outcome = try await run(program, mail: Self.received(raw))
    #expect(outcome == .done("stored 3f2a9c1d0e7b"))
    #expect(Array(try Data(contentsOf: URL(fileURLWithPath: copy))) == raw)
  }

  @Test func argumentsAreSplitAsAShellWouldWithoutAShell() async throws {
    let program = try script("args", #"printf '%s|' "$@""#)
    let outcome = try await run(
      program + #" 'a b' "c \"d\"" e\ f '$(touch /tmp/rootmail-exec-pwned)'"#,
      mail: Self.received(try Self.fixture("custom-mail.eml")))
    #expect(outcome == .done(#"a b|c "d"|e f|$(touch /tmp/rootmail-exec-pwned)|"#))
    #expect(!FileManager.default.fileExists(atPath: "/tmp/rootmail-exec-pwned"))
  }

  @Test func exit75IsARetryWithTheLastStderrLine() async throws {
    let program = try script("busy", "echo 'warming up' >&2\necho 'queue full, later' >&2\nexit 75")
    let outcome = try await run(program, mail: Self.received(try Self.fixture("custom-mail.eml")))
    #expect(outcome == .failed("busy asked to be run again later (exit 75): queue full, later", retryable: true))
  }

  @Test func otherExitsAndSignalsFailForGood() async throws {
    let mail = Self.received(try Self.fixture("custom-mail.eml"))
    let failing = try script("failing", "echo 'no such team' >&2\nexit 3")
    #expect(try await run(failing, mail: mail) == .failed("failing exited with status 3: no such team", retryable: false))
    let killed = try script("killed", "kill -9 $$")
    #expect(try await run(killed, mail: mail) == .failed("killed was killed by signal 9", retryable: false))
  }

  /// The stderr line that becomes the reason is a stranger's text too (the program may echo
  /// the subject): escaped and cut.
  @Test func theReasonIsEscapedAndCut() async throws {
    let program = try script("noisy", #"printf 'bad \033]0;title\007 %s\n' "$(head -c 2000 /dev/zero | tr '\0' x)" >&2; exit 1"#)
    let outcome = try await run(program, mail: Self.received(try Self.fixture("custom-mail.eml")))
    guard case .failed(let why, retryable: false) = outcome else {
      Issue.record("\(outcome)")
      return
    }
    #expect(why.hasPrefix(#"noisy exited with status 1: bad \u{1b}]0;title\u{7} xxx"#))
    #expect(!why.contains("\u{1b}") && why.count < 400)
  }

  @Test func aTimeoutStopsTheProgramAndWhatItStartedAndIsRetryable() async throws {
    let pidFile = folder.path + "/child.pid"
    let program = try script("slow", "sleep 600 &\necho $! > '\(pidFile)'\nwait")
    let outcome = try await run(
      program, mail: Self.received(try Self.fixture("custom-mail.eml")), context: Self.context(timeout: 1))
    #expect(outcome == .failed("slow did not finish within 1 s and was stopped", retryable: true))
    let child = try #require(
      Int32(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
    #expect(Self.gone(child))
  }

  /// A program that ignores SIGTERM (and whose child does too) is killed after the grace period.
  @Test func aProgramIgnoringSIGTERMIsKilled() async throws {
    let pidFile = folder.path + "/child.pid"
    let program = try script("stubborn", "trap '' TERM\nsleep 600 &\necho $! > '\(pidFile)'\nwait\nwait")
    let started = Date()
    let outcome = try await run(
      program, mail: Self.received(try Self.fixture("custom-mail.eml")), context: Self.context(timeout: 1))
    #expect(outcome == .failed("stubborn did not finish within 1 s and was stopped", retryable: true))
    #expect(Date().timeIntervalSince(started) >= 1 + ExecReceiver.killGraceSeconds)
    let child = try #require(
      Int32(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
    #expect(Self.gone(child))
  }

  /// The timings behind the two tests above, measured around the blocking `ChildProcess.run`
  /// the receiver uses (an `await` would add however long the busy test process takes to
  /// resume the task): SIGTERM at the deadline ends a program that heeds it at once; one that
  /// ignores it gets SIGKILL when the grace period is over. The upper bounds leave minutes for
  /// a busy machine: the heeding program gets a 300 s grace it must not wait for, and the
  /// ignoring one would run for ten minutes without its SIGKILL.
  @Test func sigtermAtTheDeadlineThenSigkillAfterTheGrace() throws {
    let heeds = try script("heeds", "sleep 600 &\nwait")
    var started = Date()
    var result = try ChildProcess.run([heeds], timeoutSeconds: 1, killGraceSeconds: 300)
    #expect(result.timedOut && result.signal == SIGTERM)
    let heeded = Date().timeIntervalSince(started)
    #expect(heeded < 1 + 120, "\(heeded) s: the 300 s grace was waited for")
    let ignores = try script("ignores", "trap '' TERM\nsleep 600 &\nwait\nwait")
    started = Date()
    result = try ChildProcess.run([ignores], timeoutSeconds: 1, killGraceSeconds: ExecReceiver.killGraceSeconds)
    #expect(result.timedOut && result.signal == SIGKILL)
    let took = Date().timeIntervalSince(started)
    #expect(took >= 1 + ExecReceiver.killGraceSeconds && took < 1 + ExecReceiver.killGraceSeconds + 120, "\(took)")
  }

  /// Whether a process is gone (or a zombie waiting for init) within a minute: generous for a
  /// busy machine, and far below the 600 s the children the tests above start would live unkilled.
  static func gone(_ pid: Int32) -> Bool {
    for _ in 0..<6_000 {
      if kill(pid, 0) != 0 { return true }
      if (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8))?.contains(") Z ") == true { return true }
      usleep(10_000)
    }
    return false
  }

  /// A 6 MB mail to programs that read none of it: one that exits at once, and one that writes
  /// megabytes to stdout first (a full stdout pipe while stdin is full too must not deadlock).
  @Test func programsThatReadNothingOfALargeMail() async throws {
    var raw = try Self.fixture("custom-mail.eml")
    let line = Array(String(repeating: "x", count: 999).utf8) + [10]
    for _ in 0..<6_000 { raw += line }
    let mail = Self.received(raw)
    let quiet = try script("quiet", "exit 0")
    #expect(try await run(quiet, mail: mail) == .done("quiet exited 0"))
    let chatty = try script("chatty", "head -c 5000000 /dev/zero\necho\necho 'chatted'")
    #expect(try await run(chatty, mail: mail) == .done("chatted"))
    let partial = try script("partial", "head -c 100 > /dev/null\necho 'read a little'")
    #expect(try await run(partial, mail: mail) == .done("read a little"))
  }

  /// Exactly PATH, HOME, LANG and the documented ROOTMAIL_* facts: nothing else of the host's
  /// environment (no AWS credentials, no rootmail settings).
  @Test func environmentHoldsTheMailsFactsAndNothingElse() async throws {
    let dump = folder.path + "/env.txt"
    let program = try script("dump-env", "env > '\(dump)'")
    var raw = Array(
      ("Authentication-Results: amazonses.com; spf=pass smtp.mailfrom=amazonses.com; dkim=pass header.i=@amazon.com;"
        + " dmarc=pass header.from=amazon.com\r\nX-SES-Spam-Verdict: PASS\r\nX-SES-Virus-Verdict: FAIL\r\n").utf8)
    raw += try Self.fixture("password-reset-mail.eml")
    let mapping = MappingRecord(
      accountEmail: "user@example.com", ownerAddress: "team@example.com", accountName: "sales-app-prod", counter: "007",
      accountType: "Sales")
    _ = try await run(program, mail: Self.received(raw, mapping: mapping))
    let variables = try Self.readEnvironment(dump)
    #expect(
      variables == [
        "PATH": "/usr/bin:/bin", "HOME": "/root", "LANG": "C.UTF-8",
        "ROOTMAIL_MAIL_ID": "3f2a9c1d0e7b", "ROOTMAIL_S3_KEY": "RootMail/0123abcd", "ROOTMAIL_RECEIVED_AT": "1700000000",
        "ROOTMAIL_SIZE": String(raw.count),
        "ROOTMAIL_MESSAGE_ID": "CAD8GCsC2M3=_aRKX4E2hO6pKb1Mxyo1n=J7H9q1UZjzOvGCHnA@mail.gmail.com",
        "ROOTMAIL_FROM": "no-reply-aws@amazon.com", "ROOTMAIL_TO": "user@example.com",
        "ROOTMAIL_SUBJECT": "Amazon Web Services Password Assistance", "ROOTMAIL_CLASS": "password-reset",
        "ROOTMAIL_ATTACHMENTS": "0", "ROOTMAIL_ACCOUNT_EMAIL": "user@example.com",
        "ROOTMAIL_ACCOUNT_NAME": "sales-app-prod-007", "ROOTMAIL_OWNER": "team@example.com",
        "ROOTMAIL_SPAM_VERDICT": "PASS", "ROOTMAIL_VIRUS_VERDICT": "FAIL", "ROOTMAIL_TRUSTED": "true",
      ])
    #expect(!variables.keys.contains { $0.hasPrefix("AWS_") })

    // The same mail without SES's verdicts: not trusted; no mapping: empty account facts.
    _ = try await run(program, mail: Self.received(try Self.fixture("password-reset-mail.eml")))
    let untrusted = try Self.readEnvironment(dump)
    #expect(untrusted["ROOTMAIL_TRUSTED"] == "false")
    #expect(untrusted["ROOTMAIL_OWNER"] == "" && untrusted["ROOTMAIL_ACCOUNT_NAME"] == "")
  }

  /// A descriptor of ours opened without close-on-exec (as some libraries do) never reaches
  /// the program.
  @Test func noDescriptorOfOursLeaksIntoTheProgram() async throws {
    let file = try folder.write("secret", "private\n", mode: 0o600)
    let fd = open(file, O_RDONLY)
    #expect(fd > 2)
    defer { close(fd) }
    let program = try script("fds", "if [ -e /proc/$$/fd/\(fd) ]; then echo leaked; else echo clean; fi")
    #expect(try await run(program, mail: Self.received(try Self.fixture("custom-mail.eml"))) == .done("clean"))
  }

  @Test func withoutPATHInOurEnvironmentTheChildGetsADefaultOne() async throws {
    let dump = folder.path + "/env.txt"
    let program = try script("dump-env", "/usr/bin/env > '\(dump)'")
    let context = Self.context(environment: [:])
    _ = try await run(program, mail: Self.received(try Self.fixture("custom-mail.eml")), context: context)
    let variables = try Self.readEnvironment(dump)
    #expect(variables["PATH"] == "/usr/local/bin:/usr/bin:/bin" && variables["HOME"] == nil)
  }

  /// A subject written to break out of the variable (a newline, an escape sequence, a bidi
  /// override, NUL) arrives escaped on one line; a huge one is cut.
  @Test func hostileSubjectIsEscapedAndCut() async throws {
    let dump = folder.path + "/env.txt"
    let program = try script("dump-env", "env > '\(dump)'")
    let hostile = "hi\u{1b}]0;pwned\u{7}\nROOTMAIL_TRUSTED=true\u{202e}\u{0}end"
    let encoded = Data(hostile.utf8).base64EncodedString()
    let raw = Array(
      "From: x@example.net\r\nTo: root+abc@aws.example.com\r\nSubject: =?UTF-8?B?\(encoded)?=\r\n\r\nbody\r\n".utf8)
    _ = try await run(program, mail: Self.received(raw))
    let variables = try Self.readEnvironment(dump)
    let subject = try #require(variables["ROOTMAIL_SUBJECT"])
    #expect(!subject.unicodeScalars.contains { $0.value < 0x20 || $0 == "\u{202e}" })
    #expect(subject.hasPrefix(#"hi\u{1b}]0;pwned\u{7}\nROOTMAIL_TRUSTED=true\u{202e}"#))
    #expect(variables["ROOTMAIL_TRUSTED"] == "false")

    let long = String(repeating: "é", count: 5_000)
    let longRaw = Array("From: x@example.net\r\nTo: a@example.com\r\nSubject: \(long)\r\n\r\nbody\r\n".utf8)
    _ = try await run(program, mail: Self.received(longRaw))
    let cut = try #require(try Self.readEnvironment(dump)["ROOTMAIL_SUBJECT"])
    #expect(cut.utf8.count <= ExecEnvironment.valueLimit && cut.utf8.count > ExecEnvironment.valueLimit - 2)
    #expect(cut.allSatisfy { $0 == "é" })
  }

  /// `env`'s output as a dictionary (values hold no newline: they are escaped).
  /// `PWD` is left out: the shell running the test script sets it.
  static func readEnvironment(_ path: String) throws -> [String: String] {
    var result: [String: String] = [:]
    for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") {
      guard let eq = line.firstIndex(of: "="), line[..<eq] != "PWD" else { continue }
      result[String(line[..<eq])] = String(line[line.index(after: eq)...])
    }
    return result
  }

  // MARK: What `make` refuses (a configuration error naming the receiver, before any mail)

  func refusal(_ argument: String?) -> CLIError? {
    do {
      _ = try ExecReceiver(spec: ReceiverSpec(name: "exec", argument: argument), context: Self.context())
      return nil
    } catch let error as CLIError {
      return error
    } catch {
      Issue.record("not a CLIError: \(error)")
      return nil
    }
  }

  @Test func refusesProgramsItMustNotRun() throws {
    let good = try script("good", "exit 0")
    #expect(refusal(good + " --flag") == nil)
    let notExecutable = try folder.write("plain", "#!/bin/sh\n", mode: 0o644)
    let groupWritable = try folder.write("shared", "#!/bin/sh\n", mode: 0o775)
    let foreign = try script("foreign", "exit 0")
    #expect(chown(foreign, 4242, 4242) == 0)
    let sharedFolder = try folder.makeFolder("drop", mode: 0o777)
    let inSharedFolder = try folder.write("drop/tool", "#!/bin/sh\n", mode: 0o755)
    let link = folder.path + "/drop/link"
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: good)
    _ = sharedFolder
    let cases: [(String?, String)] = [
      (nil, "no program given"),
      ("good", "absolute path"),
      ("'" + good, "quote"),
      (folder.path + "/missing", "does not exist"),
      (notExecutable, "not executable"),
      (groupWritable, "writable by group or others"),
      (foreign, "owned by uid 4242"),
      (inSharedFolder, "writable by group or others"),
      (link, "writable by group or others"),
      (folder.path, "not a regular file"),
    ]
    for (argument, reason) in cases {
      let error = try #require(refusal(argument), "accepted \(argument ?? "nil")")
      #expect(error.exitStatus == .configuration)
      #expect(error.message.hasPrefix("receiver exec"), "\(error.message)")
      #expect(error.message.contains(reason), "\(argument ?? "nil"): \(error.message)")
    }
  }

  /// Scripts whose `#!` lines name each other are refused with that reason, not after
  /// recursing until the descriptors run out ("Too many open files", a hostile probe).
  @Test func interpretersThatNameEachOtherAreRefused() throws {
    let a = folder.path + "/loop-a"
    let b = folder.path + "/loop-b"
    try folder.write("loop-a", "#!\(b)\n", mode: 0o755)
    try folder.write("loop-b", "#!\(a)\n", mode: 0o755)
    let error = try #require(refusal(a), "accepted a loop")
    #expect(error.exitStatus == .configuration)
    #expect(error.message.contains("more than 4 scripts deep"), "\(error.message)")
    #expect(!error.message.contains("Too many open files"))
  }

  // MARK: A local attacker (hardening round 2): the path as written, and what runs

  /// `exec:/tmp/att/lnk/notify` where `att` belongs to another user and `lnk` points at a
  /// root-owned folder: following the link passed the old check, and the attacker could swap it
  /// before the next mail. A folder or link on the way that someone else owns is refused, and
  /// so is a path that climbs out with `..`.
  @Test func pathsThroughAnotherUsersFolderOrWithDotDotAreRefused() throws {
    chmod(folder.path, 0o755)
    _ = try folder.makeFolder("trusted")
    let notify = try folder.write("trusted/notify", "#!/bin/sh\nexit 0\n", mode: 0o755)
    #expect(refusal(notify) == nil)
    let attacker = try folder.makeFolder("att")
    #expect(chown(attacker, 65534, 65534) == 0)
    try FileManager.default.createSymbolicLink(atPath: attacker + "/lnk", withDestinationPath: folder.path + "/trusted")
    #expect(lchown(attacker + "/lnk", 65534, 65534) == 0)
    let throughLink = try #require(refusal(attacker + "/lnk/notify"), "a path through nobody's folder was accepted")
    #expect(throughLink.message.contains("owned by uid 65534"), "\(throughLink.message)")

    // A link owned by another user in a folder of root's (the sticky /tmp case): refused too.
    let sticky = try folder.makeFolder("sticky", mode: 0o777)
    chmod(sticky, 0o1777)
    try FileManager.default.createSymbolicLink(atPath: sticky + "/lnk", withDestinationPath: folder.path + "/trusted")
    #expect(lchown(sticky + "/lnk", 65534, 65534) == 0)
    #expect(refusal(sticky + "/lnk/notify")?.message.contains("owned by uid 65534") == true)
    // The same link owned by root is followed: no one else can swap it in a sticky folder.
    #expect(lchown(sticky + "/lnk", 0, 0) == 0)
    #expect(refusal(sticky + "/lnk/notify") == nil)

    let climbing = folder.path + "/att/a/b/../../../trusted/notify"
    #expect(refusal(climbing)?.message.contains("'..'") == true)
    #expect(refusal(folder.path + "/./trusted/notify")?.message.contains("'..'") == true)
  }

  /// What was checked is what runs: the program is held open from the check and started
  /// through its descriptor, so a file put in its place afterwards is never run (the old
  /// receiver ran whatever the path named at the time of the mail).
  @Test func theCheckedProgramIsWhatRunsEvenAfterThePathChanges() async throws {
    let marker = folder.path + "/replacement-ran"
    let program = try script("notify", "echo original")
    let receiver = try receiver(program)
    try FileManager.default.moveItem(atPath: program, toPath: folder.path + "/moved-away")
    _ = try script("notify", "touch '\(marker)'; echo replacement")
    let mail = Self.received(try Self.fixture("custom-mail.eml"))
    #expect(await receiver.receive(mail, context: Self.context()) == .done("original"))
    #expect(!FileManager.default.fileExists(atPath: marker))

    // The held program made writable by others since the check: not run, failed for good.
    chmod(folder.path + "/moved-away", 0o777)
    guard case .failed(let why, retryable: false) = await receiver.receive(mail, context: Self.context()) else {
      Issue.record("a program made writable by others still ran")
      return
    }
    #expect(why.contains("writable by group or others"))
  }

  /// An attacker (`nobody`) swapping a link in a folder of theirs between two targets while
  /// root makes and runs receivers through it: their program never runs.
  @Test func aSwapLoopNeverRunsTheAttackersProgram() async throws {
    chmod(folder.path, 0o755)
    let marker = folder.path + "/evil-ran"
    _ = try folder.makeFolder("trusted")
    _ = try folder.write("trusted/notify", "#!/bin/sh\nexit 0\n", mode: 0o755)
    let attacker = try folder.makeFolder("att", mode: 0o777)
    _ = try folder.makeFolder("att/evil", mode: 0o777)
    _ = try folder.write("att/evil/notify", "#!/bin/sh\ntouch '\(marker)'\n", mode: 0o777)
    for path in [attacker, attacker + "/evil", attacker + "/evil/notify"] { chown(path, 65534, 65534) }
    chmod(attacker, 0o755)
    let swapper = try RootmailCLI.start(
      "/usr/bin/setpriv",
      [
        "--reuid=65534", "--regid=65534", "--clear-groups", "/bin/sh", "-c",
        "for i in $(seq 1 4000); do ln -sfn \(folder.path)/trusted \(attacker)/lnk; "
          + "ln -sfn \(attacker)/evil \(attacker)/lnk; done",
      ], environment: nil)
    let mail = Self.received(try Self.fixture("custom-mail.eml"))
    for _ in 0..<100 {
      if let made = try? receiver(attacker + "/lnk/notify") { _ = await made.receive(mail, context: Self.context()) }
    }
    _ = swapper.wait()
    #expect(!FileManager.default.fileExists(atPath: marker), "root ran the attacker's program")
  }

  /// A root-owned script whose `#!` interpreter belongs to another user would run that user's
  /// program as root: the interpreter is checked as the program is.
  @Test func aScriptsInterpreterIsCheckedToo() throws {
    chmod(folder.path, 0o755)
    let attacker = try folder.makeFolder("att", mode: 0o755)
    let evil = try folder.write("att/evil", "#!/bin/sh\nexit 0\n", mode: 0o755)
    for path in [attacker, evil] { chown(path, 65534, 65534) }
    let script = try folder.write("shebang", "#!\(evil)\nexit 0\n", mode: 0o755)
    let refused = try #require(refusal(script), "a script run by another user's interpreter was accepted")
    #expect(refused.message.contains("interpreter") || refused.message.contains("65534"), "\(refused.message)")
    let fine = try folder.write("fine", "#!/bin/sh -e\nexit 0\n", mode: 0o755)
    #expect(refusal(fine) == nil)
  }
}
