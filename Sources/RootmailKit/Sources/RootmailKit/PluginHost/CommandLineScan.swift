/// What the dispatcher reads from argv before it parses anything: which command is asked for,
/// and so which plugins it must load, and the `--config` file (for `plugin_path`). Leading
/// global options (`rootmail --region x vend`) are moved after the command so that
/// swift-argument-parser sees them where they are declared. Option names come from
/// `GlobalOptions` itself (`GlobalOptionSpellings`).
@_spi(RootmailHost) public struct CommandLineScan: Equatable, Sendable {
  /// Which plugins a run needs.
  public enum Need: Equatable, Sendable {
    /// None: `--version`, or a command rootmail itself provides.
    case none
    /// Every plugin: help, completion scripts, `plugins list`, the docs generator.
    case all
    /// Only the plugin providing this top-level command.
    case command(String)
  }

  public let need: Need
  public let arguments: [String]
  /// The value of `--config` anywhere before `--`, if given.
  public let configFile: String?

  static let configOption = "--config"
  static let helpWords: Set<String> = ["-h", "--help", "-help", "--generate-completion-script", "--experimental-dump-help"]

  public init(
    _ arguments: [String], builtins: Set<String>, builtinsNeedingPlugins: Set<String>,
    spellings: @autoclosure () -> GlobalOptionSpellings = .global
  ) {
    let options = arguments.prefix { $0 != "--" }
    var configFile: String? = nil
    for (i, a) in options.enumerated() {
      if a == Self.configOption, i + 1 < options.count { configFile = options[i + 1] }
      if a.hasPrefix(Self.configOption + "=") { configFile = String(a.dropFirst(Self.configOption.count + 1)) }
    }
    self.configFile = configFile

    var command: String? = nil
    var index = arguments.startIndex
    if !options.contains(where: { !$0.hasPrefix("-") }) {
      // Options only (`--version`, `--help`): no command to find, so no spellings to compute
      // (they come from swift-argument-parser's help dump, which costs milliseconds).
      self.arguments = arguments
    } else if arguments.first?.hasPrefix("-") ?? false {
      // Leading options: only now are the global options' spellings needed.
      let spellings = spellings()
      var leading: [String] = []
      var onlyGlobals = true
      while index < arguments.count {
        let a = arguments[index]
        if a == "--" { break }
        if !a.hasPrefix("-") {
          command = a
          break
        }
        leading.append(a)
        let name = String(a.prefix { $0 != "=" })
        if spellings.takingValue.contains(a), index + 1 < arguments.count {
          leading.append(arguments[index + 1])
          index += 1
        } else if !(spellings.flags.contains(a) || (a.contains("=") && spellings.takingValue.contains(name))) {
          onlyGlobals = false
        }
        index += 1
      }
      if command != nil, onlyGlobals {
        var rest = Array(arguments[index...])
        rest.insert(contentsOf: leading, at: rest.firstIndex(of: "--") ?? rest.count)
        self.arguments = rest
      } else {
        self.arguments = arguments
      }
    } else {
      command = arguments.first
      self.arguments = arguments
    }

    if arguments.contains(where: Self.helpWords.contains) {
      need = .all
    } else if let command {
      if command == "help" || builtinsNeedingPlugins.contains(command) {
        need = .all
      } else if builtins.contains(command) {
        need = .none
      } else {
        need = .command(command)
      }
    } else if arguments.contains("--version") {
      need = .none
    } else {
      need = .all
    }
  }
  /// `arguments` with every global option (and its value) moved to the end, before any `--`:
  /// `mail -o json list` as `mail list -o json`. The parser takes a global option only after
  /// the command's last word; kubectl and the AWS CLI take it anywhere.
  static func globalOptionsMovedLast(_ arguments: [String], spellings: GlobalOptionSpellings) -> [String] {
    let end = arguments.firstIndex(of: "--") ?? arguments.count
    var kept: [String] = []
    var moved: [String] = []
    var index = 0
    while index < end {
      let a = arguments[index]
      let name = String(a.prefix { $0 != "=" })
      if spellings.takingValue.contains(a), index + 1 < end {
        moved += [a, arguments[index + 1]]
        index += 2
        continue
      }
      if spellings.flags.contains(a) || (a.contains("=") && spellings.takingValue.contains(name)) {
        moved.append(a)
      } else {
        kept.append(a)
      }
      index += 1
    }
    return kept + moved + arguments[end...]
  }
}
