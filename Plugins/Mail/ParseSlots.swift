import Glibc
@_spi(RootmailHost) import RootmailKit
import Synchronization

/// The first-attempt parse marks of one fetch (`MailFetcher`), written into a few files reused
/// mail after mail — `parsing/slot-<n>`, one per parse running at once — instead of a file
/// created and removed per mail. A slot holds the mark (`ParseMark.json`) while its mail is
/// parsed and is emptied after, so a slot found holding a mark was left by a process that died
/// parsing that mail (`Maildir.parseMarks`). Creating and unlinking a file per mail cost most
/// of a fetch's system time: on ext4 without a journal, allocating an inode skips, one lookup
/// each, every inode freed in the last seconds. A slot is created with O_EXCL, so one that a
/// dead process left is never overwritten: only the next full fetch reads and removes it.
final class ParseSlots: Sendable {
  let folder: String
  private let state = Mutex(Slots())

  private struct Slots {
    /// Open slots no parse is using.
    var free: [Int32] = []
    /// Every slot made, to close and remove.
    var made: [(fd: Int32, path: String)] = []
    /// The number to try next for a new slot.
    var next = 0
  }

  static let prefix = "slot-"

  /// Whether a name in `parsing/` is a slot.
  static func isSlot(_ name: String) -> Bool { name.hasPrefix(prefix) }

  init(folder: String) { self.folder = folder }

  /// Runs `parse` while a slot holds the mark of `object`; the slot is emptied when `parse`
  /// returns (a slot that cannot be emptied is left holding its mark, and not used again).
  func marking<T>(_ object: S3.Object, _ parse: () -> T) throws -> T {
    let fd = try take()
    let bytes = ParseMark(object: object, retry: false).json
    let written = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
    guard written == bytes.count else {
      let message = String(cString: strerror(errno))
      _ = ftruncate(fd, 0)
      put(fd)
      throw CLIError("cannot write a parse mark in \(folder): \(message)")
    }
    let result = parse()
    if ftruncate(fd, 0) == 0 { put(fd) }
    return result
  }

  /// A free slot, or a new one (`slot-<n>`, the first n whose name is free).
  private func take() throws -> Int32 {
    if let fd = state.withLock({ $0.free.popLast() }) { return fd }
    while true {
      let n = state.withLock { slots in
        defer { slots.next += 1 }
        return slots.next
      }
      let path = folder + "/" + Self.prefix + String(n)
      let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
      if fd >= 0 {
        state.withLock { $0.made.append((fd, path)) }
        return fd
      }
      if errno != EEXIST || n > 100_000 {
        throw CLIError("cannot write a parse mark in \(folder): \(String(cString: strerror(errno)))")
      }
    }
  }

  private func put(_ fd: Int32) { state.withLock { $0.free.append(fd) } }

  /// Closes the slots and removes the empty ones (every parse is over).
  func close() {
    let made = state.withLock { slots in
      defer { slots = Slots() }
      return slots.made
    }
    for slot in made {
      var st = stat()
      if fstat(slot.fd, &st) == 0 && st.st_size == 0 { unlink(slot.path) }
      Glibc.close(slot.fd)
    }
  }
}
