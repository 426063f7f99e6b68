#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The ownership and permission rules for what rootmail trusts on a machine other people use
/// (plugins, companion libraries, the config file, the plugin index, the store), as OpenSSH's
/// StrictModes and `safe_path`: a file, its folder and every ancestor folder of its real path up
/// to `/` must be owned by the user or root and not writable by group or others — except that
/// an ancestor may be a sticky folder owned by root (`/tmp`), where no one else can rename the
/// entries that belong to the user or root.
///
/// Files are opened once and checked through the open descriptor (`fstat`), and what is read or
/// loaded is that descriptor (`/proc/self/fd/N`), so a path swapped after the check changes
/// nothing.
public enum FileTrust {
  /// A refusal: one line naming the file and the fix.
  public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
    public let path: String
    public let reason: String
    /// The file does not exist (often not an error for optional files).
    public let missing: Bool
    public var description: String { reason }

    public init(path: String, reason: String, missing: Bool) {
      self.path = path
      self.reason = reason
      self.missing = missing
    }
  }

  /// An open file that passed the checks; `close()` it when done (or keep it open while loaded).
  public struct OpenFile: Sendable {
    public let fd: Int32
    /// The path it was opened by.
    public let path: String
    /// The real path of the open file (`/proc/self/fd/N`'s target).
    public let realPath: String
    public let size: Int
    public let modified: Int
    public let inode: UInt64
    /// `/proc/self/fd/N`: a name for exactly this open file.
    public var procPath: String { "/proc/self/fd/\(fd)" }

    public func close() { _ = Glibc.close(fd) }

    /// Reads exactly `count` bytes at `offset` (throws when the file is shorter).
    public func read(offset: Int, count: Int) throws -> [UInt8] {
      guard offset >= 0, count >= 0 else { throw ELFImage.ReadError.truncated }
      var buffer = [UInt8](repeating: 0, count: count)
      var done = 0
      while done < count {
        let n = buffer.withUnsafeMutableBytes { raw in
          pread(fd, raw.baseAddress! + done, count - done, off_t(offset + done))
        }
        guard n > 0 else { throw ELFImage.ReadError.truncated }
        done += n
      }
      return buffer
    }

    /// The whole file, refused when larger than `limit` bytes.
    public func readAll(limit: Int) throws -> [UInt8] {
      guard size <= limit else {
        throw Problem(
          path: path, reason: "\(path) is \(size) bytes, more than the \(limit) bytes rootmail reads (is it the right file?)",
          missing: false)
      }
      var out: [UInt8] = []
      // A chunk as large as the file checked at open plus one byte, between 4 KiB and 64 KiB:
      // a small file (the plugin index, a config) is read by one call and its end seen by the
      // next, without zeroing 64 KiB each time; a file grown since (or one whose size the
      // file system reports as 0) keeps being read, 4 KiB or more at a time.
      var chunk = [UInt8](repeating: 0, count: min(max(size + 1, 4096), 65536))
      out.reserveCapacity(min(max(size, 0), limit))
      while out.count <= limit {
        let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        if n < 0 && errno == EINTR { continue }
        guard n > 0 else { break }
        out += chunk[0..<n]
      }
      guard out.count <= limit else {
        throw Problem(path: path, reason: "\(path) is more than the \(limit) bytes rootmail reads", missing: false)
      }
      return out
    }
  }

  /// Opens `path` for reading and checks it: a regular file, owned by the user or root, not
  /// writable by group or others, in a folder whose real path passes `folderProblem`. With
  /// `followLinks` false a symlink as the last component is refused (`O_NOFOLLOW`); with it
  /// true the link is followed and the file it leads to is what is checked.
  public static func open(_ path: String, what: String, followLinks: Bool) -> Result<OpenFile, Problem> {
    func refuse(_ reason: String, missing: Bool = false) -> Result<OpenFile, Problem> {
      .failure(Problem(path: path, reason: reason, missing: missing))
    }
    guard Path.isAbsolute(path) else { return refuse("\(what) \(path) is not an absolute path") }
    // A link is followed only as `TrustedPath` walks one (owned by the user or root, in folders
    // no one else can change): the file opened is the one that walk reached, by its descriptor.
    var opening = path
    var walked: TrustedPath?
    if followLinks {
      switch TrustedPath.open(path, what: what, kind: .file) {
      case .failure(let problem): return .failure(problem)
      case .success(let trusted):
        walked = trusted
        opening = trusted.procPath
      }
    }
    defer { walked?.close() }
    let fd = Glibc.open(opening, O_RDONLY | O_CLOEXEC | O_NONBLOCK | (followLinks ? 0 : O_NOFOLLOW))
    guard fd >= 0 else {
      let code = errno
      if code == ELOOP && !followLinks {
        return refuse("\(what) \(path) is a symbolic link (rootmail does not follow links here; use the real path)")
      }
      if code == ENOENT || code == ENOTDIR { return refuse("\(what) \(path) does not exist", missing: true) }
      return refuse("\(what) \(path) cannot be opened: \(String(cString: strerror(code)))")
    }
    var st = stat()
    guard fstat(fd, &st) == 0 else {
      _ = Glibc.close(fd)
      return refuse("\(what) \(path) cannot be examined")
    }
    guard st.st_mode & S_IFMT == S_IFREG else {
      _ = Glibc.close(fd)
      return refuse("\(what) \(path) is not a regular file")
    }
    // Blocking reads from here on (O_NONBLOCK only kept a FIFO from hanging the open).
    _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
    let real = realPath(ofDescriptor: fd) ?? path
    // The file's own folder may be a sticky root-owned one (/tmp): no one else can replace
    // the file in it, and the file itself was checked above.
    if let problem = statProblem(st, path: real, what: what)
      ?? folderProblem(Path.directory(of: real), what: "folder", allowStickyRoot: true)
    {
      _ = Glibc.close(fd)
      return refuse(problem)
    }
    return .success(
      OpenFile(
        fd: fd, path: path, realPath: real, size: Int(st.st_size),
        modified: Int(st.st_mtim.tv_sec) * 1_000_000_000 + Int(st.st_mtim.tv_nsec), inode: UInt64(st.st_ino)))
  }

  /// The target of `/proc/self/fd/N`: where the open file is now.
  public static func realPath(ofDescriptor fd: Int32) -> String? {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    let n = readlink("/proc/self/fd/\(fd)", &buffer, buffer.count - 1)
    guard n > 0 else { return nil }
    let path = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    return path.hasPrefix("/") ? path : nil
  }

  /// Why the folder at `path` (followed to its real path) may not be trusted, or nil. The
  /// folder itself must be owned by the user or root and not writable by group or others; each
  /// ancestor too, or else sticky and owned by root.
  public static func folderProblem(_ path: String, what: String = "folder", allowStickyRoot: Bool = false) -> String? {
    let fd = Glibc.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard fd >= 0 else { return "\(what) \(path) cannot be opened" }
    defer { _ = Glibc.close(fd) }
    return folderProblem(descriptor: fd, path: path, what: what, allowStickyRoot: allowStickyRoot)
  }

  /// `folderProblem` for a folder already open as `fd`. With `allowStickyRoot`, the folder
  /// itself may be sticky and owned by root, as its ancestors may.
  public static func folderProblem(
    descriptor fd: Int32, path: String, what: String = "folder", allowStickyRoot: Bool = false
  ) -> String? {
    var st = stat()
    guard fstat(fd, &st) == 0 else { return "\(what) \(path) cannot be examined" }
    let real = realPath(ofDescriptor: fd) ?? path
    let stickyRoot = st.st_mode & S_ISVTX != 0 && st.st_uid == 0
    if !(allowStickyRoot && stickyRoot), let problem = statProblem(st, path: real, what: what) { return problem }
    var ancestor = real
    while ancestor != "/" {
      ancestor = Path.directory(of: ancestor)
      var a = stat()
      guard lstat(ancestor, &a) == 0 else { return "folder \(ancestor) (above \(real)) cannot be examined" }
      let foreign = a.st_uid != getuid() && a.st_uid != 0
      let writable = a.st_mode & (S_IWGRP | S_IWOTH) != 0
      let stickyRoot = a.st_mode & S_ISVTX != 0 && a.st_uid == 0
      if foreign {
        return "folder \(ancestor) (above \(real)) is owned by uid \(a.st_uid), not by you (uid \(getuid())) or root"
      }
      if writable && !stickyRoot {
        return "folder \(ancestor) (above \(real)) is writable by group or others (chmod go-w \(ancestor))"
      }
    }
    return nil
  }

  /// Why a file or folder with status `st` may not be trusted, or nil: owner and write bits.
  public static func statProblem(_ st: stat, path: String, what: String) -> String? {
    let subject = what == "folder" ? "its folder \(path)" : "the \(what) \(path)"
    if st.st_mode & (S_IWGRP | S_IWOTH) != 0 {
      return "\(subject) is writable by group or others (chmod go-w \(path))"
    }
    let me = getuid()
    if st.st_uid != me && st.st_uid != 0 {
      return "\(subject) is owned by uid \(st.st_uid), not by you (uid \(me)) or root (chown \(me) \(path))"
    }
    return nil
  }

  /// Whether the open file `fd` may be read by group or others (its mode bits): for warnings
  /// about credentials, as OpenSSH warns about private keys.
  public static func readableByOthers(descriptor fd: Int32) -> Bool {
    var st = stat()
    guard fstat(fd, &st) == 0 else { return false }
    return st.st_mode & (S_IRGRP | S_IROTH) != 0
  }
}
