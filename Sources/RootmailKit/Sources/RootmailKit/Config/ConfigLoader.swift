#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Resolves the configuration from flags, environment, the config file and defaults.
@_spi(RootmailHost) public struct ConfigLoader: Sendable {
  public var environment: [String: String]
  /// `--config`, if given.
  public var explicitFile: String?
  /// Global flags that set config keys, e.g. `--region` → (`.region`, "eu-west-1").
  public var flags: [(key: ConfigKey, value: String, flag: String)]

  public init(
    environment: [String: String], explicitFile: String? = nil, flags: [(key: ConfigKey, value: String, flag: String)] = []
  ) {
    self.environment = environment
    self.explicitFile = explicitFile
    self.flags = flags
  }

  /// `--config`, `$ROOTMAIL_CONFIG`, then `$XDG_CONFIG_HOME/rootmail/config.toml`; the first two
  /// must exist, the last is optional. Returns the path and whether it must exist.
  public func configFileLocation() -> (path: String, required: Bool) {
    if let f = explicitFile { return (f, true) }
    if let f = environment["ROOTMAIL_CONFIG"], !f.isEmpty { return (f, true) }
    return (XDGPaths(environment: environment).configHome + "/rootmail/config.toml", false)
  }

  /// Every key's default.
  static var defaultSettings: [String: Config.Resolved] {
    var resolved: [String: Config.Resolved] = [:]
    for key in ConfigKey.all {
      if let d = key.defaultValue { resolved[key.name] = .init(value: d, source: .defaultValue) }
    }
    return resolved
  }

  /// The defaults with the flags on top, reading neither the file nor the environment: what
  /// `config set`, `unset` and `edit` run with when those do not load (they are how a broken
  /// file gets fixed).
  public func defaultsOnly() throws -> Config {
    try applyingFlags(to: Config(resolved: Self.defaultSettings, filePath: nil))
  }

  public func load() throws -> Config {
    var resolved = Self.defaultSettings
    let (path, required) = configFileLocation()
    var filePath: String? = nil
    var extra: [String: TOMLDocument.Entry] = [:]
    if let text = try Self.readFile(path, required: required) {
      filePath = path
      let settings = try Self.settings(inFile: text, path: path)
      resolved.merge(settings.resolved) { $1 }
      extra = settings.extra
    }
    for key in ConfigKey.all {
      guard key.readsEnvironment, let text = environment[key.environmentVariable] else { continue }
      do {
        resolved[key.name] = .init(value: try Self.parse(text, for: key), source: .environment(key.environmentVariable))
      } catch let message as ConversionFailure {
        throw CLIError.configuration(
          "\(key.environmentVariable)=\(TerminalSafe.escaped(String(text.prefix(200)))): \(message.text)")
      }
    }
    return try applyingFlags(to: Config(resolved: resolved, filePath: filePath, extra: extra))
  }

  /// What a config file's text sets: rootmail's keys, checked, and the keys of the file's own
  /// tables (`extra`). A syntax error, an unknown key or a bad value is a configuration error
  /// naming `path` and the line; `config set` and `config edit` check a file they write with it.
  public static func settings(inFile text: String, path: String) throws -> (
    resolved: [String: Config.Resolved], extra: [String: TOMLDocument.Entry]
  ) {
    var resolved: [String: Config.Resolved] = [:]
    var extra: [String: TOMLDocument.Entry] = [:]
    let doc: TOMLDocument
    do {
      doc = try TOMLDocument(parsing: text)
    } catch let e as TOMLDocument.SyntaxError {
      throw CLIError.configuration("\(path):\(e.line): \(e.message)")
    }
    for entry in doc.entries {
      guard let key = ConfigKey.named(entry.key) else {
        if ConfigKey.isTableKey(entry.key) {
          extra[entry.key] = entry
          continue
        }
        // `bucket.x = 1` or `[receivers.x]` (a typo) would otherwise be kept and never read.
        throw CLIError.configuration(
          "\(path):\(entry.line): unknown key '\(TerminalSafe.escaped(entry.key))'",
          hint: "`rootmail config show` lists the keys; \(ConfigKey.tableKeys)")
      }
      do {
        resolved[key.name] = .init(value: try convert(entry.value, for: key), source: .file(path: path, line: entry.line))
      } catch let message as ConversionFailure {
        // The value as written, escaped: what to look for on that line.
        let written = String(decoding: Array(text.utf8)[entry.span.valueStart..<entry.span.valueEnd], as: UTF8.self)
        throw CLIError.configuration(
          "\(path):\(entry.line): key '\(key.name)' = \(TerminalSafe.escaped(String(written.prefix(200)))): \(message.text)")
      }
    }
    return (resolved, extra)
  }

  /// `config` (defaults, file and environment, as the dispatcher loaded it) with `flags` on top.
  public func applyingFlags(to config: Config) throws -> Config {
    var config = config
    for (key, text, flag) in flags {
      do {
        config.override(key, with: try Self.parse(text, for: key), flag: flag)
      } catch let message as ConversionFailure {
        throw CLIError.usage("invalid \(flag) \"\(TerminalSafe.escaped(String(text.prefix(200))))\": \(message.text)")
      }
    }
    return config
  }

  /// The most a config file may hold; a real one is a few hundred bytes.
  public static let maximumFileSize = 1 << 20

  /// Reads the config file if it is there and may be trusted (`FileTrust`: owned by the user or
  /// root, not writable by group or others, nor any folder above it), else exit 78 naming it.
  static func readFile(_ path: String, required: Bool) throws -> String? {
    let absolute = path.hasPrefix("/") ? path : StoreLocator.absolute(path)
    let opened: FileTrust.OpenFile
    switch FileTrust.open(absolute, what: "config file", followLinks: true) {
    case .success(let o): opened = o
    case .failure(let problem) where problem.missing:
      if required { throw CLIError.configuration("config file \(path) does not exist") }
      return nil
    case .failure(let problem):
      throw CLIError.configuration("\(problem.reason); rootmail will not use it")
    }
    defer { opened.close() }
    let data: [UInt8]
    do { data = try opened.readAll(limit: maximumFileSize) } catch {
      throw CLIError.configuration("config file \(path) is larger than \(maximumFileSize / 1024) KiB")
    }
    guard let text = String(validating: data, as: UTF8.self) else {
      throw CLIError.configuration("config file \(path) is not UTF-8 text")
    }
    return text
  }

  struct ConversionFailure: Error { let text: String }

  /// Text from the environment, a flag, `config set` or a string in the file, read as the key's
  /// kind and checked against its rule (`rule(brokenBy:for:)`).
  public static func parse(_ text: String, for key: ConfigKey) throws -> ConfigValue {
    switch key.kind {
    case .string:
      if let rule = rule(brokenBy: text, for: key) { throw ConversionFailure(text: rule) }
      return .string(text)
    case .choice(let options):
      guard options.contains(text) else { throw ConversionFailure(text: "must be one of \(options.joined(separator: ", "))") }
      return .string(text)
    case .integer(let range):
      guard let n = Int(text) else { throw ConversionFailure(text: "must be an integer") }
      guard range.contains(n) else { throw ConversionFailure(text: "must be from \(range.lowerBound) to \(range.upperBound)") }
      return .integer(n)
    case .boolean:
      switch text.lowercased() {
      case "true", "1", "yes", "on": return .boolean(true)
      case "false", "0", "no", "off": return .boolean(false)
      default: throw ConversionFailure(text: "must be true or false")
      }
    case .list(let separator):
      let items = try listItems(text, separator: separator)
      for item in items {
        if let rule = rule(brokenBy: item, for: key) {
          throw ConversionFailure(text: "item \"\(TerminalSafe.escaped(String(item.prefix(80))))\" \(rule)")
        }
      }
      return .list(items)
    }
  }

  /// A list's items: `A,B` (split at the separator), or a TOML array of strings as the file
  /// writes it (`["A", "B"]`), so that what `config get` shows can be set back.
  static func listItems(_ text: String, separator: Character) throws -> [String] {
    let trimmed = text.trimmingSpaces()
    guard trimmed.hasPrefix("[") else {
      return text.split(separator: separator).map { String($0).trimmingSpaces() }.filter { !$0.isEmpty }
    }
    guard let document = try? TOMLDocument(parsing: "v = " + trimmed), document.entries.count == 1,
      case .array(let values) = document.entries[0].value,
      case let strings = values.compactMap({ value -> String? in
        if case .string(let s) = value { return s }
        return nil
      }), strings.count == values.count
    else {
      throw ConversionFailure(
        text:
          "a list is items joined by \(TerminalSafe.quoted(String(separator))) (A\(separator)B) or a TOML array of strings ([\"A\", \"B\"])"
      )
    }
    return strings.map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
  }

  /// The rule a string setting's value breaks beyond its kind, or nil: the checks a command
  /// using the value would make, made when the value is read (and by `config set`, before it
  /// is written), so a bad value never reaches the file. An empty `region` or `endpoint_url`
  /// is no setting, as the AWS resolution reads it.
  static func rule(brokenBy text: String, for key: ConfigKey) -> String? {
    let value = text.trimmingSpaces()
    switch key {
    case .region:
      guard !value.isEmpty, !RegionResolver.isValid(value) else { return nil }
      return "must be an AWS region: letters, digits and inner hyphens, at most 63 characters (e.g. us-east-1)"
    case .endpointURL:
      guard !value.isEmpty, case .failure(let broken) = AWSEndpoint.splitURL(value) else { return nil }
      return "must be http(s)://host[:port][/path]: \(broken.rule)"
    case .store:
      return StoreLocator.problem(with: value)
    // The values vend, dns check, the mail reader and forward build on: refused where they are
    // set, not by the command that first uses one (an address, a zone, a bucket request).
    // Empty is no setting (a command that needs one says so).
    case .domain, .subdomain, .trustedMailDomains:
      return value.isEmpty ? nil : Validation.hostNameProblem(value)
    case .bucket:
      return value.isEmpty ? nil : Validation.bucketProblem(value)
    case .prefix:
      return value.isEmpty || Validation.addressProblem(value + "@example.com") != nil
        ? "must be an address's local part: no @, whitespace or control characters" : nil
    case .addressFrom, .addressAdmin:
      return value.isEmpty ? nil : Validation.addressProblem(value).map { "must be an address (local@domain.tld): \($0)" }
    case .receivers:
      return ReceiverSpec.problem(with: value)
    case .accountTypes, .accountType:
      return value.isEmpty
        ? nil
        : (try? Validation.text(value, field: "", maxLength: Validation.textMaxLength)) == nil
          ? "must be at most \(Validation.textMaxLength) characters with no control or bidirectional characters" : nil
    default:
      return nil
    }
  }

  static func convert(_ value: TOMLDocument.Value, for key: ConfigKey) throws -> ConfigValue {
    switch (key.kind, value) {
    case (.string, .string(let s)): return try parse(s, for: key)
    case (.choice, .string(let s)): return try parse(s, for: key)
    case (.integer, .integer(let n)): return try parse(String(n), for: key)
    case (.boolean, .boolean(let b)): return .boolean(b)
    case (.list, .array(let items)):
      return .list(
        try items.map {
          guard case .string(let s) = $0 else { throw ConversionFailure(text: "must be an array of strings") }
          return s
        })
    case (.list(let sep), .string(let s)): return try parse(s, for: ConfigKey(key.name, .list(separator: sep), default: nil, ""))
    default:
      throw ConversionFailure(text: "expected \(expectedType(key.kind)), found \(value.typeName)")
    }
  }

  static func expectedType(_ kind: ConfigKey.Kind) -> String {
    switch kind {
    case .string, .choice: return "a string"
    case .integer: return "an integer"
    case .boolean: return "a boolean"
    case .list: return "an array of strings"
    }
  }
}

/// The XDG base directories, with their defaults under `$HOME`.
@_spi(RootmailHost) public struct XDGPaths: Sendable {
  public let environment: [String: String]
  public init(environment: [String: String]) { self.environment = environment }

  var home: String { environment["HOME"] ?? "/" }
  public var configHome: String { nonEmpty("XDG_CONFIG_HOME") ?? home + "/.config" }
  public var dataHome: String { nonEmpty("XDG_DATA_HOME") ?? home + "/.local/share" }
  public var cacheHome: String { nonEmpty("XDG_CACHE_HOME") ?? home + "/.cache" }

  private func nonEmpty(_ name: String) -> String? {
    guard let v = environment[name], v.hasPrefix("/") else { return nil }
    return v
  }
}
