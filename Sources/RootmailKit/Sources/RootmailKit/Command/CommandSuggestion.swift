/// "Did you mean": when a command line names a command group and then a word that is none of
/// its subcommands (`rootmail mial`, `rootmail mail lsit`), the one-line message git prints:
/// the closest command names, or the list of commands when none is close.
@_spi(RootmailHost) public enum CommandSuggestion {
  /// The message for `arguments` (after the program name) against the tree under `root`, or nil
  /// when they do not stop at an unknown subcommand word.
  public static func message(root: any ParsableCommand.Type, arguments: [String]) -> String? {
    var node: any ParsableCommand.Type = root
    var path = [name(of: root)]
    for word in arguments {
      if word == "--" || word.hasPrefix("-") { return nil }
      let configuration = node.configuration
      let subcommands = configuration.subcommands
      if let next = ArgumentParserInternals.subcommand(word, of: node) {
        node = next
        path.append(name(of: next))
        continue
      }
      // A group with a default subcommand passes the word on to it: not a typo of a name.
      guard !subcommands.isEmpty, configuration.defaultSubcommand == nil, word != "help" else { return nil }
      var names: [String] = []
      for command in subcommands where command.configuration.shouldDisplay { names.append(name(of: command)) }
      return text(typed: word, command: path.joined(separator: " "), names: names)
    }
    return nil
  }

  /// The message for an unknown top-level command `typed`, among rootmail's own visible
  /// commands and `pluginCommands` (from the plugin index, no plugin loaded).
  public static func unknownTopLevel(_ typed: String, pluginCommands: [String]) -> String {
    var names = pluginCommands
    for command in Builtins.commands where command.configuration.shouldDisplay { names.append(name(of: command)) }
    return text(typed: typed, command: "rootmail", names: names)
  }

  /// swift-argument-parser's error text `message` with "Did you mean" added for a mistyped
  /// global option (it suggests only options shown in help, and `GlobalOptions` are hidden
  /// there), or nil when it is not such an error or nothing is close.
  public static func globalOption(in message: String, spellings: GlobalOptionSpellings = .global) -> String? {
    let marker = "Unknown option '--"
    guard let start = message.firstRange(of: marker) else { return nil }
    let rest = message[start.upperBound...]
    guard let end = rest.firstIndex(of: "'"), !rest[end...].hasPrefix("'. Did you mean") else { return nil }
    let typed = "--" + rest[..<end]
    let candidates = spellings.takingValue.union(spellings.flags).filter { $0.hasPrefix("--") }.sorted()
    let word = Array(typed)
    guard word.count <= 64,
      let best = candidates.map({ ($0, distance(word, Array($0))) }).filter({ $0.1 < 4 }).min(by: { $0.1 < $1.1 })
    else { return nil }
    var patched = message
    patched.replaceSubrange(
      start.lowerBound..<rest.index(after: end), with: "Unknown option '\(typed)'. Did you mean '\(best.0)'?")
    return patched
  }

  /// swift-argument-parser's error text `message` for a bad value of a global option that
  /// takes one of a few words (`--output yaml`), with the words added, as the parser adds them
  /// for options shown in help; nil when it is not such an error.
  public static func globalOptionValues(in message: String) -> String? {
    let choices: [(flags: [String], values: [String])] = [
      (["--output", "-o"], OutputFormat.allCases.map(\.rawValue)), (["--color"], ColorChoice.allCases.map(\.rawValue)),
    ]
    for choice in choices {
      for flag in choice.flags {
        guard let found = message.firstRange(of: "is invalid for '\(flag)'"), !message[found.upperBound...].hasPrefix(".")
        else { continue }
        let quoted = choice.values.map { "'\($0)'" }
        let listed = quoted.dropLast().joined(separator: ", ") + " and " + quoted[quoted.count - 1]
        var patched = message
        patched.insert(contentsOf: ". Please provide one of \(listed).", at: found.upperBound)
        return patched
      }
    }
    return nil
  }

  private static func name(of command: any ParsableCommand.Type) -> String { ArgumentParserInternals.commandName(of: command) }

  /// The message for `typed` among `names` (the subcommands of `command`).
  static func text(typed: String, command: String, names: [String]) -> String {
    let shown = TerminalSafe.escaped(typed)
    let names = names.map { TerminalSafe.escaped($0) }
    let head = "rootmail: '\(shown)' is not a \(command) command."
    let close = closest(to: typed, among: names)
    if close.count == 1 { return head + " Did you mean '\(close[0])'?" }
    if !close.isEmpty { return head + " Did you mean one of: " + close.map { "'\($0)'" }.joined(separator: ", ") + "?" }
    return head + " The commands are: " + names.sorted().joined(separator: ", ") + " (see '\(command) --help')."
  }

  /// The names closest to `typed` by edit distance (a swap of two letters counts once), when
  /// close enough to be a typo: one edit for short words, two from five letters on; or the
  /// names `typed` is a prefix of (three letters or more).
  static func closest(to typed: String, among names: [String]) -> [String] {
    let word = Array(typed.lowercased())
    guard word.count <= 64 else { return [] }
    let limit = word.count >= 5 ? 2 : 1
    let scored = names.map { ($0, distance(word, Array($0.lowercased()))) }
    if let best = scored.map(\.1).min(), best <= limit {
      return scored.filter { $0.1 == best }.map(\.0)
    }
    if word.count >= 3 { return names.filter { $0.lowercased().hasPrefix(typed.lowercased()) } }
    return []
  }

  /// Optimal string alignment distance (Levenshtein with adjacent transpositions).
  static func distance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { d[i][0] = i }
    for j in 0...b.count { d[0][j] = j }
    for i in 1...a.count {
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
      }
    }
    return d[a.count][b.count]
  }
}
