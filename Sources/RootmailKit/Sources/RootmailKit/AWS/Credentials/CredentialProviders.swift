#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Static keys of a profile in the shared credentials file (`[name]` in `~/.aws/credentials`).
public struct SharedCredentialsFileProvider: AWSCredentialProvider {
  public let profile: SharedConfigProfile?
  public init(profile: SharedConfigProfile?) { self.profile = profile }
  public init(files: SharedConfigFiles, profileName: String) { profile = files.profile(named: profileName) }

  public func credentials() async throws -> AWSCredentials? { try profile?.credentialsFileKeys() }
}

/// Static keys of a profile in the shared config file (`[profile name]` in `~/.aws/config`).
public struct ConfigFileCredentialProvider: AWSCredentialProvider {
  public let profile: SharedConfigProfile?
  public init(profile: SharedConfigProfile?) { self.profile = profile }
  public init(files: SharedConfigFiles, profileName: String) { profile = files.profile(named: profileName) }

  public func credentials() async throws -> AWSCredentials? { try profile?.configFileKeys() }
}

/// Credentials printed by the profile's `credential_process` command: the command line is split
/// into words as a POSIX shell would (no shell runs it), run with `posix_spawnp`, and its stdout
/// read as the JSON of version 1 of the process-credentials format:
/// `{"Version": 1, "AccessKeyId", "SecretAccessKey", "SessionToken"?, "Expiration"?}`.
public struct CredentialProcessProvider: AWSCredentialProvider {
  public let command: String?
  /// The profile it came from, for messages.
  public let profileName: String
  /// The child's environment; nil inherits ours.
  public let environment: [String: String]?
  public let timeoutSeconds: Double

  public init(command: String?, profileName: String, environment: [String: String]? = nil, timeoutSeconds: Double = 60) {
    self.command = command
    self.profileName = profileName
    self.environment = environment
    self.timeoutSeconds = timeoutSeconds
  }

  public init(profile: SharedConfigProfile?) {
    self.init(command: profile?.credentialProcess, profileName: profile?.name ?? "default")
  }

  public func credentials() async throws -> AWSCredentials? {
    guard let command else { return nil }
    let words = try ShellWords.split(command)
    guard !words.isEmpty else { return nil }
    let result: ChildProcess.Result
    do {
      result = try ChildProcess.run(words, environment: environment, timeoutSeconds: timeoutSeconds)
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
public enum ShellWords {
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
