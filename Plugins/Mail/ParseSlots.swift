import Glibc
@_spi(RootmailHost) import RootmailKit
import Synchronization

/// The first-attempt parse marks of one fetch (`MailFetcher`), written into a few files reused
/// mail after mail — `parsing/slot-<n>`, one per parse running at once — instead of a file
/// created and removed per mail. While its mail is parsed a slot holds the mark
/// (`ParseMark.json`, padded with spaces over a longer mark written before); after, its first
/// byte is NUL: empty. A slot found holding a mark was left by a process that died parsing that
/// mail (`Maildir.parseMarks`). Creating and unlinking a file per mail cost much of a fetch's
/// system time (on ext4 without a journal, allocating an inode skips, one lookup each, every
/// inode freed in the last seconds), and emptying by a one-byte write costs less than a
/// truncate. A slot is created with O_EXCL, so one a dead process left is never overwritten:
/// only the next full fetch reads and removes it.
final class ParseSlots: Sendable {
  let folder: String
  private let state = Mutex(Slots())

  /// One open slot and the longest mark written in it.
  private struct Slot {
    let fd: Int32
    let path: String
    var length = 0
  }

  private struct Slots {
    /// Empty slots no parse is using.
    var free: [Slot] = []
    /// Slots a parse is using, or that could not be emptied (by path).
    var busy: [String: Int32] = [:]
    /// The number to try next for a new slot.
    var next = 0
  }

  static let prefix = "slot-"

  /// Whether a name in `parsing/` is a slot.
  static func isSlot(_ name: String) -> Bool { name.hasPrefix(prefix) }

  /// Whether a slot's bytes mark nothing.
  static func isEmpty(_ bytes: [UInt8]) -> Bool { bytes.first ?? 0 == 0 }

  init(folder: String) { self.folder = folder }

  /// Runs `parse` while a slot holds the mark of `object`; the slot is emptied when `parse`
  /// returns (a slot that cannot be emptied is left holding its mark, and not used again).
  func marking<T>(_ object: S3.Object, _ parse: () -> T) throws -> T {
    var slot = try take()
    var bytes = ParseMark(object: object, retry: false).json
    if bytes.count < slot.length { bytes += [UInt8](repeating: 0x20, count: slot.length - bytes.count) }
    guard bytes.withUnsafeBytes({ pwrite(slot.fd, $0.baseAddress, $0.count, 0) }) == bytes.count else {
      let message = String(cString: strerror(errno))
      slot.length = max(slot.length, bytes.count)
      put(slot, emptied: empty(slot))
      throw CLIError("cannot write a parse mark in \(folder): \(message)")
    }
    slot.length = bytes.count
    let result = parse()
    put(slot, emptied: empty(slot))
    return result
  }

  private func empty(_ slot: Slot) -> Bool {
    var nul: UInt8 = 0
    return pwrite(slot.fd, &nul, 1, 0) == 1
  }

  /// A free slot, or a new one (`slot-<n>`, the first n whose name is free).
  private func take() throws -> Slot {
    while true {
      let (free, n) = state.withLock { slots -> (Slot?, Int) in
        if let slot = slots.free.popLast() {
          slots.busy[slot.path] = slot.fd
          return (slot, 0)
        }
        slots.next += 1
        return (nil, slots.next - 1)
      }
      if let free { return free }
      let path = folder + "/" + Self.prefix + String(n)
      let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
      if fd >= 0 {
        state.withLock { $0.busy[path] = fd }
        return Slot(fd: fd, path: path)
      }
      if errno != EEXIST || n >= 100_000 {
        throw CLIError("cannot write a parse mark in \(folder): \(String(cString: strerror(errno)))")
      }
    }
  }

  /// Gives a slot back: to use again when `emptied`, else to keep as it is.
  private func put(_ slot: Slot, emptied: Bool) {
    guard emptied else { return }
    state.withLock { slots in
      slots.busy[slot.path] = nil
      slots.free.append(slot)
    }
  }

  /// Closes the slots and removes the empty ones (call it once every parse is over).
  func close() {
    let (free, busy) = state.withLock { slots in
      defer { slots = Slots() }
      return (slots.free, slots.busy)
    }
    for slot in free {
      unlink(slot.path)
      Glibc.close(slot.fd)
    }
    for fd in busy.values { Glibc.close(fd) }
  }
}
