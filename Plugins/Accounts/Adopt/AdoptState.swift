import Glibc
@_spi(RootmailHost) import RootmailKit

/// The state file of a bulk adopt (`<file>.state` beside `--from-file`, or `--state-file`): one
/// JSON object a line, appended and flushed to disk as each step ends, so that a run killed at
/// any point resumes where it stopped. It holds no secret: account ids, addresses, steps.
/// What it says is checked against the store before it is used (an address is reused only when
/// its mapping records this account), and the file must be the user's own and writable by no
/// one else, as the config file must.
actor AdoptState {
  /// How far an account got.
  enum Step: String, Sendable {
    /// An address is vended (recorded in the store with the account id as `AdoptingAccountId`).
    case vended
    /// `StartPrimaryEmailUpdate` was sent.
    case started
    /// The root email is the new address and the mapping records it.
    case moved
    case failed
  }

  /// What the file says about one account (its last line for it).
  struct Entry: Sendable, Equatable {
    var step: Step
    var email: String?
    var previous: String?
    var reason: String?
  }

  let path: String
  private var fd: Int32 = -1
  private(set) var entries: [String: Entry] = [:]

  init(path: String) { self.path = path }

  /// The most a state file may hold (a line is about 150 bytes; a few lines an account).
  static let maximumSize = 64 << 20

  /// Opens (creating 0600) and reads the file, as root opens a file others might have planted:
  /// its folder walked as written (`checkedFolder`), no link followed, and the file refused
  /// when it is not a regular file, someone else owns it or can write it, it has a second name
  /// (a hard link: appending to it would append to whatever file that is) or it is larger
  /// than `maximumSize`.
  func open() throws {
    let full = Path.normalize(Path.absolute(path))  // `/tmp//x.state` is in /tmp too
    let folder = try Self.checkedFolder(of: full)
    defer { Glibc.close(folder) }
    let fd = openat(folder, Path.fileName(of: full), O_RDWR | O_APPEND | O_CREAT | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC, 0o600)
    guard fd >= 0 else {
      throw CLIError.configuration("cannot open state file \(path): \(String(cString: strerror(errno)))")
    }
    var st = stat()
    guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
      Glibc.close(fd)
      throw CLIError.configuration("state file \(path) is not a regular file")
    }
    guard st.st_uid == geteuid(), st.st_mode & 0o022 == 0 else {
      Glibc.close(fd)
      throw CLIError.configuration(
        "state file \(path) is owned by uid \(st.st_uid) or writable by others; rootmail will not trust it",
        hint: "remove it, or chown it to yourself and chmod 600")
    }
    guard st.st_nlink == 1 else {
      Glibc.close(fd)
      throw CLIError.configuration(
        "state file \(path) has \(st.st_nlink) names (a hard link to another file); rootmail will not write to it",
        hint: "remove it, or give --state-file a new path")
    }
    guard Int(st.st_size) <= Self.maximumSize else {
      Glibc.close(fd)
      throw CLIError.configuration(
        "state file \(path) is \(st.st_size) bytes, more than the \(Self.maximumSize) a state file holds (is it the right file?)")
    }
    self.fd = fd
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while bytes.count <= Self.maximumSize {
      let n = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(bytes.count)) }
      if n < 0 && errno == EINTR { continue }
      guard n > 0 else { break }
      bytes += chunk[0..<n]
    }
    entries = Self.parse(String(decoding: bytes, as: UTF8.self))
  }

  /// The folder of `path` (absolute, normalised), walked as written (`TrustedPath`: every
  /// folder and link on the way owned by the user or root, none writable by group or others),
  /// as an `O_PATH` descriptor to open the file in. The folder may also be a sticky one owned by
  /// root (`/tmp`), where no one else can rename, replace or remove the user's file (as
  /// `FileTrust` allows for a file).
  static func checkedFolder(of path: String) throws -> Int32 {
    let folder = Path.directory(of: path)
    let what = "folder of the state file"
    switch TrustedPath.open(folder, what: what, kind: .folder) {
    case .success(let checked):
      defer { checked.close() }
      return fcntl(checked.fd, F_DUPFD_CLOEXEC, 0)
    case .failure(let problem):
      // Only a sticky folder owned by root, in a parent that passes, is taken instead.
      if folder != "/", case .success(let parent) = TrustedPath.open(Path.directory(of: folder), what: what, kind: .folder) {
        defer { parent.close() }
        let fd = openat(parent.fd, Path.fileName(of: folder), TrustedPath.oPath | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        var st = stat()
        if fd >= 0, fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFDIR, st.st_mode & S_ISVTX != 0, st.st_uid == 0 {
          return fd
        }
        if fd >= 0 { Glibc.close(fd) }
      }
      throw CLIError.configuration(
        "state file \(path): \(problem.reason); rootmail will not write there",
        hint: "give --state-file a path in a folder of your own")
    }
  }

  /// The entries of a state file's text; a line cut short by a kill is skipped.
  static func parse(_ text: String) -> [String: Entry] {
    var entries: [String: Entry] = [:]
    for line in text.split(separator: "\n") {
      guard let json = try? JSONValue.parse(Array(line.utf8)), let account = json["account"]?.stringValue,
        let step = json["step"]?.stringValue.flatMap(Step.init(rawValue:))
      else { continue }
      var entry = entries[account] ?? Entry(step: step)
      entry.step = step
      if let email = json["email"]?.stringValue { entry.email = email }
      if let previous = json["previous"]?.stringValue { entry.previous = previous }
      entry.reason = json["reason"]?.stringValue
      entries[account] = entry
    }
    return entries
  }

  func entry(_ account: String) -> Entry? { entries[account] }

  /// Appends one line and flushes it to disk before returning.
  func record(_ account: String, _ step: Step, email: String? = nil, previous: String? = nil, reason: String? = nil) throws {
    var members: [(String, JSONValue)] = [
      ("account", .string(account)), ("step", .string(step.rawValue)), ("at", .string(Timestamp.now())),
    ]
    if let email { members.append(("email", .string(email))) }
    if let previous { members.append(("previous", .string(previous))) }
    if let reason { members.append(("reason", .string(reason))) }
    var entry = entries[account] ?? Entry(step: step)
    entry.step = step
    if let email { entry.email = email }
    if let previous { entry.previous = previous }
    entry.reason = reason
    entries[account] = entry
    guard fd >= 0 else { return }
    let line = Array((JSONValue.object(members).compact + "\n").utf8)
    guard FileWrite.all(fd, line) == 0, fsync(fd) == 0 else {
      throw CLIError("cannot write state file \(path): \(String(cString: strerror(errno)))")
    }
  }

  func close() {
    if fd >= 0 { Glibc.close(fd) }
    fd = -1
  }
}
