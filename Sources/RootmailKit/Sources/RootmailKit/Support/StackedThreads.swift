import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// The threads `OwnThread.runWaiting` runs work on, kept between calls: one per caller at a
/// time, each with the stack size asked for, idle ones reused. Making a thread with a 64 MiB
/// stack for each mail (a `clone`, an `mmap`, an `mprotect` and an `munmap` of its touched
/// pages) cost the parse more than GMime's work on an ordinary mail.
enum StackedThreads {
  /// Idle threads kept per stack size; more are let go when their work is done.
  static let maxIdle = 8

  private static let idle = Mutex<[Int: [StackedThread]]>([:])

  /// Runs `job` on a thread with a stack of `stackSize` bytes and returns when it is done;
  /// false when no thread could be made (`job` is not run).
  static func run(_ job: () -> Void, stackSize: Int) -> Bool {
    let reused = idle.withLock { $0[stackSize]?.popLast() }
    guard let thread = reused ?? StackedThread.start(stackSize: stackSize) else { return false }
    thread.perform(job)
    let kept = idle.withLock { idle in
      guard idle[stackSize, default: []].count < maxIdle else { return false }
      idle[stackSize, default: []].append(thread)
      return true
    }
    if !kept { thread.retire() }
    return true
  }
}

/// One POSIX thread that waits for work, runs it, and waits again until retired. The caller
/// of `perform` waits for the work's end, so the work may use what the caller's frame holds.
private final class StackedThread: @unchecked Sendable {
  // pthread objects must not move: they live outside Swift's memory. Guarded by `lock`:
  // `job`, `finished`, `retired`.
  private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
  private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
  private var job: (() -> Void)?
  private var finished = false
  private var retired = false

  private init() {
    pthread_mutex_init(lock, nil)
    pthread_cond_init(changed, nil)
  }

  deinit {
    pthread_cond_destroy(changed)
    pthread_mutex_destroy(lock)
    changed.deallocate()
    lock.deallocate()
  }

  /// A new detached thread with a stack of `stackSize` bytes, waiting for work; nil when none
  /// could be made.
  static func start(stackSize: Int) -> StackedThread? {
    var attributes = pthread_attr_t()
    guard pthread_attr_init(&attributes) == 0 else { return nil }
    defer { pthread_attr_destroy(&attributes) }
    guard pthread_attr_setstacksize(&attributes, stackSize) == 0,
      pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED)) == 0
    else { return nil }
    let thread = StackedThread()
    let box = Unmanaged.passRetained(thread).toOpaque()
    var id = pthread_t()
    let made = pthread_create(
      &id, &attributes,
      { raw in
        Unmanaged<StackedThread>.fromOpaque(raw!).takeRetainedValue().serve()
        return nil
      }, box)
    guard made == 0 else {
      Unmanaged<StackedThread>.fromOpaque(box).release()
      return nil
    }
    return thread
  }

  /// Runs `work` on this thread and returns once it is done.
  func perform(_ work: () -> Void) {
    withoutActuallyEscaping(work) { work in
      pthread_mutex_lock(lock)
      job = work
      finished = false
      pthread_cond_broadcast(changed)
      while !finished { pthread_cond_wait(changed, lock) }
      pthread_mutex_unlock(lock)
    }
  }

  /// Ends the thread once it is idle.
  func retire() {
    pthread_mutex_lock(lock)
    retired = true
    pthread_cond_broadcast(changed)
    pthread_mutex_unlock(lock)
  }

  /// The thread's loop: waits for a job or retirement.
  private func serve() {
    pthread_mutex_lock(lock)
    while true {
      while job == nil && !retired { pthread_cond_wait(changed, lock) }
      guard let work = job else { break }
      pthread_mutex_unlock(lock)
      work()
      pthread_mutex_lock(lock)
      job = nil
      finished = true
      pthread_cond_broadcast(changed)
    }
    pthread_mutex_unlock(lock)
  }
}
