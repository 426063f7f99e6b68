#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

#if canImport(Glibc)
  import Glibc
#endif

/// Static keys of a profile in the shared credentials file (`[name]` in `~/.aws/credentials`).
@_spi(RootmailHost) public struct SharedCredentialsFileProvider: AWSCredentialProvider {
  public let profile: SharedConfigProfile?
  public init(profile: SharedConfigProfile?) { self.profile = profile }
  public init(files: SharedConfigFiles, profileName: String) { profile = files.profile(named: profileName) }

  public func credentials() async throws -> AWSCredentials? { try profile?.credentialsFileKeys() }
}

/// Static keys of a profile in the shared config file (`[profile name]` in `~/.aws/config`).
@_spi(RootmailHost) public struct ConfigFileCredentialProvider: AWSCredentialProvider {
  public let profile: SharedConfigProfile?
  public init(profile: SharedConfigProfile?) { self.profile = profile }
  public init(files: SharedConfigFiles, profileName: String) { profile = files.profile(named: profileName) }

  public func credentials() async throws -> AWSCredentials? { try profile?.configFileKeys() }
}

/// Credentials printed by the profile's `credential_process` command: the command line is split
/// into words as a POSIX shell would (no shell runs it); its first word, an absolute path or a
/// bare name looked up once in `PATH`'s absolute folders, is checked as an `exec:` receiver's
/// program is (`TrustedPath.openProgram`: owned by the user or root, in folders no one else
/// can write) and that very file is run (`ChildProcess`'s `executable:`); its stdout is read as
/// the JSON of version 1 of the process-credentials format:
/// `{"Version": 1, "AccessKeyId", "SecretAccessKey", "SessionToken"?, "Expiration"?}`.
@_spi(RootmailHost) public struct CredentialProcessProvider: AWSCredentialProvider {
  public let command: String?
  /// The profile it came from, for messages.
  public let profileName: String
  /// The child's environment; nil inherits ours.
  public let environment: [String: String]?
  public let timeoutSeconds: Double
  /// Where a bare program name is looked up (a `PATH`); nil: the child's `PATH`, else ours.
  public let searchPath: String?
  /// The AWS shared file that set `credential_process`, for messages.
  public let origin: String?

  public init(
    command: String?, profileName: String, environment: [String: String]? = nil, timeoutSeconds: Double = 60,
    searchPath: String? = nil, origin: String? = nil
  ) {
    self.command = command
    self.profileName = profileName
    self.environment = environment
    self.timeoutSeconds = timeoutSeconds
    self.searchPath = searchPath
    self.origin = origin
  }

  /// The profile's `credential_process`; `files` names the file that set it, `searchPath` is
  /// the `PATH` a bare program name is looked up in.
  public init(profile: SharedConfigProfile?, files: SharedConfigFiles? = nil, searchPath: String? = nil) {
    let origin = files.map { profile?.credentialsSettings["credential_process"] != nil ? $0.credentialsPath : $0.configPath }
    self.init(
      command: profile?.credentialProcess, profileName: profile?.name ?? "default", searchPath: searchPath, origin: origin)
  }

  public func credentials() async throws -> AWSCredentials? {
    guard let command else { return nil }
    let words = try ShellWords.split(command)
    guard let name = words.first else { return nil }
    let path = searchPath ?? environment?["PATH"] ?? getenv("PATH").map { String(cString: $0) }
    let program: TrustedPath
    switch TrustedPath.openProgram(named: name, searchPath: path) {
    case .success(let file): program = file
    case .failure(let problem):
      throw CredentialError(
        source: "credential-process",
        "credential_process of profile \(profileName)\(origin.map { " (in \($0))" } ?? ""): \(problem.reason)",
        hint: "rootmail runs only a program owned by you or root, in folders no one else can write, named by its "
          + "absolute path or found on PATH")
    }
    defer { program.close() }
    let result: ChildProcess.Result
    do {
      result = try ChildProcess.run(words, executable: program.fd, environment: environment, timeoutSeconds: timeoutSeconds)
    } catch let error as ChildProcess.SpawnError {
      throw failure("\(error)")
    }
    if result.timedOut { throw failure("it did not finish within \(Int(timeoutSeconds)) s") }
    guard result.status == 0 else {
      let stderr = String(decoding: result.stderr, as: UTF8.self).trimmingSpaces()
      throw failure("it exited with status \(result.status)" + (stderr.isEmpty ? "" : ": \(stderr)"))
    }
    return try Self.parse(result.stdout, profileName: profileName)
  }

  func failure(_ reason: String) -> CredentialError {
    CredentialError(
      source: "credential-process", "credential_process of profile \(profileName) failed: \(reason)",
      hint: "run the command by hand; it must print version 1 credentials JSON on stdout")
  }

  /// Reads the process's output (never quoted in errors: it holds secrets).
  static func parse(_ output: [UInt8], profileName: String) throws -> AWSCredentials {
    func bad(_ reason: String) -> CredentialError {
      CredentialError(
        source: "credential-process", "credential_process of profile \(profileName) printed \(reason)",
        hint: "it must print {\"Version\": 1, \"AccessKeyId\": …, \"SecretAccessKey\": …, \"SessionToken\": …, \"Expiration\": …}"
      )
    }
    guard let json = try? JSONValue.parse(output), json.objectValue != nil else { throw bad("no JSON object") }
    guard json["Version"]?.intValue == 1 else { throw bad("an unsupported Version (only 1 is known)") }
    guard let id = json["AccessKeyId"]?.stringValue, !id.isEmpty else { throw bad("no AccessKeyId") }
    guard let secret = json["SecretAccessKey"]?.stringValue, !secret.isEmpty else { throw bad("no SecretAccessKey") }
    var expiration: Date? = nil
    if let value = json["Expiration"], value != .null {
      guard let text = value.stringValue, let date = Timestamp.parse(text) else {
        throw bad("an Expiration that is not an ISO 8601 time")
      }
      expiration = date
    }
    let token = json["SessionToken"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
    return AWSCredentials(
      accessKeyID: id, secretAccessKey: secret, sessionToken: token, expiration: expiration, source: "credential-process")
  }
}

/// Splits a command line into words as a POSIX shell does (Python's `shlex.split`): blanks
/// separate, `'…'` is literal, `"…"` keeps blanks and takes `\` before `\ " $` and backquote,
/// and `\` outside quotes escapes the next character.
@_spi(RootmailHost) public enum ShellWords {
  public static func split(_ line: String) throws -> [String] {
    var words: [String] = []
    var word = ""
    var inWord = false
    var chars = line.makeIterator()
    while let c = chars.next() {
      switch c {
      case " ", "\t", "\n":
        if inWord { words.append(word) }
        word = ""
        inWord = false
      case "'":
        inWord = true
        while true {
          guard let q = chars.next() else {
            throw CredentialError(source: "credential-process", "unterminated ' in command: \(line)")
          }
          if q == "'" { break }
          word.append(q)
        }
      case "\"":
        inWord = true
        while true {
          guard let q = chars.next() else {
            throw CredentialError(source: "credential-process", "unterminated \" in command: \(line)")
          }
          if q == "\"" { break }
          if q == "\\" {
            guard let next = chars.next() else {
              throw CredentialError(source: "credential-process", "unterminated \" in command: \(line)")
            }
            if !"\\\"$`\n".contains(next) { word.append("\\") }
            word.append(next)
          } else {
            word.append(q)
          }
        }
      case "\\":
        inWord = true
        if let next = chars.next() { word.append(next) }
      default:
        inWord = true
        word.append(c)
      }
    }
    if inWord { words.append(word) }
    return words
  }
}
