#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// `rootmail config`: show, get, set and unset settings, edit the file, or write a starter file.
@_spi(RootmailHost) public struct ConfigCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "config",
    abstract: "Show, change or create rootmail's configuration.",
    discussion:
      "The file is --config, $ROOTMAIL_CONFIG or $XDG_CONFIG_HOME/rootmail/config.toml. set, unset and edit change it in place: comments, order and the formatting of other lines are kept, the write is atomic (mode 0600) and two at once never lose a change.",
    subcommands: [Show.self, Get.self, Set.self, Unset.self, Edit.self, Init.self])

  public init() {}

  /// `rootmail config show`: every key, its value and where the value came from.
  public struct Show: RootmailCommand {
    public static let configuration = CommandConfiguration(
      commandName: "show",
      abstract: "Print every setting with its value and where it came from.",
      discussion:
        "Precedence: flags, then environment (ROOTMAIL_<KEY>), then the config file, then defaults. The AWS settings (profile, region, endpoint_url, ca_bundle, timeouts) are resolved as every AWS command resolves them (as whoami shows): AWS_* variables and the profile in AWS's shared files come before rootmail's own keys, and are named as the source. The credentials row names the link of the credential chain that would answer; no AWS service, container endpoint or instance metadata is asked and no credential_process is run."
    )

    @OptionGroup public var global: GlobalOptions

    public init() {}

    public static var pagesOutput: Bool { true }

    public func run(in context: CommandContext) async throws {
      let effective = EffectiveConfig(config: context.config, resolution: context.awsResolution)
      if let problem = effective.awsProblem {
        context.warn("the AWS settings do not resolve, so commands that call AWS stop: \(problem)")
      }
      let settings = await effective.withCredentials()
      switch context.outputFormat {
      case .json:
        context.emit(
          .object(
            settings.map { setting in
              let key = ConfigKey.named(setting.key)
              return (
                setting.key,
                .object([
                  ("value", setting.value?.json ?? .null), ("source", .string(setting.origin)),
                  ("env", key.map { $0.readsEnvironment ? .string($0.environmentVariable) : .null } ?? .null),
                ])
              )
            }))
      case .table, .wide, .text:
        var table = Table(columns: ["key", "value", "source"])
        for setting in settings {
          table.rows.append([setting.key, setting.value?.description ?? "", setting.origin])
        }
        // At a narrow terminal the wider of value and source gives way first, each cut in its
        // middle: a path keeps its ends, a source its file name and line.
        table.fits = [.fixed, .cutMiddle, .cutMiddle]
        context.emit(table)
      }
    }
  }

  /// `rootmail config get KEY`: the value a command would use.
  public struct Get: RootmailCommand {
    public static let configuration = CommandConfiguration(
      commandName: "get",
      abstract: "Print the value a command would use for one setting.",
      discussion:
        "Flags, then the environment (ROOTMAIL_<KEY>, and AWS's own variables and profile for the AWS settings), then the config file, then the default. A key of a plugin's table is dotted: receiver.<name>.<key>. Exits 1, printing nothing, when the setting is unset. With --show-origin, prints where the value came from, a tab, then the value."
    )

    @OptionGroup public var global: GlobalOptions

    @Argument(help: "The setting, e.g. region or receiver.mail-log.file.")
    var key: String

    @Flag(help: "Print where the value came from before it (as git config --show-origin).")
    var showOrigin = false

    public init() {}

    public func run(in context: CommandContext) async throws {
      let key = try ConfigCommand.checkedKey(key)
      let found: (value: String, json: JSONValue, origin: String)?
      if ConfigKey.named(key) != nil {
        let setting = EffectiveConfig(config: context.config, resolution: context.awsResolution)[key]
        found = setting.flatMap { s in s.value.map { ($0.description, $0.json, s.origin) } }
      } else {
        found = context.config.extra[key].map { entry in
          let origin = ConfigSource.file(path: context.config.filePath ?? "", line: entry.line).description
          return (ConfigCommand.text(entry.value), ConfigCommand.json(entry.value), origin)
        }
      }
      guard let found else { throw ExitCode(ExitStatus.failure.rawValue) }
      switch context.outputFormat {
      case .json:
        context.emit(.object([("key", .string(key)), ("value", found.json), ("source", .string(found.origin))]))
      case .table, .wide, .text:
        context.print(showOrigin ? "\(found.origin)\t\(found.value)" : found.value)
      }
    }
  }

  /// `rootmail config set KEY VALUE`: changes one line of the file, or adds one.
  public struct Set: RootmailCommand {
    public static let configuration = CommandConfiguration(
      commandName: "set",
      abstract: "Set one setting in the config file, keeping the rest of the file as it is.",
      discussion:
        "The value is checked as the file's is (exit 65, the file unchanged, when it is not valid); lists are comma-separated (plugin_path: colon-separated). A key of a plugin's table is dotted: `config set receiver.mail-log.file /var/log/mail.log` writes file = \"/var/log/mail.log\" under [receiver.mail-log], adding the table when the file has none; its value is written as TOML when it reads as TOML (true, 42, \"text\", [\"a\"]), else as a string. The file is created (mode 0600) when missing."
    )

    @OptionGroup public var global: GlobalOptions

    @Argument(help: "The setting, e.g. region or receiver.mail-log.file.")
    var key: String

    @Argument(help: "Its value.")
    var value: String

    public static var runsOnBrokenConfiguration: Bool { true }

    public init() {}

    public func run(in context: CommandContext) async throws {
      let key = try ConfigCommand.checkedKey(key)
      let literal = try ConfigCommand.literal(key: key, value: value)
      let path = ConfigCommand.filePath(context, global)
      try ConfigFileUpdate.update(path) { text in
        var editor = try ConfigCommand.editor(text ?? "", path: path)
        do { try editor.set(key, literal: literal) } catch let e as TOMLDocument.SyntaxError {
          throw CLIError.configuration("\(path):\(e.line): \(e.message)")
        }
        try ConfigCommand.checkFile(editor.text, path: path)
        return editor.text
      }
      // What wins over the file still wins: say so (AWS's own variables and profile too).
      if ConfigKey.named(key) != nil,
        let origin = EffectiveConfig(config: context.config, resolution: context.awsResolution)[key]?.origin,
        ["flag ", "env ", "profile "].contains(where: origin.hasPrefix)
      {
        context.warn("\(key) is also set by \(origin), which wins over the file")
      }
    }
  }

  /// `rootmail config unset KEY`: removes a setting's line from the file.
  public struct Unset: RootmailCommand {
    public static let configuration = CommandConfiguration(
      commandName: "unset",
      abstract: "Remove one setting from the config file (its default applies again).",
      discussion: "Every other line is kept as it is. A key the file does not set is a note on stderr, not an error.")

    @OptionGroup public var global: GlobalOptions

    @Argument(help: "The setting, e.g. region or receiver.mail-log.file.")
    var key: String

    public static var runsOnBrokenConfiguration: Bool { true }

    public init() {}

    public func run(in context: CommandContext) async throws {
      let key = try ConfigCommand.checkedKey(key)
      let path = ConfigCommand.filePath(context, global)
      var removed = false
      try ConfigFileUpdate.update(path) { text in
        guard let text else { return nil }
        var editor = try ConfigCommand.editor(text, path: path)
        removed = try editor.unset(key)
        guard removed else { return nil }
        try ConfigCommand.checkFile(editor.text, path: path)
        return editor.text
      }
      if !removed { context.note("rootmail: \(key) is not set in \(path)") }
    }
  }

  /// `rootmail config edit`: the file in the user's editor, checked afterwards.
  public struct Edit: RootmailCommand {
    public static let configuration = CommandConfiguration(
      commandName: "edit",
      abstract: "Open the config file in $VISUAL or $EDITOR (else vi) and check it afterwards.",
      discussion:
        "The editor gets a copy of the file, <name>.edit.toml beside it (a missing file starts from the starter template). When the copy loads, it replaces the file; when it does not, the file stays as it was, the error names the copy's line and the copy is kept (exit 78): the next config edit starts from it, as crontab -e and kubectl edit keep a failed edit, unless the file changed since (config set), which that copy would undo: then it stops and says so (exit 1)."
    )

    @OptionGroup public var global: GlobalOptions

    public static var runsOnBrokenConfiguration: Bool { true }

    public init() {}

    /// When a file was last changed (nanoseconds), nil when it cannot be read.
    static func modified(_ path: String) -> Int? {
      guard case .success(let file) = FileTrust.open(path, what: "config file", followLinks: true) else { return nil }
      defer { file.close() }
      return file.modified
    }

    /// `config.toml` → `config.edit.toml` (an editor still sees TOML), else `<file>.edit`.
    static func draftPath(for path: String) -> String {
      path.hasSuffix(".toml") ? String(path.dropLast(5)) + ".edit.toml" : path + ".edit"
    }

    public func run(in context: CommandContext) async throws {
      let path = ConfigCommand.filePath(context, global)
      let draft = Self.draftPath(for: path)
      let current = try ConfigLoader.readFile(path, required: false)
      let kept = try ConfigLoader.readFile(draft, required: false)
      if kept != nil {
        // A change made to the file since (config set) would be undone by the kept copy.
        if let changed = Self.modified(path), let edited = Self.modified(draft), changed > edited {
          throw CLIError(
            "\(path) changed after the edit kept in \(draft) was made: continuing that edit would undo the change",
            hint: "compare them (diff \(path) \(draft)), then delete \(draft) to start from \(path)")
        }
        context.note("continuing the edit kept in \(draft) (delete it to start from \(path))")
      }
      let start = kept ?? current ?? ConfigTemplate.render(domain: nil)
      try ConfigFileUpdate.update(draft) { _ in start }
      let editor =
        [context.environment["VISUAL"], context.environment["EDITOR"]].compactMap { $0?.trimmingSpaces() }
        .first { !$0.isEmpty } ?? "vi"
      let status = try InteractiveProgram.run(
        ["/bin/sh", "-c", editor + " \"$@\"", "editor", draft], environment: context.environment)
      guard status == 0 else {
        throw CLIError("the editor (\(editor)) exited with status \(status); \(path) is unchanged, the edit is in \(draft)")
      }
      let text = try ConfigLoader.readFile(draft, required: true) ?? ""
      do {
        try ConfigCommand.checkFile(text, path: draft)
      } catch let error as CLIError {
        throw CLIError.configuration(
          error.message,
          hint:
            "\(path) is unchanged; the edit is kept in \(draft): run `rootmail config edit` again to fix it, or delete it to start over"
        )
      }
      if text != current { try ConfigFileUpdate.update(path) { _ in text } }
      try? FileManager.default.removeItem(atPath: draft)
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

    /// The file it writes need not be there, nor load (`--force` replaces a broken one).
    public static var runsOnBrokenConfiguration: Bool { true }

    public init() {}

    public func run(in context: CommandContext) async throws {
      // Checked as `config set domain` checks it: a file that every command would refuse is
      // never written.
      if let domain { _ = try ConfigCommand.literal(key: ConfigKey.domain.name, value: domain) }
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

@_spi(RootmailHost) extension ConfigCommand {
  /// The file `config set`, `unset` and `edit` change: the one the loader reads.
  static func filePath(_ context: CommandContext, _ global: GlobalOptions) -> String {
    ConfigLoader(environment: context.environment, explicitFile: global.config).configFileLocation().path
  }

  /// `key` when it names one of rootmail's settings or a key of a receiver's table
  /// (`receiver.x.file`: bare key characters, dot-separated); else exit 65.
  static func checkedKey(_ key: String) throws -> String {
    if ConfigKey.named(key) != nil { return key }
    let parts = key.split(separator: ".", omittingEmptySubsequences: false)
    let bare = parts.allSatisfy { part in
      !part.isEmpty
        && part.unicodeScalars.allSatisfy {
          $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-")
        }
    }
    guard ConfigKey.isTableKey(key), bare else {
      throw CLIError.invalid(field: "key", value: String(key.prefix(80)), rule: ConfigKey.keyRule)
    }
    return key
  }

  /// The TOML text of `value` for `key`, checked as the loader checks the file (exit 65).
  static func literal(key: String, value: String) throws -> String {
    guard let known = ConfigKey.named(key) else {
      // A table's key: TOML when the value reads as one value, else a string.
      let text = "v = " + value
      if let doc = try? TOMLDocument(parsing: text), doc.headers.isEmpty, doc.entries.count == 1, let entry = doc.entries.first {
        let bytes = Array(text.utf8)
        let rest = bytes[entry.span.valueEnd...]
        if rest.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) {
          return String(decoding: bytes[entry.span.valueStart..<entry.span.valueEnd], as: UTF8.self)
        }
      }
      return ConfigTemplate.quote(value)
    }
    do {
      return ConfigTemplate.toml(try ConfigLoader.parse(value, for: known))
    } catch let failure as ConfigLoader.ConversionFailure {
      throw CLIError.invalid(field: key, value: String(value.prefix(200)), rule: failure.text)
    }
  }

  /// The editor for the file's text; a syntax error names the line (exit 78).
  static func editor(_ text: String, path: String) throws -> TOMLEditor {
    do { return try TOMLEditor(text) } catch let e as TOMLDocument.SyntaxError {
      throw CLIError.configuration("\(path):\(e.line): \(e.message)", hint: "fix it with `rootmail config edit`")
    }
  }

  /// The file's text loads (`ConfigLoader.settings`), else its error (exit 78).
  static func checkFile(_ text: String, path: String) throws {
    _ = try ConfigLoader.settings(inFile: text, path: path)
  }

  /// A table's value as `config get` prints it.
  static func text(_ value: TOMLDocument.Value) -> String {
    switch value {
    case .string(let s): return s
    case .integer(let n): return String(n)
    case .boolean(let b): return b ? "true" : "false"
    case .array(let items): return items.map(text).joined(separator: ",")
    }
  }

  static func json(_ value: TOMLDocument.Value) -> JSONValue {
    switch value {
    case .string(let s): return .string(s)
    case .integer(let n): return .int(n)
    case .boolean(let b): return .bool(b)
    case .array(let items): return .array(items.map(json))
    }
  }
}

/// The starter config file: every key, commented, with its default.
@_spi(RootmailHost) public enum ConfigTemplate {
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
