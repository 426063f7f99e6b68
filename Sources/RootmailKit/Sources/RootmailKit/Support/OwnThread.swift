import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Work on a POSIX thread of its own instead of one of the concurrency pool's few threads: a
/// child process that runs for a minute (`ChildProcess.runOnOwnThread`), or a writer that waits
/// for what a task hands it (`mail list` writing rows while the index is read).
@_spi(RootmailHost) public enum OwnThread {
  /// Runs `work` on a new detached thread and returns what it returned, or throws what it
  /// threw, once it is done (a call that blocks, such as ldns's DNS exchange, holds no pool
  /// thread meanwhile). When no thread can be made, `work` runs here instead.
  public static func run<T: Sendable, E: Error>(_ work: @escaping @Sendable () throws(E) -> T) async throws(E) -> T {
    let result: Swift.Result<T, E> = await withCheckedContinuation { continuation in
      let job = ThreadJob { continuation.resume(returning: Swift.Result { () throws(E) -> T in try work() }) }
      if !job.start() { job.work() }
    }
    return try result.get()
  }

  /// Starts `work` on a new detached thread now, before the caller goes on, and returns a
  /// handle to wait for its end with; nil when no thread can be made (`work` is not run). Unlike
  /// a child task, the thread does not wait for one of the pool's threads, so the caller may
  /// block on what `work` will do (a full `RowPipe`) without deadlock, even on one core.
  public static func start(_ work: @escaping @Sendable () -> Void) -> Running? {
    let running = Running()
    let job = ThreadJob {
      work()
      running.markDone()
    }
    return job.start() ? running : nil
  }

  /// Runs `work` on a thread whose stack is `stackSize` bytes and returns its result once it
  /// is done, the caller's thread waiting. For work whose depth of recursion strangers pick
  /// (parsing mail with C libraries, when the parser cannot map a stack of its own): it gets a
  /// stack of known size, not whatever the calling thread has (a concurrency pool thread's is
  /// small). The threads are kept for the next call
  /// (`StackedThreads`): making one per mail cost more than parsing it. When no thread can be
  /// made, `work` runs here instead.
  public static func runWaiting<T>(stackSize: Int, _ work: () -> T) -> T {
    withoutActuallyEscaping(work) { work in
      var result: T?
      let job = { result = work() }
      if !StackedThreads.run(job, stackSize: max(stackSize, 65_536)) { job() }
      return result!
    }
  }

  /// A thread `start` started.
  public final class Running: Sendable {
    private let state = Mutex<(done: Bool, waiter: CheckedContinuation<Void, Never>?)>((false, nil))

    /// Returns once the thread's work is done.
    public func finished() async {
      await withCheckedContinuation { continuation in
        let doneAlready = state.withLock { state in
          if state.done { return true }
          state.waiter = continuation
          return false
        }
        if doneAlready { continuation.resume() }
      }
    }

    fileprivate func markDone() {
      let waiter = state.withLock { state in
        state.done = true
        defer { state.waiter = nil }
        return state.waiter
      }
      waiter?.resume()
    }
  }
}

/// Work for a detached POSIX thread.
private final class ThreadJob: Sendable {
  let work: @Sendable () -> Void

  init(_ work: @escaping @Sendable () -> Void) { self.work = work }

  /// Starts a detached thread that runs `work`; false when none could be made.
  func start() -> Bool {
    let box = Unmanaged.passRetained(self).toOpaque()
    var thread = pthread_t()
    let made = pthread_create(
      &thread, nil,
      { raw in
        let job = Unmanaged<ThreadJob>.fromOpaque(raw!).takeRetainedValue()
        job.work()
        return nil
      }, box)
    guard made == 0 else {
      Unmanaged<ThreadJob>.fromOpaque(box).release()
      return false
    }
    pthread_detach(thread)
    return true
  }
}
