#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where the mapping store is: an engine scheme and what follows it in the `store` setting.
@_spi(RootmailHost) public struct StoreLocation: Equatable, Sendable, CustomStringConvertible {
  /// `sqlite`, `dynamodb`, or any scheme an engine registered.
  public let scheme: String
  /// The file path for sqlite, the table name for dynamodb.
  public let target: String

  public init(scheme: String, target: String) {
    self.scheme = scheme
    self.target = target
  }

  public var description: String { "\(scheme):\(target)" }
}

/// Reads the `store` config value: `sqlite` (the default file
/// `$XDG_DATA_HOME/rootmail/rootmail.sqlite`), `sqlite:<path>` or `dynamodb:<table>`.
@_spi(RootmailHost) public enum StoreLocator {
  /// The default SQLite file for an environment.
  public static func defaultSQLitePath(environment: [String: String]) -> String {
    XDGPaths(environment: environment).dataHome + "/rootmail/rootmail.sqlite"
  }

  /// Parses a `store` value; an empty or malformed value is a configuration error (exit 78).
  public static func parse(_ value: String, environment: [String: String]) throws -> StoreLocation {
    let (scheme, rest) = split(value)
    switch scheme {
    case "sqlite":
      guard !rest.isEmpty else { return StoreLocation(scheme: "sqlite", target: defaultSQLitePath(environment: environment)) }
      return StoreLocation(scheme: "sqlite", target: absolute(expandingHome(rest, environment: environment)))
    case "dynamodb":
      guard !rest.isEmpty else {
        throw CLIError.configuration("store \"\(value)\" names no table", hint: "write it as dynamodb:<table>")
      }
      return StoreLocation(scheme: "dynamodb", target: rest)
    case "":
      throw CLIError.configuration("store is empty", hint: "use sqlite, sqlite:<path> or dynamodb:<table>")
    default:
      return StoreLocation(scheme: scheme, target: rest)
    }
  }

  /// A `store` value's engine scheme (lower case) and what follows its colon, both trimmed.
  static func split(_ value: String) -> (scheme: String, rest: String) {
    let text = value.trimmingSpaces()
    guard let colon = text.firstIndex(of: ":") else { return (text.lowercased(), "") }
    return (String(text[..<colon]).lowercased(), String(text[text.index(after: colon)...]).trimmingSpaces())
  }

  /// The rule a `store` value breaks, or nil when a store engine of this build serves it: what
  /// the config file, `ROOTMAIL_STORE` and `config set store` are checked with. Only the
  /// engine registry (`MappingStoreFactory.schemes`) is asked; no engine is loaded.
  static func problem(with value: String) -> String? {
    let (scheme, rest) = split(value)
    let schemes = MappingStoreFactory.schemes
    // The default engine first, as the documentation lists them.
    let forms = schemes.sorted { ($0 == "sqlite" ? 0 : 1, $0) < ($1 == "sqlite" ? 0 : 1, $1) }.flatMap { scheme -> [String] in
      switch scheme {
      case "sqlite": return ["sqlite", "sqlite:<path>"]
      case "dynamodb": return ["dynamodb:<table>"]
      default: return ["\(scheme):…"]
      }
    }
    let rule = "must be " + forms.dropLast().joined(separator: ", ") + (forms.count > 1 ? " or " : "") + (forms.last ?? "")
    if scheme.isEmpty { return rule }
    guard schemes.contains(scheme) else {
      return "\(rule) (this build has no \(TerminalSafe.quoted(scheme, limit: 40)) store engine)"
    }
    if scheme == "dynamodb" && rest.isEmpty { return "\(rule) (no table is named)" }
    return nil
  }

  /// The location the configuration names (`store` key, default `sqlite`).
  public static func location(config: Config, environment: [String: String]) throws -> StoreLocation {
    try parse(config.string(.store) ?? "sqlite", environment: environment)
  }

  static func expandingHome(_ path: String, environment: [String: String]) -> String {
    guard path == "~" || path.hasPrefix("~/") else { return path }
    return (environment["HOME"] ?? "/") + path.dropFirst()
  }

  static func absolute(_ path: String) -> String { Path.absolute(path) }
}
