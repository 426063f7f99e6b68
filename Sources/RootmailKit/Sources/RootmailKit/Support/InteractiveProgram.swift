#if canImport(Glibc)
  @preconcurrency import Glibc
#endif

/// A program the user works in (`config edit`'s editor): it gets the terminal (stdin, stdout
/// and stderr as rootmail has them) and rootmail waits until it quits.
public enum InteractiveProgram {
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
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, arguments[0], nil, nil, argv, envp)
    guard spawned == 0 else { throw CLIError("cannot run \(arguments[0]): \(String(cString: strerror(spawned)))") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    let signal = status & 0x7f
    return signal == 0 ? (status >> 8) & 0xff : 128 + signal
  }
}
