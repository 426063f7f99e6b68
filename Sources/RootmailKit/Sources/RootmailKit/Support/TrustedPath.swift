#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// A path checked as it is written, one component at a time from `/`, and held open: the
/// rule for what root follows on a machine others use (an `exec:` program, a
/// `credential_process`, the store's and the mail cache's folders).
///
/// Each component is opened relative to the folder before it without following links
/// (`openat(…, O_PATH | O_NOFOLLOW)`) and checked through that descriptor: every folder on the
/// way must be owned by the user or root and not writable by group or others (a sticky folder
/// owned by root, such as `/tmp`, may be passed through); a symbolic link is followed only when
/// it is owned by the user or root (it sits in a folder that passed, so no one else can swap
/// it), and its target is walked the same way; `.` and `..` are refused in the path as written.
/// What comes out is a descriptor of exactly what was checked: use it (`procPath`, `openat`,
/// `ChildProcess`'s `executable:`), never the path again.
public struct TrustedPath: Sendable {
  /// What the walk must end at.
  public enum Kind: Sendable {
    /// A regular file, owned by the user or root, not writable by group or others.
    case file
    /// A folder under the same rule (never a sticky shared one such as `/tmp` itself).
    case folder
  }

  /// An `O_PATH` descriptor of what the path names; `close()` it when done.
  public let fd: Int32
  /// The path as it was written.
  public let path: String
  /// Where the walk ended, with every link resolved (each of its folders passed the checks).
  public let realPath: String
  /// `/proc/self/fd/N`: a name for exactly the checked file or folder.
  public var procPath: String { "/proc/self/fd/\(fd)" }

  public func close() { _ = Glibc.close(fd) }

  /// Linux's `O_PATH` (010000000 on every architecture Swift runs on), which Swift's Glibc
  /// module does not export: a descriptor that names a file without opening its contents.
  public static let oPath: Int32 = 0o10_000_000

  /// The most links one walk follows (as the kernel's `MAXSYMLINKS`).
  static let maximumLinks = 40

  /// Walks `path` (absolute) and checks each component; `what` names it in a refusal ("program",
  /// "store folder"). With `createFolders`, missing folders are made (mode 0700) as the walk
  /// meets them, the last one too for `.folder`.
  public static func open(_ path: String, what: String, kind: Kind, createFolders: Bool = false) -> Result<
    TrustedPath, FileTrust.Problem
  > {
    func refuse(_ reason: String, missing: Bool = false) -> Result<TrustedPath, FileTrust.Problem> {
      .failure(FileTrust.Problem(path: path, reason: reason, missing: missing))
    }
    guard Path.isAbsolute(path) else { return refuse("\(what) \(path) is not an absolute path") }
    let written = Path.components(path)
    if written.contains(where: { $0 == "." || $0 == ".." }) {
      return refuse("\(what) \(path) contains '.' or '..'; write the path without them")
    }
    guard !written.isEmpty || kind == .folder else { return refuse("\(what) \(path) is not a file") }
    let rootFD = Glibc.open("/", Self.oPath | O_DIRECTORY | O_CLOEXEC)
    guard rootFD >= 0 else { return refuse("\(what) \(path): / cannot be opened") }
    // The folders walked so far, `/` first: each descriptor with its real path.
    var folders: [(fd: Int32, path: String)] = [(rootFD, "/")]
    defer { for folder in folders { _ = Glibc.close(folder.fd) } }
    // Components still to walk, the next one last; a link's target joins them.
    var pending = Array(written.reversed())
    var links = 0
    while let name = pending.popLast() {
      if name == "." { continue }
      if name == ".." {
        // Only a link's target gets here (the written path refuses them): the real parent.
        if folders.count > 1 { _ = Glibc.close(folders.removeLast().fd) }
        continue
      }
      let parent = folders[folders.count - 1]
      let real = parent.path == "/" ? "/" + name : parent.path + "/" + name
      let isLast = pending.isEmpty
      var fd = openat(parent.fd, name, Self.oPath | O_NOFOLLOW | O_CLOEXEC)
      if fd < 0 && errno == ENOENT && createFolders && (!isLast || kind == .folder) {
        if mkdirat(parent.fd, name, 0o700) != 0 && errno != EEXIST {
          return refuse("cannot create the folder \(real) for \(what) \(path): \(String(cString: strerror(errno)))")
        }
        fd = openat(parent.fd, name, Self.oPath | O_NOFOLLOW | O_CLOEXEC)
      }
      guard fd >= 0 else {
        let code = errno
        if code == ENOENT { return refuse("\(what) \(path) does not exist (\(real) is missing)", missing: true) }
        return refuse("\(what) \(path): \(real) cannot be opened: \(String(cString: strerror(code)))")
      }
      var st = stat()
      guard fstat(fd, &st) == 0 else {
        _ = Glibc.close(fd)
        return refuse("\(what) \(path): \(real) cannot be examined")
      }
      let type = st.st_mode & S_IFMT
      if type == S_IFLNK {
        defer { _ = Glibc.close(fd) }
        if let problem = ownerProblem(st, path: real, what: "link") { return refuse("\(what) \(path): \(problem)") }
        links += 1
        guard links <= maximumLinks else { return refuse("\(what) \(path) goes through too many links") }
        guard let target = readLink(in: parent.fd, name: name) else {
          return refuse("\(what) \(path): the link \(real) cannot be read")
        }
        if Path.isAbsolute(target) {
          while folders.count > 1 { _ = Glibc.close(folders.removeLast().fd) }
        }
        pending += Path.components(target).reversed()
        continue
      }
      if !isLast || kind == .folder {
        guard type == S_IFDIR else {
          _ = Glibc.close(fd)
          return refuse("\(what) \(path): \(real) is not a folder")
        }
        // A sticky folder owned by root may be passed through (no one else can rename what
        // belongs to the user or root in it), but is never itself the folder asked for.
        let stickyRoot = st.st_mode & S_ISVTX != 0 && st.st_uid == 0
        let problem =
          (stickyRoot && !isLast)
          ? nil : FileTrust.statProblem(st, path: real, what: "folder")
        if let problem {
          _ = Glibc.close(fd)
          return refuse("\(what) \(path): \(problem)")
        }
        if isLast { return .success(TrustedPath(fd: fd, path: path, realPath: real)) }
        folders.append((fd, real))
        continue
      }
      guard type == S_IFREG else {
        _ = Glibc.close(fd)
        return refuse("\(what) \(path) is not a regular file")
      }
      if let problem = FileTrust.statProblem(st, path: real, what: what) {
        _ = Glibc.close(fd)
        return refuse(problem)
      }
      return .success(TrustedPath(fd: fd, path: path, realPath: real))
    }
    // Only `/` itself (a folder) ends here.
    let fd = fcntl(rootFD, F_DUPFD_CLOEXEC, 0)
    guard fd >= 0 else { return refuse("\(what) \(path): / cannot be opened") }
    return .success(TrustedPath(fd: fd, path: path, realPath: "/"))
  }

  /// Why what `fd` holds no longer passes (it was changed since it was checked), or nil: a
  /// regular file (or folder) owned by the user or root, not writable by group or others.
  public func recheck(what: String) -> String? {
    var st = stat()
    guard fstat(fd, &st) == 0 else { return "\(what) \(realPath) cannot be examined" }
    return FileTrust.statProblem(st, path: realPath, what: what)
  }

  /// Whether the checked file has an execute bit this process may use.
  public var isExecutable: Bool {
    var st = stat()
    guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { return false }
    return st.st_mode & (S_IXUSR | S_IXGRP | S_IXOTH) != 0 && access(procPath, X_OK) == 0
  }

  /// Opens `name` in the checked folder (no links followed), as `openat` does.
  public func openFile(_ name: String, flags: Int32, mode: mode_t = 0o600) -> Int32 {
    // A name with a `/` byte would leave the folder (an absolute one) or pass links unchecked.
    guard !name.utf8.contains(Path.slashByte), name != ".", name != ".." else {
      errno = EINVAL
      return -1
    }
    return openat(fd, name, flags | O_NOFOLLOW | O_CLOEXEC, mode)
  }

  private static func ownerProblem(_ st: stat, path: String, what: String) -> String? {
    let me = getuid()
    guard st.st_uid != me && st.st_uid != 0 else { return nil }
    return "the \(what) \(path) is owned by uid \(st.st_uid), not by you (uid \(me)) or root"
  }

  private static func readLink(in folder: Int32, name: String) -> String? {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    let n = readlinkat(folder, name, &buffer, buffer.count - 1)
    guard n > 0 else { return nil }
    return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}
