import Glibc
@_spi(RootmailHost) import RootmailKit

/// Creating the database file and its folder with private permissions, and serialising the
/// first-time set-up (WAL mode, migrations) between processes with a lock on the folder.
enum SQLiteFiles {
  /// How long a writer waits for another process's transaction before giving up, in seconds.
  static let busyTimeout = 30

  /// Opens (creating it 0600 in a 0700 folder) the database at `path` in WAL mode with
  /// `migrator` applied. First-time set-up races between processes opening a new file, so the
  /// check and the set-up both run under the folder lock (a fresh schema read each time).
  /// `what` names the file in errors ("the store", "the mail index").
  static func open(path: String, migrator: SQLiteMigrator, what: String) throws -> SQLiteDatabase {
    let folder = try checkedFolder(of: path, what: what)
    defer { folder.close() }
    let name = Path.fileName(of: path)
    try prepare(name: name, in: folder, what: what)
    // SQLite opens the file, its -wal and -shm by name: the folder's real path, every folder of
    // which `TrustedPath` checked (owned by the user or root, writable by no one else), so no
    // other user can point any of those names elsewhere between the check and the open.
    let real = folder.realPath + "/" + name
    do {
      let database = SQLiteDatabase(
        try SQLiteConnection(path: real, busyTimeoutMilliseconds: Int32(busyTimeout * 1000)))
      try database.withConnection { connection in
        try connection.execute("PRAGMA synchronous = NORMAL")
        try withFolderLock(folder) {
          let ready = try connection.transaction(.deferred) {
            try connection.fetchOne("PRAGMA journal_mode") { $0.text(0) } == "wal"
              && migrator.hasCompletedMigrations(connection)
          }
          if !ready {
            try connection.execute("PRAGMA journal_mode = WAL")
            try migrator.migrate(connection)
          }
        }
      }
      return database
    } catch let error as SQLiteError {
      throw CLIError.configuration("cannot open \(what) \(path): \(error.message)")
    }
  }

  /// The folder of `path`, walked as written and held open (`TrustedPath`: no folder or link on
  /// the way owned by someone else or writable by group or others), made 0700 where missing.
  static func checkedFolder(of path: String, what: String) throws -> TrustedPath {
    switch TrustedPath.open(Path.directory(of: path), what: "folder of \(what)", kind: .folder, createFolders: true) {
    case .failure(let problem): throw CLIError.configuration("\(what) \(path): \(problem.reason); rootmail will not use it")
    case .success(let checked): return checked
    }
  }

  /// Creates the file `name` (0600) in the checked folder if missing, and checks it: a regular
  /// file, not a link (SQLite follows links: one would put the store wherever it points),
  /// owned by the user or root and writable by no one else.
  static func prepare(name: String, in folder: TrustedPath, what: String) throws {
    let path = folder.realPath + "/" + name
    let fd = folder.openFile(name, flags: O_CREAT | O_EXCL | O_WRONLY)
    if fd >= 0 {
      Glibc.close(fd)
    } else if errno != EEXIST {
      throw CLIError.configuration("cannot create \(what) \(path): \(String(cString: strerror(errno)))")
    }
    var st = stat()
    guard fstatat(folder.fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 else {
      throw CLIError.configuration("cannot examine \(what) \(path)")
    }
    if st.st_mode & S_IFMT == S_IFLNK {
      throw CLIError.configuration(
        "\(what) \(path) is a symbolic link; rootmail will not follow it (set store = \"sqlite:<real path>\")")
    }
    guard st.st_mode & S_IFMT == S_IFREG else { throw CLIError.configuration("\(what) \(path) is not a regular file") }
    if let problem = FileTrust.statProblem(st, path: path, what: "store") {
      throw CLIError.configuration("\(problem); rootmail will not use it")
    }
  }

  /// Runs `body` holding an exclusive flock on the checked folder (not on the database file:
  /// closing another descriptor of it would drop SQLite's own POSIX locks).
  static func withFolderLock<T>(_ folder: TrustedPath, _ body: () throws -> T) throws -> T {
    let fd = openat(folder.fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard fd >= 0 else { return try body() }
    defer { Glibc.close(fd) }
    while flock(fd, LOCK_EX) != 0 && errno == EINTR {}
    defer { flock(fd, LOCK_UN) }
    return try body()
  }

  /// The store's own error for a database error: busy (another process held the lock past
  /// the timeout) is "unavailable", anything else a failure with SQLite's message.
  static func translate(_ error: SQLiteError) -> any Error {
    if error.isBusy {
      return CLIError("the store is busy (another rootmail kept it locked for \(busyTimeout) s)", status: .unavailable)
    }
    return CLIError("store error: \(error.message)")
  }
}
