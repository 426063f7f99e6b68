import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The CPU time of the calling thread (CLOCK_THREAD_CPUTIME_ID): what synchronous work cost,
/// which neither a stalled or loaded machine nor the other threads of the test process inflate.
/// Tests bound "not quadratic" work with it instead of wall-clock time, which a busy machine can
/// stretch without limit (other tests in the process hold its threads for minutes).
public enum ThreadCPUTime {
  /// Seconds of CPU the calling thread has used so far.
  public static var now: Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
  }

  /// Runs `body` (synchronous: it must run on this thread alone) and returns its value and the
  /// seconds of CPU this thread spent in it.
  public static func measure<T>(_ body: () throws -> T) rethrows -> (value: T, seconds: Double) {
    let start = now
    let value = try body()
    return (value, now - start)
  }
}
