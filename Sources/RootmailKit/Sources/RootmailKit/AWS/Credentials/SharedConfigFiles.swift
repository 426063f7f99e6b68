#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// AWS's shared `config` and `credentials` files, parsed: `AWS_CONFIG_FILE` (default
/// `~/.aws/config`, profiles as `[profile x]`, plus `[default]`, `[sso-session x]` and
/// `[services x]`) and `AWS_SHARED_CREDENTIALS_FILE` (default `~/.aws/credentials`, profiles as
/// `[x]`). A missing file is empty; one that someone else could have written (`read`), an
/// unreadable or a malformed one is a configuration error.
@_spi(RootmailHost) public struct SharedConfigFiles: Sendable {
  public let configPath: String
  public let credentialsPath: String
  public let config: INIFile
  public let credentials: INIFile

  public init(configPath: String, credentialsPath: String, config: INIFile, credentials: INIFile) {
    self.configPath = configPath
    self.credentialsPath = credentialsPath
    self.config = config
    self.credentials = credentials
  }

  /// The two paths the environment asks for (`~` expanded with `HOME`).
  public static func paths(environment: [String: String]) -> (config: String, credentials: String) {
    let home = environment["HOME"] ?? "/"
    func expand(_ path: String?, default fallback: String) -> String {
      guard let path, !path.isEmpty else { return home + fallback }
      if path == "~" { return home }
      if path.hasPrefix("~/") { return home + path.dropFirst() }
      return path
    }
    return (
      expand(environment["AWS_CONFIG_FILE"], default: "/.aws/config"),
      expand(environment["AWS_SHARED_CREDENTIALS_FILE"], default: "/.aws/credentials")
    )
  }

  /// The most either file may hold; a real one is a few kilobytes.
  public static let maximumFileSize = 4 << 20

  /// Reads both files as the environment names them.
  public static func load(environment: [String: String]) throws -> SharedConfigFiles {
    let (configPath, credentialsPath) = paths(environment: environment)
    return SharedConfigFiles(
      configPath: configPath, credentialsPath: credentialsPath, config: try read(configPath, what: "AWS config file"),
      credentials: try read(credentialsPath, what: "AWS credentials file", warnIfReadableByOthers: true))
  }

  /// One file parsed, or an empty file when it does not exist. It is opened once and checked
  /// through that descriptor as rootmail's own config file is (`FileTrust`): owned by the user
  /// or root, not writable by group or others, nor any folder above it — its
  /// `credential_process` runs programs and its `endpoint_url` decides where signed requests
  /// go — else a configuration error naming it. With `warnIfReadableByOthers`, a file group or
  /// others can read is still used, with a warning (as OpenSSH warns about a private key).
  /// `/dev/null` (how scripts turn the files off) is an empty file.
  public static func read(_ path: String, what: String = "AWS config file", warnIfReadableByOthers: Bool = false) throws
    -> INIFile
  {
    if path == "/dev/null" { return INIFile(path: path) }
    let absolute = path.hasPrefix("/") ? path : StoreLocator.absolute(path)
    let file: FileTrust.OpenFile
    switch FileTrust.open(absolute, what: what, followLinks: true) {
    case .success(let opened): file = opened
    case .failure(let problem) where problem.missing: return INIFile(path: path)
    case .failure(let problem):
      throw CLIError.configuration(
        "\(problem.reason); rootmail will not use it",
        hint: "AWS's shared files can run programs (credential_process) and send signed requests elsewhere "
          + "(endpoint_url): they must be owned by you or root and writable by no one else")
    }
    defer { file.close() }
    if warnIfReadableByOthers && FileTrust.readableByOthers(descriptor: file.fd) {
      StandardStream.writeErr(
        "rootmail: warning: \(path) is readable by group or others, who can take the keys in it (chmod 600 \(path))\n")
    }
    let data: [UInt8]
    do { data = try file.readAll(limit: maximumFileSize) } catch {
      throw CLIError.configuration(
        "\(what) \(path) is larger than \(maximumFileSize >> 20) MiB",
        hint: "is AWS_CONFIG_FILE or "
          + "AWS_SHARED_CREDENTIALS_FILE the right file?")
    }
    do {
      return try INIFile.parse(String(decoding: data, as: UTF8.self), path: path)
    } catch let error as INIFile.ParseError {
      throw CLIError.configuration("bad AWS shared file: \(error)", hint: "fix that line (see `aws configure help`)")
    }
  }

  /// Profile names in the config file: `[default]`, `[profile default]` and `[profile x]`
  /// (with the name after `profile` as one word, as botocore splits it).
  static func configProfileName(ofSection name: String) -> String? {
    if name == "default" { return "default" }
    let words = name.split(whereSeparator: { $0 == " " || $0 == "\t" })
    guard words.count == 2, words[0] == "profile" else { return nil }
    return String(words[1])
  }

  /// The `[sso-session x]` or `[services x]` section `x` of the config file.
  public func section(kind: String, named name: String) -> INIFile.Section? {
    config.sections.first {
      let words = $0.name.split(whereSeparator: { $0 == " " || $0 == "\t" })
      return words.count == 2 && words[0] == kind && words[1] == name
    }
  }

  /// Every profile named in either file, sorted.
  public var profileNames: [String] {
    let fromConfig = config.sections.compactMap { Self.configProfileName(ofSection: $0.name) }
    return Array(Set(fromConfig + credentials.sections.map(\.name))).sorted()
  }

  /// The config file's section for a profile (`[profile x]` wins over `[x]`-less forms; for
  /// `default`, `[default]` and `[profile default]` are merged, the latter winning).
  func configSection(for profile: String) -> INIFile.Section? {
    let matching = config.sections.filter { Self.configProfileName(ofSection: $0.name) == profile }
    guard var merged = matching.first else { return nil }
    for other in matching.dropFirst() {
      merged.values.merge(other.values) { $1 }
      merged.nested.merge(other.nested) { $1 }
    }
    return merged
  }

  /// The selected profile; nil for an absent `default`, and a configuration error listing the
  /// profiles that exist when the user named one that neither file has.
  public func profile(selected selection: ProfileSelection) throws -> SharedConfigProfile? {
    let profile = profile(named: selection.name)
    if profile == nil && selection.source != "default" {
      throw CLIError.configuration(
        "AWS profile \(selection.name) (from \(selection.source)) is in neither \(configPath) nor \(credentialsPath)",
        hint: "available profiles: \(profileNames.isEmpty ? "none" : profileNames.joined(separator: ", "))")
    }
    return profile
  }

  /// A profile with the settings of both files merged, the credentials file winning (as
  /// botocore merges them); nil when neither file has it.
  public func profile(named name: String) -> SharedConfigProfile? {
    let fromConfig = configSection(for: name)
    let fromCredentials = credentials[name]
    guard fromConfig != nil || fromCredentials != nil else { return nil }
    var settings = fromConfig?.values ?? [:]
    settings.merge(fromCredentials?.values ?? [:]) { $1 }
    var nested = fromConfig?.nested ?? [:]
    nested.merge(fromCredentials?.nested ?? [:]) { $1 }
    let ssoSession = settings["sso_session"].flatMap { section(kind: "sso-session", named: $0)?.values }
    let services = settings["services"].flatMap { section(kind: "services", named: $0)?.nested }
    return SharedConfigProfile(
      name: name, settings: settings, nested: nested, configSettings: fromConfig?.values ?? [:],
      credentialsSettings: fromCredentials?.values ?? [:], ssoSessionSettings: ssoSession, services: services ?? [:])
  }
}

/// Which profile to use and whether the user named it on the command line.
@_spi(RootmailHost) public struct ProfileSelection: Sendable, Equatable {
  public let name: String
  /// Where the name came from: `--profile`, `AWS_PROFILE`, `AWS_DEFAULT_PROFILE`, `config` or `default`.
  public let source: String
  /// Named with `--profile`: then, as in the AWS CLI, environment credentials are not used.
  public var isExplicit: Bool { source == "--profile" }

  public init(name: String, source: String) {
    self.name = name
    self.source = source
  }

  /// `--profile`, then `AWS_PROFILE`, `AWS_DEFAULT_PROFILE`, rootmail's `profile` setting, then `default`.
  public static func resolve(flag: String?, environment: [String: String], configured: String?) -> ProfileSelection {
    if let flag, !flag.isEmpty { return ProfileSelection(name: flag, source: "--profile") }
    for variable in ["AWS_PROFILE", "AWS_DEFAULT_PROFILE"] {
      if let v = environment[variable], !v.isEmpty { return ProfileSelection(name: v, source: variable) }
    }
    if let configured, !configured.isEmpty { return ProfileSelection(name: configured, source: "config") }
    return ProfileSelection(name: "default", source: "default")
  }

  /// From rootmail's `profile` setting (`AWSSettings.profile`): set by `--profile` it wins;
  /// set by `ROOTMAIL_PROFILE` or the config file it comes after `AWS_PROFILE`.
  public static func resolve(_ setting: AWSSetting, environment: [String: String]) -> ProfileSelection {
    resolve(flag: setting.flag, environment: environment, configured: setting.configured)
  }
}
