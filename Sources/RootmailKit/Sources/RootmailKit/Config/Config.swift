#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Where a resolved setting came from, as `config show` reports it.
@_spi(RootmailHost) public enum ConfigSource: Equatable, Sendable, CustomStringConvertible {
  case flag(String)
  case environment(String)
  case file(path: String, line: Int)
  case defaultValue

  public var description: String {
    switch self {
    case .flag(let f): return "flag \(f)"
    case .environment(let v): return "env \(v)"
    case .file(let path, let line): return "\(path):\(line)"
    case .defaultValue: return "default"
    }
  }
}

/// The resolved configuration: for each key its value (if any) and where it came from.
/// Precedence: flags > environment (`ROOTMAIL_*`) > config file > defaults.
public struct Config: Sendable {
  public struct Resolved: Sendable {
    public let value: ConfigValue
    @_spi(RootmailHost) public let source: ConfigSource
  }

  public private(set) var resolved: [String: Resolved] = [:]
  /// The config file that was read, if any.
  public let filePath: String?
  /// Keys in the file's own tables (`[receiver.forward]`, `[plugin.x]`), kept for plugins.
  @_spi(RootmailHost) public let extra: [String: TOMLDocument.Entry]

  @_spi(RootmailHost) public init(resolved: [String: Resolved], filePath: String?, extra: [String: TOMLDocument.Entry] = [:]) {
    self.resolved = resolved
    self.filePath = filePath
    self.extra = extra
  }

  public subscript(key: ConfigKey) -> ConfigValue? { resolved[key.name]?.value }
  @_spi(RootmailHost) public func source(of key: ConfigKey) -> ConfigSource? { resolved[key.name]?.source }

  public func string(_ key: ConfigKey) -> String? {
    if case .string(let s)? = self[key] { return s }
    return nil
  }
  public func integer(_ key: ConfigKey) -> Int? {
    if case .integer(let n)? = self[key] { return n }
    return nil
  }
  public func boolean(_ key: ConfigKey) -> Bool? {
    if case .boolean(let b)? = self[key] { return b }
    return nil
  }
  public func list(_ key: ConfigKey) -> [String] {
    if case .list(let l)? = self[key] { return l }
    return []
  }

  /// A value that a command must have, or a configuration error naming every way to set it.
  public func require(_ key: ConfigKey) throws -> String {
    guard let v = string(key), !v.isEmpty else {
      throw CLIError.configuration(
        "\(key.name) is not set",
        hint: "rootmail config set \(key.name) <value>, or set \(key.environmentVariable)")
    }
    return v
  }

  /// Sets a value from a command's own flag (the highest precedence).
  public mutating func override(_ key: ConfigKey, with value: ConfigValue, flag: String) {
    resolved[key.name] = Resolved(value: value, source: .flag(flag))
  }

  /// `<subdomain>.<domain>`, or the bare domain when the subdomain is empty.
  public func receivingDomain() throws -> String {
    let domain = try require(.domain)
    let sub = string(.subdomain) ?? ""
    return sub.isEmpty ? domain : "\(sub).\(domain)"
  }
}
