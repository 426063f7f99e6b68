import CGMime
@_spi(RootmailHost) import RootmailKit
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// A 64 MiB stack for parsing, entered on the calling thread (`rm_run_on_stack`: a few
/// instructions on x86-64, ucontext elsewhere):
/// GMime and libxml2 recurse as deep as a mail's structure goes, within their limits and ours
/// (`AddressHeaderBounds`), and the caller's thread may be one of the concurrency pool's, whose
/// stack is small. Handing each mail to a thread with a big stack instead cost more than the
/// parse itself: a thread made per mail (`clone`, `mmap`, `munmap`), or a kept one woken and
/// waited for (futexes, two context switches, the mail's memory read on another core and freed
/// in another malloc arena). The stacks are mapped once (a guard page below each, address space
/// reserved, pages touched only as deep as a parse goes) and kept for the next parse: one per
/// parse under way, `maxIdle` idle at most. When no stack can be mapped, the work goes to a
/// kept thread with one (`OwnThread.runWaiting`). Entering costs no system call; leaving costs
/// one (`mincore`), and a second only after a parse that went deeper than `keptTouched`.
enum ParseStack {
  /// The stack each parse gets.
  static let size = 64 << 20
  /// Idle stacks kept; more are unmapped when their parse is done.
  static let maxIdle = 4
  /// What stays touched of an idle stack: a parse that went deeper (a hostile mail) has the
  /// pages below given back, so the process does not keep them for good.
  static let keptTouched = 1 << 20
  /// The pages right below `keptTouched` looked at to tell whether a parse went deeper: a parse
  /// that did wrote its frames there (a frame larger than this window that writes nothing in
  /// it is not made by GMime, libxml2 or ours). Giving back pages a parse never touched was a
  /// system call per parse that walked 63 MiB of page tables.
  static let touchWindowPages = 16

  /// Idle stacks, by the address of their lowest usable byte.
  private static let idle = Mutex<[UInt]>([])

  /// Runs `work` on a stack of `size` bytes and returns what it returned.
  static func run<T>(_ work: () -> T) -> T {
    guard let stack = take() else { return OwnThread.runWaiting(stackSize: size, work) }
    defer { give(stack) }
    return withoutActuallyEscaping(work) { work in
      var result: T?
      var job = { result = work() }
      let switched = withUnsafeMutablePointer(to: &job) { job in
        rm_run_on_stack(stack, size, { $0!.assumingMemoryBound(to: (() -> Void).self).pointee() }, job) == 0
      }
      if !switched { return OwnThread.runWaiting(stackSize: size, work) }
      return result!
    }
  }

  /// An idle stack, or a new one; nil when none could be mapped.
  private static func take() -> UnsafeMutableRawPointer? {
    if let address = idle.withLock({ $0.popLast() }) { return UnsafeMutableRawPointer(bitPattern: address) }
    let guardSize = Int(sysconf(Int32(_SC_PAGESIZE)))
    let mapped = mmap(
      nil, guardSize + size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0)
    guard let mapped, mapped != MAP_FAILED else { return nil }
    guard mprotect(mapped, guardSize, PROT_NONE) == 0 else {
      munmap(mapped, guardSize + size)
      return nil
    }
    return mapped + guardSize
  }

  /// Keeps `stack` for the next parse (its deep pages given back when it went deep), or unmaps it.
  private static func give(_ stack: UnsafeMutableRawPointer) {
    let page = Int(sysconf(Int32(_SC_PAGESIZE)))
    let window = touchWindowPages * page
    if rm_pages_touched(stack + (size - keptTouched - window), touchWindowPages) != 0 {
      madvise(stack, size - keptTouched, MADV_DONTNEED)
    }
    let kept = idle.withLock { idle in
      guard idle.count < maxIdle else { return false }
      idle.append(UInt(bitPattern: stack))
      return true
    }
    if !kept {
      let guardSize = Int(sysconf(Int32(_SC_PAGESIZE)))
      munmap(stack - guardSize, guardSize + size)
    }
  }
}
