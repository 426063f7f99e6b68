import Glibc

/// Hands batches of rows from the task that reads the mail index to the thread that writes
/// them out, at most `capacity` batches in between: the reader waits while the writer is
/// behind, so memory stays bounded however many rows there are, and reading and writing run at
/// the same time on two cores. The writer must take until `take` returns nil.
final class RowPipe<Row: Sendable>: @unchecked Sendable {
  // Unchecked: every stored property is read and written with `lock` held.
  private let capacity: Int
  private var batches: [[Row]] = []
  private var closed = false
  private var closedOnFailure = false
  private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
  private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

  init(capacity: Int) {
    self.capacity = max(1, capacity)
    pthread_mutex_init(lock, nil)
    pthread_cond_init(changed, nil)
  }

  deinit {
    pthread_cond_destroy(changed)
    pthread_mutex_destroy(lock)
    changed.deallocate()
    lock.deallocate()
  }

  /// Adds a batch, waiting while `capacity` batches are waiting already.
  func put(_ batch: [Row]) {
    guard !batch.isEmpty else { return }
    pthread_mutex_lock(lock)
    while batches.count >= capacity && !closed { pthread_cond_wait(changed, lock) }
    if !closed { batches.append(batch) }
    pthread_cond_broadcast(changed)
    pthread_mutex_unlock(lock)
  }

  /// How many batches are waiting for the writer now.
  var waiting: Int {
    pthread_mutex_lock(lock)
    defer { pthread_mutex_unlock(lock) }
    return batches.count
  }

  /// Whether the reader closed the pipe because reading failed (the rows taken are not all).
  var failed: Bool {
    pthread_mutex_lock(lock)
    defer { pthread_mutex_unlock(lock) }
    return closedOnFailure
  }

  /// No more batches: `take` returns what is left, then nil. `failed`: reading stopped on an
  /// error, so what the writer has is not the whole.
  func close(failed: Bool = false) {
    pthread_mutex_lock(lock)
    closed = true
    closedOnFailure = failed
    pthread_cond_broadcast(changed)
    pthread_mutex_unlock(lock)
  }

  /// The next batch, waiting for one; nil once closed and empty.
  func take() -> [Row]? {
    pthread_mutex_lock(lock)
    defer { pthread_mutex_unlock(lock) }
    while batches.isEmpty && !closed { pthread_cond_wait(changed, lock) }
    guard !batches.isEmpty else { return nil }
    pthread_cond_broadcast(changed)
    return batches.removeFirst()
  }
}
