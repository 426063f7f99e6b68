import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// Companion libraries loaded ahead of their first use, each on a thread of its own
/// (`TransportPreload`), and the handle each load left for `CompanionLibrary.call`: the library
/// that preload checked and loaded is the one used, so a file put at that path in between is
/// never loaded. Only for a library with no libFoundation.so under it (`CompanionLibrary`).
enum CompanionPreload {
  /// A dlopen handle: the process's, usable from any thread.
  struct Handle: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer
  }

  /// A started load: its thread until someone waits for it, then the handle it left (nil when
  /// the file was refused or did not load).
  private struct Load: Sendable {
    var thread: pthread_t?
    var handle: Handle?
  }

  private static let loads = Mutex<[String: Load]>([:])

  /// Starts loading `path` on a new thread, once per path; false when it was started before or
  /// no thread could be made. `load` is the loading itself (a test gives its own).
  static func start(
    _ path: String,
    load: @escaping @Sendable (String) -> Handle? = { (try? CompanionLibrary.load(at: $0)).map(Handle.init) }
  ) -> Bool {
    loads.withLock { loads in
      guard loads[path] == nil else { return false }
      let box = Unmanaged.passRetained(Job(path: path, load: load)).toOpaque()
      var made = pthread_t()
      guard
        pthread_create(
          &made, nil,
          { context in
            let job = Unmanaged<Job>.fromOpaque(context!).takeRetainedValue()
            let handle = job.load(job.path)
            CompanionPreload.loads.withLock { $0[job.path]?.handle = handle }
            return nil
          }, box) == 0
      else {
        Unmanaged<Job>.fromOpaque(box).release()
        return false
      }
      loads[path] = Load(thread: made, handle: nil)
      return true
    }
  }

  /// The handle a preload of `path` left, once it has ended (waiting for it if it runs); nil
  /// when none was started or it loaded nothing.
  static func handle(for path: String) -> Handle? {
    guard loads.withLock({ $0[path] != nil }) else { return nil }
    wait(for: path)
    return loads.withLock { $0[path]?.handle }
  }

  /// Waits for every load still running (`TransportPreload.wait`, before the process exits).
  static func waitForAll() {
    for path in loads.withLock({ Array($0.keys) }) { wait(for: path) }
  }

  /// Held by whoever joins a load's thread: a second waiter (the transport's load on the main
  /// actor beside the exit's wait, when a check gave up on AWS before the load ended) waits for
  /// that join to end instead of finding the thread taken and going on while the load runs.
  private static let joining = Mutex<Void>(())

  private static func wait(for path: String) {
    joining.withLock { _ in
      guard let running = loads.withLock({ $0[path]?.thread.take() }) else { return }
      pthread_join(running, nil)
    }
  }

  private final class Job {
    let path: String
    let load: @Sendable (String) -> Handle?
    init(path: String, load: @escaping @Sendable (String) -> Handle?) {
      self.path = path
      self.load = load
    }
  }
}
