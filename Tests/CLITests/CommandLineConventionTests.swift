import Foundation
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// git's and gh's conventions: "did you mean" for a mistyped command, global options listed once,
/// and `rootmail completion <shell>`.
@Suite struct CommandLineConventionTests {
  @Test func aMistypedTopLevelCommandGetsASuggestion() throws {
    let cli = try RootmailCLI()
    let result = try cli.run(["mial"])
    #expect(result.status == 64)
    #expect(result.stderr == "rootmail: 'mial' is not a rootmail command. Did you mean 'mail'?\n", "\(result.stderr)")
    #expect(result.stdout.isEmpty)
  }

  /// Once the plugin index is current, a typo loads no plugin (the index knows every command),
  /// and a known command still loads only its own. glibc's LD_DEBUG shows each dlopen.
  @Test func aTypoLoadsNoPluginOnceIndexed() throws {
    let cli = try RootmailCLI()
    #expect(try cli.run(["plugins", "list"]).status == 0)
    func loads(_ r: RootmailCLI.Result) -> Int {
      r.stderr.split(separator: "\n").filter { $0.contains("file=/proc/self/fd/") && $0.contains("dynamically loaded") }.count
    }
    let typo = try cli.run(["mial"], extraEnvironment: ["LD_DEBUG": "files"])
    #expect(typo.status == 64 && typo.stderr.contains("rootmail: 'mial' is not a rootmail command. Did you mean 'mail'?"))
    #expect(loads(typo) == 0, "\(typo.stderr)")
    let known = try cli.run(["hello"], extraEnvironment: ["LD_DEBUG": "files"])
    #expect(known.status == 0 && loads(known) == 1, "\(known.stderr)")
  }

  @Test func aMistypedSubcommandOfAPluginGetsASuggestion() throws {
    let cli = try RootmailCLI()
    let result = try cli.run(["mail", "lsit"])
    #expect(result.status == 64)
    #expect(result.stderr == "rootmail: 'lsit' is not a rootmail mail command. Did you mean 'list'?\n", "\(result.stderr)")
    let mappings = try cli.run(["mappings", "improt", "x.csv"])
    #expect(mappings.status == 64 && mappings.stderr.contains("Did you mean 'import'?"), "\(mappings.stderr)")
    // `help` with a mistyped command says so (it printed the top-level help, exit 0).
    let help = try cli.run(["help", "mial"])
    #expect(help.status == 64 && help.stdout.isEmpty, "\(help.stdout)")
    #expect(help.stderr == "rootmail: 'mial' is not a rootmail command. Did you mean 'mail'?\n", "\(help.stderr)")
    let nested = try cli.run(["help", "mail", "\u{1b}[31mlsit"])
    #expect(nested.status == 64 && nested.stderr.contains("'\\u{1b}[31mlsit' is not a rootmail mail command"), "\(nested.stderr)")
    #expect(try cli.run(["help", "mail", "list"]).stdout.contains("USAGE: rootmail mail list"))
    // After a known command, its own errors are unchanged.
    let option = try cli.run(["mail", "list", "--acount", "x"])
    #expect(option.status == 64 && option.stderr.contains("Did you mean '--account'?"), "\(option.stderr)")
  }

  @Test func nothingCloseListsTheCommands() throws {
    let cli = try RootmailCLI()
    let result = try cli.run(["xyzzy"])
    #expect(result.status == 64)
    #expect(result.stderr.hasPrefix("rootmail: 'xyzzy' is not a rootmail command. The commands are: "), "\(result.stderr)")
    for name in ["config", "vend", "mail", "mappings", "completion"] { #expect(result.stderr.contains(name)) }
    #expect(!result.stderr.contains("generate-docs"))
    // A hostile word is shown escaped, never as raw control bytes.
    let hostile = try cli.run(["\u{1B}[31mx"])
    #expect(hostile.status == 64 && !hostile.stderr.contains("\u{1B}"), "\(hostile.stderr)")
  }

  @Test func globalOptionsAreListedOnceAtTheTop() throws {
    let cli = try RootmailCLI()
    let root = try cli.run(["--help"])
    #expect(root.status == 0)
    #expect(root.stdout.contains("GLOBAL OPTIONS:"), "\(root.stdout)")
    for option in ["--profile", "--region", "--endpoint-url", "--config", "--output", "--no-pager"] {
      #expect(root.stdout.components(separatedBy: option + " ").count - 1 == 1, "rootmail --help lists \(option) once")
    }
    let vend = try cli.run(["vend", "--help"])
    #expect(vend.status == 0)
    #expect(vend.stdout.contains("--strategy") && !vend.stdout.contains("--endpoint-url <url>"), "\(vend.stdout)")
    #expect(
      vend.stdout.hasSuffix(
        "GLOBAL OPTIONS: see 'rootmail --help' (--profile, --region, --endpoint-url, --config, -o, -v, ...)\n"))
    // Not where they are not taken: a command group, `completion`.
    for args in [["mail", "--help"], ["completion", "--help"]] {
      let help = try cli.run(args)
      #expect(help.status == 0 && !help.stdout.contains("GLOBAL OPTIONS"), "\(args)")
    }
    let viaHelp = try cli.run(["help", "mail", "list"])
    #expect(viaHelp.stdout.contains("GLOBAL OPTIONS: see 'rootmail --help'") && !viaHelp.stdout.contains("--no-pager"))
    // Hidden, they still parse, before or after the command.
    let parsed = try cli.run(["--region", "eu-west-1", "whoami", "--no-pager", "--color", "never", "--help"])
    #expect(parsed.status == 0, "\(parsed.stderr)")
    // swift-argument-parser suggests only visible options; rootmail adds the hidden global ones.
    // Its errors start as every rootmail error does.
    let wrong = try cli.run(["plugins", "list", "--colour", "never"])
    #expect(
      wrong.status == 64
        && wrong.stderr.hasPrefix("rootmail: error: unknown option '--colour'. Did you mean '--color'?\n"),
      "\(wrong.stderr)")
    let missing = try cli.run(["plugins", "list", "--nonsense"])
    #expect(
      missing.status == 64 && missing.stderr.hasPrefix("rootmail: error: unknown option '--nonsense'\n"), "\(missing.stderr)")
    // Between a command group's words too, as kubectl and the AWS CLI take them.
    for arguments in [["plugins", "-o", "json", "list"], ["plugins", "--output=json", "--no-pager", "list"]] {
      let between = try cli.run(arguments)
      #expect(between.status == 0 && between.stdout.hasPrefix("{\n  \"searchPath\""), "\(arguments): \(between.stderr)")
    }
    // A bad value of a hidden global option lists the values, as the parser does for shown ones.
    for arguments in [["whoami", "--output", "yaml"], ["-o", "yaml", "whoami"]] {
      let yaml = try cli.run(arguments)
      #expect(yaml.status == 64, "\(yaml.stderr)")
      #expect(yaml.stderr.contains("Please provide one of 'table', 'wide', 'json' and 'text'."), "\(yaml.stderr)")
    }
    let escape = try cli.run(["whoami", "-o", "\u{1b}[31mred"])
    #expect(
      escape.status == 64 && !escape.stderr.contains("\u{1b}") && escape.stderr.contains("\\u{1b}[31mred"), "\(escape.stderr)")
    let sometimes = try cli.run(["plugins", "list", "--color", "sometimes"])
    #expect(sometimes.status == 64 && sometimes.stderr.contains("Please provide one of 'auto', 'always' and 'never'."))
    let own = try cli.run(["mappings", "import", "--overwirte", "x.csv"])
    #expect(own.status == 64 && own.stderr.contains("Did you mean '--overwrite'?"), "\(own.stderr)")
  }

  @Test func completionPrintsTheGeneratedScripts() throws {
    let cli = try RootmailCLI()
    let out = cli.home.path + "/docs"
    let docs = try cli.run(["generate-docs", "--completions", out])
    #expect(docs.status == 0, "\(docs.stderr)")
    for (shell, file) in [("bash", "rootmail.bash"), ("zsh", "_rootmail"), ("fish", "rootmail.fish")] {
      let printed = try cli.run(["completion", shell])
      #expect(printed.status == 0, "\(printed.stderr)")
      #expect(printed.stdout == (try String(contentsOfFile: out + "/" + file, encoding: .utf8)), "\(shell)")
      // The global options still complete after a command.
      #expect(printed.stdout.contains("endpoint-url") && printed.stdout.contains("no-pager"), "\(shell)")
    }
    let help = try cli.run(["completion", "--help"])
    for line in ["source <(rootmail completion bash)", "source <(rootmail completion zsh)", "rootmail completion fish | source"] {
      #expect(help.stdout.contains(line), "\(help.stdout)")
    }
    let bad = try cli.run(["completion", "tcsh"])
    #expect(bad.status == 64)
  }

  /// An installed rootmail (no in-tree example plugins) prints exactly the checked-in scripts.
  @Test func anInstalledRootmailPrintsTheCheckedInCompletions() throws {
    let cli = try RootmailCLI()
    let prefix = cli.home.path + "/prefix"
    let install = try RootmailCLI.run(
      "/bin/bash",
      ["-c", "cd \"$0\" && scripts/install.sh \"$1\" \"$2\"", RootmailCLI.repositoryRoot, prefix, RootmailCLI.buildFolder])
    #expect(install.status == 0, "\(install.stderr)")
    for (shell, file) in [("bash", "rootmail.bash"), ("zsh", "_rootmail"), ("fish", "rootmail.fish")] {
      let printed = try cli.run(["completion", shell], binary: prefix + "/bin/rootmail")
      let checkedIn = try String(contentsOfFile: RootmailCLI.repositoryRoot + "/completions/" + file, encoding: .utf8)
      #expect(printed.stdout == checkedIn, "rootmail completion \(shell) differs from completions/\(file)")
    }
  }
}
