#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// `rootmail config`: show the resolved configuration, or write a starter file.
public struct ConfigCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "config",
    abstract: "Show or create rootmail's configuration.",
    subcommands: [Show.self, Init.self])

  public init() {}

  /// `rootmail config show`: every key, its value and where the value came from.
  public struct Show: RootmailCommand {
    public static let configuration = CommandConfiguration(
      commandName: "show",
      abstract: "Print every setting with its value and where it came from.",
      discussion: "Precedence: flags, then environment (ROOTMAIL_<KEY>), then the config file, then defaults.")

    @OptionGroup public var global: GlobalOptions

    public init() {}

    public func run(in context: CommandContext) async throws {
      let config = context.config
      switch context.outputFormat {
      case .json:
        context.emit(
          .object(
            ConfigKey.all.map { key in
              let r = config.resolved[key.name]
              return (
                key.name,
                .object([
                  ("value", r?.value.json ?? .null), ("source", .string(r?.source.description ?? "unset")),
                  ("env", key.readsEnvironment ? .string(key.environmentVariable) : .null),
                ])
              )
            }))
      case .table, .wide, .text:
        var table = Table(columns: ["key", "value", "source"])
        for key in ConfigKey.all {
          let r = config.resolved[key.name]
          table.rows.append([key.name, r?.value.description ?? "", r?.source.description ?? "unset"])
        }
        context.emit(table)
      }
    }
  }

  /// `rootmail config init`: writes a commented starter file; never overwrites without --force.
  public struct Init: RootmailCommand {
    public static let configuration = CommandConfiguration(
      commandName: "init",
      abstract: "Write a commented starter config file.",
      discussion: "Writes to --config, $ROOTMAIL_CONFIG or $XDG_CONFIG_HOME/rootmail/config.toml and prints the path.")

    @OptionGroup public var global: GlobalOptions

    @Option(help: "The company's domain to put in the file.")
    var domain: String?

    @Flag(help: "Replace an existing file.")
    var force = false

    public init() {}

    public func run(in context: CommandContext) async throws {
      let path = ConfigLoader(environment: context.environment, explicitFile: global.config).configFileLocation().path
      if FileManager.default.fileExists(atPath: path) && !force {
        throw CLIError("\(path) already exists", hint: "use --force to replace it")
      }
      let folder = Path.directory(of: path)
      try FileManager.default.createDirectory(
        atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
      let text = ConfigTemplate.render(domain: domain)
      guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
        throw CLIError("cannot write \(path)", status: .configuration)
      }
      context.print(path)
    }
  }
}

/// The starter config file: every key, commented, with its default.
public enum ConfigTemplate {
  public static func render(domain: String?) -> String {
    var out = "# rootmail configuration. Every key can also be set with ROOTMAIL_<KEY> or a flag;\n"
    out += "# `rootmail config show` prints what is in effect and where it came from.\n\n"
    for key in ConfigKey.all {
      out += "# \(key.summary)\n"
      if key == .domain, let domain {
        out += "domain = \(quote(domain))\n\n"
        continue
      }
      if let value = key.defaultValue {
        out += "# \(key.name) = \(toml(value))\n\n"
      } else {
        out += "# \(key.name) = \(example(key))\n\n"
      }
    }
    return out
  }

  static func quote(_ s: String) -> String {
    var out: [UInt8] = []
    JSONWriter.appendString(s, to: &out)
    return String(decoding: out, as: UTF8.self)
  }

  static func toml(_ value: ConfigValue) -> String {
    switch value {
    case .string(let s): return quote(s)
    case .integer(let n): return String(n)
    case .boolean(let b): return b ? "true" : "false"
    case .list(let items): return "[" + items.map(quote).joined(separator: ", ") + "]"
    }
  }

  static func example(_ key: ConfigKey) -> String {
    switch key {
    case .domain: return "\"example.com\""
    case .region: return "\"eu-west-1\""
    case .profile: return "\"default\""
    case .endpointURL: return "\"http://127.0.0.1:5000\""
    case .bucket: return "\"rootmail-123456789012\""
    case .addressFrom: return "\"rootmail@aws.example.com\""
    case .addressAdmin: return "\"cloud-admins@example.com\""
    case .pluginPath: return "[\"/opt/rootmail/plugins\"]"
    case .output: return "\"table\""
    default: return "\"\""
    }
  }
}
