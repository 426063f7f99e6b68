#if canImport(Glibc)
  @preconcurrency import Glibc
#endif

/// A program the user works in (`config edit`'s editor): it gets the terminal (stdin, stdout
/// and stderr as rootmail has them) and rootmail waits until it quits, ignoring SIGINT and
/// SIGQUIT meanwhile as `system(3)` does (a Ctrl-C is the editor's, which starts with the
/// default actions and no signal blocked).
@_spi(RootmailHost) public enum InteractiveProgram {
  /// Runs `arguments` (the first an absolute path) with `environment`; its exit status (128 +
  /// the signal when one ended it), or a failure when it cannot start.
  public static func run(_ arguments: [String], environment: [String: String]) throws -> Int32 {
    let argv = arguments.map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      for p in argv { free(p) }
      for p in envp { free(p) }
    }
    StandardStream.flushOut()
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var defaults = sigset_t()
    sigemptyset(&defaults)
    sigaddset(&defaults, SIGINT)
    sigaddset(&defaults, SIGQUIT)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    // The thread that spawns (one of the concurrency pool's) blocks most signals; the editor
    // must not inherit that mask, or Ctrl-C and window resizes never reach it.
    var unblocked = sigset_t()
    sigemptyset(&unblocked)
    posix_spawnattr_setsigmask(&attributes, &unblocked)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
    let previousInterrupt = signal(SIGINT, SIG_IGN)
    let previousQuit = signal(SIGQUIT, SIG_IGN)
    defer {
      signal(SIGINT, previousInterrupt)
      signal(SIGQUIT, previousQuit)
    }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, arguments[0], nil, &attributes, argv, envp)
    guard spawned == 0 else { throw CLIError("cannot run \(arguments[0]): \(String(cString: strerror(spawned)))") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    let killedBy = status & 0x7f
    return killedBy == 0 ? (status >> 8) & 0xff : 128 + killedBy
  }
}
