#if canImport(Glibc)
  @preconcurrency import Glibc
#endif

/// The pager long data goes through on a terminal, as git and gh page: `$ROOTMAIL_PAGER`, else
/// `$PAGER` (each run by `sh -c`, as git runs them; empty or `cat` means none), else `less -FRX`
/// when `less` is on `PATH` (`-F` quits at once when the text fits the screen, `-R` shows colour,
/// `-X` leaves the text on the screen). While it runs, stdout is the pager's input; `finish()`
/// gives stdout back and waits for the reader to quit.
@_spi(RootmailHost) public final class Pager: @unchecked Sendable {
  private let pid: pid_t
  private let savedStdout: Int32
  private let shown: String

  private init(pid: pid_t, savedStdout: Int32, shown: String) {
    self.pid = pid
    self.savedStdout = savedStdout
    self.shown = shown
  }

  /// The pager's command line for `environment`, or nil for none.
  public static func command(environment: [String: String]) -> [String]? {
    for name in ["ROOTMAIL_PAGER", "PAGER"] {
      guard let value = environment[name] else { continue }
      let trimmed = value.trimmingSpaces()
      if trimmed.isEmpty || trimmed == "cat" { return nil }
      return ["/bin/sh", "-c", trimmed]
    }
    let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    for folder in path.split(separator: ":") where folder.hasPrefix("/") {
      let less = String(folder) + "/less"
      if access(less, X_OK) == 0 { return [less, "-FRX"] }
    }
    return nil
  }

  /// Starts the pager and points stdout at it; nil (stdout unchanged) when there is none or it
  /// cannot be started.
  public static func start(environment: [String: String]) -> Pager? {
    guard let arguments = command(environment: environment) else { return nil }
    // A pager command whose program is not there would take the output and show nothing (sh
    // exits 127): found missing first, the output is shown without it, as git does.
    if arguments.count == 3, let program = missingProgram(arguments[2], environment: environment) {
      StandardStream.writeErr(
        "rootmail: warning: the pager \(TerminalSafe.quoted(program)) was not found, so the output is shown without it: "
          + "fix ROOTMAIL_PAGER or PAGER, or pass --no-pager\n")
      return nil
    }
    var fds: [Int32] = [-1, -1]
    guard pipe(&fds) == 0 else { return nil }
    _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, fds[0], 0)
    posix_spawn_file_actions_addclose(&actions, fds[0])
    var env = environment
    if env["LESS"] == nil { env["LESS"] = "FRX" }
    if env["LV"] == nil { env["LV"] = "-c" }
    let argv = arguments.map { strdup($0) } + [nil]
    let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      for p in argv { free(p) }
      for p in envp { free(p) }
    }
    // The pager gets no blocked signal (a pool thread may block most) and default actions for
    // SIGINT, SIGQUIT and SIGPIPE, so it reacts to the keyboard and window as it should.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for signal in [SIGINT, SIGQUIT, SIGPIPE] { sigaddset(&defaults, signal) }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    var mask = sigset_t()
    sigemptyset(&mask)
    posix_spawnattr_setsigmask(&attributes, &mask)
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
    close(fds[0])
    guard spawned == 0 else {
      close(fds[1])
      return nil
    }
    // A reader who quits early (q in less) is not an error: writes then fail quietly and the
    // command ends as usual, exit 0, as with git.
    signal(SIGPIPE, SIG_IGN)
    fflush(stdout)
    let saved = dup(STDOUT_FILENO)
    dup2(fds[1], STDOUT_FILENO)
    close(fds[1])
    return Pager(pid: pid, savedStdout: saved, shown: arguments.last ?? "")
  }

  /// Words `sh` reads itself (builtins and keywords), never looked up on `PATH`.
  static let shellWords: Set<String> = [
    "alias", "case", "cd", "command", "echo", "eval", "exec", "exit", "export", "false", "for", "hash", "if", "local",
    "printf", "read", "readonly", "return", "set", "shift", "test", "time", "trap", "true", "type", "ulimit", "umask",
    "unset", "until", "wait", "while",
  ]

  /// The program of a pager command that names one plainly (`most`, `/usr/bin/less -R`: no
  /// shell syntax in its first word) when it is neither an executable path nor on `PATH`; nil
  /// when it is there or the shell must read the command.
  static func missingProgram(_ command: String, environment: [String: String]) -> String? {
    guard let first = command.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init),
      first.unicodeScalars.allSatisfy({
        ($0 >= "a" && $0 <= "z") || ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") || "/._+-".unicodeScalars.contains($0)
      })
    else { return nil }
    if shellWords.contains(first) { return nil }
    if first.contains("/") { return access(first, X_OK) == 0 ? nil : first }
    let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    for folder in path.split(separator: ":") where !folder.isEmpty {
      if access(String(folder) + "/" + first, X_OK) == 0 { return nil }
    }
    return first
  }

  /// Gives stdout back (the pager sees the end of its input) and waits for the pager to quit.
  public func finish() {
    fflush(stdout)
    dup2(savedStdout, STDOUT_FILENO)
    close(savedStdout)
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    // sh's 126/127: the pager is not there or not a program, so nothing was shown. Said, so the
    // output is not lost without a word.
    let exited = status & 0x7F == 0
    let code = (status >> 8) & 0xFF
    if exited && (code == 126 || code == 127) {
      StandardStream.writeErr(
        "rootmail: warning: the pager \(TerminalSafe.quoted(shown)) could not run (exit \(code)), so "
          + "nothing was shown: fix ROOTMAIL_PAGER or PAGER, or pass --no-pager\n")
    }
  }
}

@_spi(RootmailHost) extension Terminal {
  /// Columns of the terminal on stdout: `COLUMNS` when set to a number, else the tty's own
  /// size; nil when stdout is not a terminal (piped output is never cut).
  public static func width(environment: [String: String]) -> Int? {
    guard stdoutIsTerminal else { return nil }
    if let columns = environment["COLUMNS"].flatMap({ Int($0) }), columns > 0 { return columns }
    var size = winsize()
    guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
    return Int(size.ws_col)
  }
}
