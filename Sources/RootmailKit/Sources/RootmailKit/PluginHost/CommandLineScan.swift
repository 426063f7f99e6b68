/// What the dispatcher reads from argv before it parses anything: which command is asked for,
/// and so which plugins it must load. Leading global options (`rootmail --region x vend`) are
/// moved after the command so that swift-argument-parser sees them where they are declared.
public struct CommandLineScan: Equatable, Sendable {
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

  public init(_ arguments: [String], builtins: Set<String>, builtinsNeedingPlugins: Set<String>) {
    var leading: [String] = []
    var index = 0
    var command: String? = nil
    while index < arguments.count {
      let a = arguments[index]
      if a == "--" { break }
      if !a.hasPrefix("-") {
        command = a
        break
      }
      leading.append(a)
      if GlobalOptions.optionsTakingValue.contains(a), index + 1 < arguments.count {
        leading.append(arguments[index + 1])
        index += 1
      }
      index += 1
    }
    let helpWords: Set<String> = ["-h", "--help", "-help", "--generate-completion-script", "--experimental-dump-help"]
    let onlyGlobals = leading.allSatisfy { a in
      !a.hasPrefix("-") || GlobalOptions.optionsTakingValue.contains(a) || GlobalOptions.flagsWithoutValue.contains(a)
        || a.hasPrefix("--output=") || a.hasPrefix("--region=") || a.hasPrefix("--profile=") || a.hasPrefix("--endpoint-url=")
        || a.hasPrefix("--config=")
    }
    if command != nil, !leading.isEmpty, onlyGlobals {
      var rest = Array(arguments[index...])
      rest.insert(contentsOf: leading, at: rest.firstIndex(of: "--") ?? rest.count)
      self.arguments = rest
    } else {
      self.arguments = arguments
    }

    if arguments.contains(where: helpWords.contains) {
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
}
