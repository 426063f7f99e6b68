/// `rootmail completion bash|zsh|fish`: prints the completion script for the whole command
/// tree (every plugin loaded), as `gh completion` and `kubectl completion` do; the same text
/// `generate-docs` writes to completions/.
@_spi(RootmailHost) public struct CompletionCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "completion",
    abstract: "Print the shell completion script for bash, zsh or fish.",
    discussion: """
      The script covers every command of every plugin found now; print it again after \
      installing a plugin.

      To enable completion, add one line to your shell's start-up file:

        bash (~/.bashrc):                 source <(rootmail completion bash)
        zsh (~/.zshrc, after compinit):   source <(rootmail completion zsh)
        fish (~/.config/fish/config.fish): rootmail completion fish | source
      """)

  /// A shell rootmail writes a completion script for.
  public enum Shell: String, ExpressibleByArgument, CaseIterable, Sendable {
    case bash, zsh, fish

    var completionShell: CompletionShell {
      switch self {
      case .bash: .bash
      case .zsh: .zsh
      case .fish: .fish
      }
    }
    /// The file `generate-docs` writes the script to.
    var fileName: String {
      switch self {
      case .bash: "rootmail.bash"
      case .zsh: "_rootmail"
      case .fish: "rootmail.fish"
      }
    }
  }

  @Argument(help: "The shell: bash, zsh or fish.")
  var shell: Shell

  public init() {}

  public func run() throws { try run(host: HostSession()) }

  /// Prints the script for the command tree the dispatcher built (`host.rootCommand`).
  public func run(host: HostSession) throws {
    guard let root = host.rootCommand else { throw CLIError("no command tree") }
    StandardStream.writeOut(Self.script(for: shell, root: root))
    StandardStream.flushOut()
  }

  /// The completion script for `shell` (the global options shown, so they complete after
  /// every command).
  static func script(for shell: Shell, root: any ParsableCommand.Type) -> String {
    GlobalOptionsHelp.shown { root.completionScript(for: shell.completionShell) }
  }
}
