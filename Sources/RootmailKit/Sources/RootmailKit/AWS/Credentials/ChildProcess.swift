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

/// Runs a program with `posix_spawnp` (found on `PATH`, no shell), writes `input` to its stdin
/// and collects stdout and stderr, with a deadline after which the child and every process in
/// its process group (it leads a new one) are killed.
/// Used by `credential_process`; small enough to reuse wherever the kit needs a child process.
public enum ChildProcess {
  /// What a finished child left behind.
  public struct Result: Sendable {
    /// The exit code, or 128 + the signal number when a signal ended it.
    public let status: Int32
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

  /// Runs `arguments[0]` with the rest as its arguments. `environment` nil inherits ours.
  public static func run(
    _ arguments: [String], environment: [String: String]? = nil, input: [UInt8] = [], timeoutSeconds: Double = 60
  ) throws -> Result {
    precondition(!arguments.isEmpty, "no program to run")
    var inPipe: [Int32] = [-1, -1]
    var outPipe: [Int32] = [-1, -1]
    var errPipe: [Int32] = [-1, -1]
    // Close-on-exec, so children spawned at the same time by other threads do not hold our pipes.
    // (Glibc's module does not export pipe2, so the flag is set right after.)
    guard pipe(&inPipe) == 0, pipe(&outPipe) == 0, pipe(&errPipe) == 0 else {
      throw SpawnError(program: arguments[0], errno: errno)
    }
    for fd in inPipe + outPipe + errPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
    posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
    posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
    for fd in inPipe + outPipe + errPipe { posix_spawn_file_actions_addclose(&actions, fd) }

    // The child leads its own process group, so that a timeout kills what it started too.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
    posix_spawnattr_setpgroup(&attributes, 0)

    let argv = arguments.map { strdup($0) } + [nil]
    defer { for p in argv { free(p) } }
    let envStrings = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } + [nil] }
    defer { for p in envStrings ?? [] { free(p) } }
    var pid: pid_t = 0
    var spawned: Int32 = 0
    // ETXTBSY: a file just written is still open for writing in a child another thread is
    // starting; it goes away within milliseconds (Go retries the same way).
    for attempt in 0..<20 {
      if let envStrings {
        spawned = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envStrings)
      } else {
        spawned = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, environ)
      }
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
    let io = pump(stdin: inPipe[1], stdout: outPipe[0], stderr: errPipe[0], input: input, timeoutSeconds: timeoutSeconds)
    // The whole group: a credential_process that is a shell script leaves its children behind.
    if io.timedOut { kill(-pid, SIGKILL) }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    let code = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    return Result(status: code, stdout: io.out, stderr: io.err, timedOut: io.timedOut)
  }

  /// Writes the input and reads both outputs at once (so no pipe fills up and blocks), until
  /// both outputs close or the deadline passes. Closes the three descriptors.
  private static func pump(stdin: Int32, stdout: Int32, stderr: Int32, input: [UInt8], timeoutSeconds: Double) -> (
    out: [UInt8], err: [UInt8], timedOut: Bool
  ) {
    var out: [UInt8] = []
    var err: [UInt8] = []
    var written = 0
    var inFD: Int32 = stdin
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
    var buffer = [UInt8](repeating: 0, count: 65536)
    var timedOut = false
    while openOut || openErr {
      let left = deadline - monotonicSeconds()
      if left <= 0 {
        timedOut = true
        break
      }
      var fds = [
        pollfd(fd: openOut ? stdout : -1, events: Int16(POLLIN), revents: 0),
        pollfd(fd: openErr ? stderr : -1, events: Int16(POLLIN), revents: 0),
        pollfd(fd: inFD, events: Int16(POLLOUT), revents: 0),
      ]
      let ready = poll(&fds, 3, Int32(min(left * 1000, 1000)) + 1)
      if ready < 0 && errno != EINTR { break }
      for (index, fd) in [stdout, stderr].enumerated() where fds[index].revents != 0 {
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n > 0 {
          if index == 0 { out += buffer[0..<n] } else { err += buffer[0..<n] }
        } else if n == 0 || (errno != EINTR && errno != EAGAIN) {
          if index == 0 { openOut = false } else { openErr = false }
        }
      }
      if inFD >= 0 && fds[2].revents != 0 {
        let n = input[written...].withUnsafeBytes { write(inFD, $0.baseAddress, $0.count) }
        if n > 0 { written += n }
        if written == input.count || (n < 0 && errno != EAGAIN && errno != EINTR) {
          close(inFD)
          inFD = -1
        }
      }
    }
    if inFD >= 0 { close(inFD) }
    close(stdout)
    close(stderr)
    return (out, err, timedOut)
  }

  private static func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
  }
}
