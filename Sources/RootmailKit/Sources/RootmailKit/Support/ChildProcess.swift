#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Runs a program with `posix_spawnp` (found on `PATH` unless the name holds a `/`; no shell),
/// feeds `input` to its stdin and collects stdout and stderr, with a deadline after which the
/// child and every process in its process group (it leads a new one) are killed.
/// Used by `credential_process`, deploy's `dns check` run and the `exec:` mail receiver.
///
/// One `poll` loop writes stdin (non-blocking, a slice at a time) and reads both outputs as
/// they come, so a large input never deadlocks against a child that writes before it reads; a
/// child that exits without reading its input ends the writing (EPIPE, with SIGPIPE ignored
/// here and restored to its default in the child).
@_spi(RootmailHost) public enum ChildProcess {
  /// What a finished child left behind.
  public struct Result: Sendable {
    /// The exit code, or 128 + the signal number when a signal ended it.
    public let status: Int32
    /// The signal that ended the child, if one did (SIGKILL after a timeout).
    public let signal: Int32?
    /// Its outputs (only the last `outputLimit` bytes of each when a limit was given).
    public let stdout: [UInt8]
    public let stderr: [UInt8]
    /// The deadline passed and the child was killed.
    public let timedOut: Bool
  }

  /// Why a child could not be started.
  public struct SpawnError: Error, CustomStringConvertible, Sendable {
    public let program: String
    public let errno: Int32
    public var description: String { "cannot run \(program): \(String(cString: strerror(errno)))" }
  }

  /// Runs `arguments[0]` with the rest as its arguments and waits for it. `environment` nil
  /// inherits ours. After `timeoutSeconds` the process group gets SIGTERM and, `killGraceSeconds`
  /// later, SIGKILL (at once when the grace is 0). `outputLimit` keeps only the last bytes of
  /// each output. Once the child has exited, outputs still held open by something it left
  /// running are read for at most a second more. With `executable` (a `TrustedPath`'s
  /// descriptor), that file is what runs — `arguments[0]` is only its name — so a path swapped
  /// after the check changes nothing.
  public static func run(
    _ arguments: [String], executable: Int32? = nil, environment: [String: String]? = nil, input: [UInt8] = [],
    timeoutSeconds: Double = 60, killGraceSeconds: Double = 0, outputLimit: Int? = nil
  ) throws -> Result {
    let child = try spawn(arguments, executable: executable, environment: environment)
    let io = pump(child, input: input, timeoutSeconds: timeoutSeconds, outputLimit: outputLimit)
    if !io.exited {
      // The whole group: a shell script leaves its children behind.
      terminate(child.pid, graceSeconds: killGraceSeconds)
    }
    var status: Int32 = 0
    while waitpid(child.pid, &status, 0) == -1 && errno == EINTR {}
    let signal = status & 0x7F
    let code = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    return Result(
      status: code, signal: signal == 0 ? nil : signal, stdout: io.out, stderr: io.err, timedOut: io.timedOut)
  }

  /// `run` on a thread of its own, so that a child that runs for a minute never holds one of
  /// the concurrency pool's few threads.
  public static func runOnOwnThread(
    _ arguments: [String], executable: Int32? = nil, environment: [String: String]? = nil, input: [UInt8] = [],
    timeoutSeconds: Double = 60, killGraceSeconds: Double = 0, outputLimit: Int? = nil
  ) async throws -> Result {
    try await OwnThread.run {
      try run(
        arguments, executable: executable, environment: environment, input: input, timeoutSeconds: timeoutSeconds,
        killGraceSeconds: killGraceSeconds, outputLimit: outputLimit)
    }
  }

  /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 on), which Swift's Glibc module
  /// does not export; nil on an older C library.
  private static let closeFromAction: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32)? = {
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else {
      return nil
    }
    return unsafeBitCast(
      symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32).self)
  }()

  /// A spawned child and our ends of its three pipes.
  private struct Spawned {
    let pid: pid_t
    let stdin: Int32
    let stdout: Int32
    let stderr: Int32
  }

  /// The descriptor number a checked executable has in the child, which runs
  /// `/proc/self/fd/3`: a script's interpreter then opens the script as `/dev/fd/3`, so the
  /// descriptor stays open (an `O_PATH` one: it grants nothing but naming that file).
  static let executableSlot: Int32 = 3

  private static func spawn(_ arguments: [String], executable: Int32?, environment: [String: String]?) throws
    -> Spawned
  {
    precondition(!arguments.isEmpty, "no program to run")
    // Above every descriptor the actions below touch, so the dup to the slot never meets one.
    let held = executable.map { fcntl($0, F_DUPFD_CLOEXEC, 10) }
    defer { if let held, held >= 0 { close(held) } }
    if let held, held < 0 { throw SpawnError(program: arguments[0], errno: errno) }
    var inPipe: [Int32] = [-1, -1]
    var outPipe: [Int32] = [-1, -1]
    var errPipe: [Int32] = [-1, -1]
    // Close-on-exec, so children spawned at the same time by other threads do not hold our pipes.
    // (Glibc's module does not export pipe2, so the flag is set right after.)
    guard pipe(&inPipe) == 0, pipe(&outPipe) == 0, pipe(&errPipe) == 0 else {
      let code = errno
      for fd in inPipe + outPipe + errPipe where fd >= 0 { close(fd) }
      throw SpawnError(program: arguments[0], errno: code)
    }
    for fd in inPipe + outPipe + errPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
    posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
    posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
    for fd in inPipe + outPipe + errPipe { posix_spawn_file_actions_addclose(&actions, fd) }
    if let held { posix_spawn_file_actions_adddup2(&actions, held, executableSlot) }
    // Nothing else of ours reaches the child: a descriptor some library or another thread
    // opened without close-on-exec (a file being written, a socket) would otherwise leak into
    // it and stay open as long as it runs.
    if let closeFrom = closeFromAction { _ = closeFrom(&actions, held == nil ? 3 : executableSlot + 1) }

    // The child leads its own process group, so that a timeout kills what it started too. It
    // gets SIGPIPE back at its default (we ignore it) and no blocked signals.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    posix_spawnattr_setflags(
      &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
    posix_spawnattr_setpgroup(&attributes, 0)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    sigaddset(&defaults, SIGPIPE)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    var mask = sigset_t()
    sigemptyset(&mask)
    posix_spawnattr_setsigmask(&attributes, &mask)

    let argv = arguments.map { strdup($0) } + [nil]
    defer { for p in argv { free(p) } }
    let envStrings = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } + [nil] }
    defer { for p in envStrings ?? [] { free(p) } }
    var pid: pid_t = 0
    var spawned: Int32 = 0
    // ETXTBSY: a file just written is still open for writing in a child another thread is
    // starting; it goes away within milliseconds (Go retries the same way).
    for attempt in 0..<20 {
      func start(_ env: UnsafePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
        held != nil
          ? posix_spawn(&pid, "/proc/self/fd/\(executableSlot)", &actions, &attributes, argv, env)
          : posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, env)
      }
      spawned = envStrings.map { start($0) } ?? start(environ)
      guard spawned == ETXTBSY, attempt < 19 else { break }
      usleep(10_000)
    }
    close(inPipe[0])
    close(outPipe[1])
    close(errPipe[1])
    guard spawned == 0 else {
      for fd in [inPipe[1], outPipe[0], errPipe[0]] { close(fd) }
      throw SpawnError(program: arguments[0], errno: spawned)
    }
    return Spawned(pid: pid, stdin: inPipe[1], stdout: outPipe[0], stderr: errPipe[0])
  }

  /// Writes the input and reads both outputs at once (so no pipe fills up and blocks), until
  /// the child has exited and both outputs closed, or the deadline passes. The child is left
  /// unreaped (a zombie keeps its process group id from being reused before it is killed).
  /// Closes the three descriptors.
  private static func pump(_ child: Spawned, input: [UInt8], timeoutSeconds: Double, outputLimit: Int?) -> (
    out: [UInt8], err: [UInt8], timedOut: Bool, exited: Bool
  ) {
    var out: [UInt8] = []
    var err: [UInt8] = []
    var written = 0
    var inFD: Int32 = child.stdin
    if input.isEmpty {
      close(inFD)
      inFD = -1
    } else {
      // A child that exits without reading its input must not kill us with SIGPIPE.
      signal(SIGPIPE, SIG_IGN)
      _ = fcntl(inFD, F_SETFL, fcntl(inFD, F_GETFL) | O_NONBLOCK)
    }
    var openOut = true
    var openErr = true
    let deadline = monotonicSeconds() + timeoutSeconds
    var exitedAt: Double?
    var idleWait: Int32 = 1
    var buffer = [UInt8](repeating: 0, count: 65536)
    var timedOut = false
    while true {
      let now = monotonicSeconds()
      if exitedAt == nil && hasExited(child.pid) { exitedAt = now }
      if let exitedAt {
        // Done once both outputs closed; something the child left running may hold them open
        // for ever, so not longer than a second after it exited.
        if !openOut && !openErr || now - exitedAt > 1 { break }
        if inFD >= 0 {
          close(inFD)
          inFD = -1
        }
      }
      let left = deadline - now
      if left <= 0 {
        timedOut = exitedAt == nil
        break
      }
      // Outputs open: poll wakes on them (and every 100 ms to look for the exit). Nothing to
      // wait on: look for the exit after 1, 2, 4 … ms, at most 100.
      let waiting = openOut || openErr || inFD >= 0
      var fds = [
        pollfd(fd: openOut ? child.stdout : -1, events: Int16(POLLIN), revents: 0),
        pollfd(fd: openErr ? child.stderr : -1, events: Int16(POLLIN), revents: 0),
        pollfd(fd: inFD, events: Int16(POLLOUT), revents: 0),
      ]
      let wait = waiting ? 100 : idleWait
      if !waiting { idleWait = min(idleWait * 2, 100) }
      let ready = poll(&fds, 3, min(Int32(left * 1000) + 1, wait))
      if ready < 0 && errno != EINTR { break }
      for (index, fd) in [child.stdout, child.stderr].enumerated() where fds[index].revents != 0 {
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n > 0 {
          if index == 0 {
            append(buffer[0..<n], to: &out, limit: outputLimit)
          } else {
            append(buffer[0..<n], to: &err, limit: outputLimit)
          }
        } else if n == 0 || (errno != EINTR && errno != EAGAIN) {
          if index == 0 { openOut = false } else { openErr = false }
        }
      }
      if inFD >= 0 && fds[2].revents != 0 {
        let n = input[written...].withUnsafeBytes { write(inFD, $0.baseAddress, $0.count) }
        if n > 0 { written += n }
        // Everything written, or the child closed its end (EPIPE): it has all it will read.
        if written == input.count || (n < 0 && errno != EAGAIN && errno != EINTR) {
          close(inFD)
          inFD = -1
        }
      }
    }
    if inFD >= 0 { close(inFD) }
    close(child.stdout)
    close(child.stderr)
    if let outputLimit {
      if out.count > outputLimit { out.removeFirst(out.count - outputLimit) }
      if err.count > outputLimit { err.removeFirst(err.count - outputLimit) }
    }
    return (out, err, timedOut, exitedAt != nil)
  }

  /// Appends, keeping at most about `limit` bytes (twice that before trimming, so trimming is rare).
  private static func append(_ bytes: ArraySlice<UInt8>, to buffer: inout [UInt8], limit: Int?) {
    buffer += bytes
    if let limit, buffer.count > 2 * limit { buffer.removeFirst(buffer.count - limit) }
  }

  /// Whether `pid` has ended, without reaping it (`WNOWAIT`).
  private static func hasExited(_ pid: pid_t) -> Bool {
    var info = siginfo_t()
    guard waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 else { return errno == ECHILD }
    return info._sifields._sigchld.si_pid == pid
  }

  /// SIGTERM to the process group, SIGKILL after `graceSeconds` (at once when 0) to whatever
  /// is left of it. The child itself stays unreaped for the caller.
  private static func terminate(_ pid: pid_t, graceSeconds: Double) {
    if graceSeconds > 0 {
      kill(-pid, SIGTERM)
      kill(pid, SIGTERM)
      let until = monotonicSeconds() + graceSeconds
      var pause: UInt32 = 1000
      while !hasExited(pid) && monotonicSeconds() < until {
        usleep(pause)
        pause = min(pause * 2, 50_000)
      }
    }
    kill(-pid, SIGKILL)
    kill(pid, SIGKILL)
  }

  private static func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
  }
}
