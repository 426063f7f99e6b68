#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// `rootmail generate-docs` (hidden): writes the completion scripts and man pages from the full
/// command tree, plugin commands included. `make docs` runs it; a test checks the checked-in
/// files are what it writes.
@_spi(RootmailHost) public struct GenerateDocsCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "generate-docs",
    abstract: "Write completion scripts and man pages for the whole command tree.",
    shouldDisplay: false)

  @Option(help: "Folder for bash, zsh and fish completion scripts.")
  var completions: String?

  @Option(help: "Folder for the man pages.")
  var man: String?

  @Option(name: .customLong("skip-plugin"), help: "Leave this plugin's commands out (the in-tree example is not installed).")
  var skipPlugins: [String] = []

  public init() {}

  public func run() throws { try run(host: HostSession()) }

  /// Writes the files for the command tree the dispatcher built (`host.rootCommand`).
  public func run(host: HostSession) throws {
    guard let root = host.rootCommand else { throw CLIError("no command tree") }
    CommandTree.pluginCommands = host.catalog.plugins.filter { !skipPlugins.contains($0.descriptor.name) }
      .flatMap(\.descriptor.commands)
    if let completions {
      for shell in CompletionCommand.Shell.allCases {
        try write(CompletionCommand.script(for: shell, root: root), to: completions + "/" + shell.fileName)
      }
    }
    if let man {
      let dump = try JSONValue.parse(ArgumentParserInternals.helpDump(of: root))
      guard let command = dump["command"] else { throw CLIError("unexpected help dump") }
      for (name, page) in ManPage.pages(for: command, version: HostSession.version) {
        try write(page, to: man + "/" + name)
      }
    }
  }

  private func write(_ text: String, to path: String) throws {
    try FileManager.default.createDirectory(atPath: Path.directory(of: path), withIntermediateDirectories: true)
    guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else { throw CLIError("cannot write \(path)") }
  }
}

/// Renders man pages (roff, section 1) from swift-argument-parser's help dump: `rootmail.1`
/// and `rootmail-<command>[-<sub>].1` for every visible command.
@_spi(RootmailHost) public enum ManPage {
  public static func pages(for command: JSONValue, version: String, parents: [String] = []) -> [(String, String)] {
    guard command["shouldDisplay"]?.boolValue ?? true, let name = command["commandName"]?.stringValue, name != "help" else {
      return []
    }
    let path = parents + [name]
    var pages = [(path.joined(separator: "-") + ".1", render(command, path: path, version: version))]
    for sub in command["subcommands"]?.arrayValue ?? [] {
      pages += Self.pages(for: sub, version: version, parents: path)
    }
    return pages
  }

  static func render(_ command: JSONValue, path: [String], version: String) -> String {
    let title = path.joined(separator: "-")
    var out = ".TH \(title.uppercased()) 1 \"\" \"rootmail \(version)\" \"rootmail manual\"\n"
    out += ".SH NAME\n\(escape(title)) \\- \(escape(command["abstract"]?.stringValue ?? ""))\n"
    let visibleArgs = (command["arguments"]?.arrayValue ?? []).filter { $0["shouldDisplay"]?.boolValue ?? true }
    let subs = (command["subcommands"]?.arrayValue ?? []).filter {
      ($0["shouldDisplay"]?.boolValue ?? true) && $0["commandName"]?.stringValue != "help"
    }
    out += ".SH SYNOPSIS\n.B \(escape(path.joined(separator: " ")))\n"
    if !subs.isEmpty { out += "\\fIcommand\\fR\n" }
    for arg in visibleArgs where arg["kind"]?.stringValue == "positional" {
      out += "\\fI\(escape(arg["valueName"]?.stringValue ?? "value"))\\fR\n"
    }
    out += "[\\fIoptions\\fR]\n"
    if let discussion = command["discussion"]?.stringValue, !discussion.isEmpty {
      out += ".SH DESCRIPTION\n\(paragraphs(discussion))"
    }
    if !subs.isEmpty {
      out += ".SH COMMANDS\n"
      for sub in subs {
        let subName = sub["commandName"]?.stringValue ?? ""
        out += ".TP\n.B \(escape(subName))\n\(escape(sub["abstract"]?.stringValue ?? ""))\n"
        out += "See \\fB\((path + [subName]).joined(separator: "-"))\\fR(1).\n"
      }
    }
    if !visibleArgs.isEmpty { out += ".SH OPTIONS\n" + entries(visibleArgs) }
    if path.count == 1 {
      out +=
        ".SH GLOBAL OPTIONS\nThe commands that act on AWS, the store or the config take these; their pages point here.\n"
        + entries(GlobalOptionsHelp.dumpedArguments())
    } else if takesGlobalOptions(command) {
      out += ".SH GLOBAL OPTIONS\nThe global options of \\fBrootmail\\fR(1) (\\fB\\-\\-profile\\fR, \\fB\\-\\-region\\fR, …).\n"
    }
    if path.count == 1 {
      out += ".SH EXIT STATUS\n"
      out += ".TP\n0\nsuccess\n.TP\n1\na check or an operation failed\n.TP\n64\nthe command line was wrong\n"
      out += ".TP\n65\ninput data was wrong\n.TP\n69\nan AWS service was unavailable\n.TP\n77\naccess was denied\n"
      out += ".TP\n78\nconfiguration error\n"
      out +=
        ".SH ENVIRONMENT\nEvery config key \\fIkey\\fR can be set with \\fBROOTMAIL_\\fIKEY\\fR; see \\fBrootmail config show\\fR.\n"
      out += "\\fBROOTMAIL_PLUGIN_PATH\\fR, \\fBROOTMAIL_CONFIG\\fR, \\fBNO_COLOR\\fR and the AWS CLI's variables are honoured.\n"
    }
    if path.count > 1 {
      out += ".SH SEE ALSO\n\\fB\(path.dropLast().joined(separator: "-"))\\fR(1)\n"
    }
    return out
  }

  /// `.TP` entries for options and arguments from the help dump.
  static func entries(_ args: [JSONValue]) -> String {
    var out = ""
    for arg in args {
      out += ".TP\n" + term(arg) + "\n"
      var help = arg["abstract"]?.stringValue ?? ""
      if let d = arg["defaultValue"]?.stringValue, !d.isEmpty { help += " (default: \(d))" }
      out += escape(help) + "\n"
      if let discussion = arg["discussion"]?.stringValue, !discussion.isEmpty { out += escape(discussion) + "\n" }
    }
    return out
  }

  /// Whether the command declares the (hidden) `GlobalOptions`: it has a hidden `--profile`.
  static func takesGlobalOptions(_ command: JSONValue) -> Bool {
    (command["arguments"]?.arrayValue ?? []).contains { arg in
      !(arg["shouldDisplay"]?.boolValue ?? true)
        && (arg["names"]?.arrayValue ?? []).contains { $0["name"]?.stringValue == "profile" }
    }
  }

  static func term(_ arg: JSONValue) -> String {
    let names = (arg["names"]?.arrayValue ?? []).compactMap { n -> String? in
      guard let name = n["name"]?.stringValue else { return nil }
      switch n["kind"]?.stringValue {
      case "short": return "-" + name
      case "longWithSingleDash": return "-" + name
      default: return "--" + name
      }
    }
    let value = arg["valueName"]?.stringValue ?? "value"
    if arg["kind"]?.stringValue == "positional" { return "\\fI\(escape(value))\\fR" }
    let label = names.map { "\\fB\(escape($0))\\fR" }.joined(separator: ", ")
    return arg["kind"]?.stringValue == "option" ? "\(label) \\fI\(escape(value))\\fR" : label
  }

  static func paragraphs(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
      line.isEmpty ? ".PP" : escape(String(line))
    }.joined(separator: "\n") + "\n"
  }

  static func escape(_ text: String) -> String {
    var out = text.replacing("\\", with: "\\e").replacing("-", with: "\\-")
    if out.hasPrefix(".") || out.hasPrefix("'") { out = "\\&" + out }
    return out
  }
}
