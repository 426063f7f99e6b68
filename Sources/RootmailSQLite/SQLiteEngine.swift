import Foundation
import GRDB
import RootmailKit

/// The embedded mapping store engine (`store = "sqlite"` or `"sqlite:<path>"`), exported to the
/// kit through `rootmail_store_engine` so that GRDB and Foundation load only when a command
/// opens the store.
final class SQLiteEngine: MappingStoreEngine {
  let scheme = "sqlite"

  func open(_ location: StoreLocation, context: any StoreContext) async throws -> any MappingStore {
    try SQLiteMappingStore(path: location.target)
  }
}

/// The kit calls this after dlopen: a retained `SQLiteEngine` (a `MappingStoreEngine`).
@_cdecl("rootmail_store_engine")
public func rootmailStoreEngine() -> UnsafeMutableRawPointer {
  Unmanaged<AnyObject>.passRetained(SQLiteEngine()).toOpaque()
}

/// Creating the database file and its folder with private permissions, and serialising the
/// first-time set-up (WAL mode, migrations) between processes with a lock on the folder.
enum SQLiteFiles {
  /// How long a writer waits for another process's transaction before giving up.
  static let busyTimeout: TimeInterval = 30

  /// Opens (creating it 0600 in a 0700 folder) the database at `path` in WAL mode with
  /// `migrator` applied. First-time set-up races between processes opening a new file, so the
  /// check and the set-up both run under the folder lock (a fresh schema read each time).
  /// `what` names the file in errors ("the store", "the mail index").
  static func open(path: String, migrator: DatabaseMigrator, what: String) throws -> DatabaseQueue {
    try prepare(path: path)
    var config = Configuration()
    config.busyMode = .timeout(busyTimeout)
    config.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
    do {
      let queue = try DatabaseQueue(path: path, configuration: config)
      try withFolderLock((path as NSString).deletingLastPathComponent) {
        let ready = try queue.read { db in
          db.clearSchemaCache()
          return try String.fetchOne(db, sql: "PRAGMA journal_mode") == "wal" && migrator.hasCompletedMigrations(db)
        }
        if !ready {
          try queue.writeWithoutTransaction { db in _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") }
          try migrator.migrate(queue)
        }
      }
      return queue
    } catch let error as DatabaseError {
      throw CLIError.configuration("cannot open \(what) \(path): \(error.message ?? "\(error)")")
    }
  }

  /// Creates the missing folders of `path`'s parent with mode 0700 and the file with 0600.
  static func prepare(path: String) throws {
    let folder = (path as NSString).deletingLastPathComponent
    try makeFolders(folder)
    // A folder others may write to (or above it) lets them replace the store or its journal.
    if let problem = FileTrust.folderProblem(folder) {
      throw CLIError.configuration("store \(path): \(problem); rootmail will not use it")
    }
    let fd = Glibc.open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
    if fd >= 0 {
      Glibc.close(fd)
    } else if errno != EEXIST {
      throw CLIError.configuration("cannot create the store \(path): \(String(cString: strerror(errno)))")
    }
    // SQLite follows links: a link here (even a dangling one) would put the store, created
    // 0644, wherever it points. The folder was checked by `makeFolders`.
    var st = stat()
    guard lstat(path, &st) == 0 else { throw CLIError.configuration("cannot examine the store \(path)") }
    if st.st_mode & S_IFMT == S_IFLNK {
      throw CLIError.configuration(
        "the store \(path) is a symbolic link; rootmail will not follow it (set store = \"sqlite:<real path>\")")
    }
    guard st.st_mode & S_IFMT == S_IFREG else { throw CLIError.configuration("the store \(path) is not a regular file") }
    if let problem = FileTrust.statProblem(st, path: path, what: "store") {
      throw CLIError.configuration("\(problem); rootmail will not use it")
    }
  }

  static func makeFolders(_ folder: String) throws {
    var isDir: ObjCBool = false
    if FileManager.default.fileExists(atPath: folder, isDirectory: &isDir) {
      guard isDir.boolValue else { throw CLIError.configuration("\(folder) is not a folder") }
      return
    }
    try makeFolders((folder as NSString).deletingLastPathComponent)
    if mkdir(folder, 0o700) != 0 && errno != EEXIST {
      throw CLIError.configuration("cannot create the folder \(folder): \(String(cString: strerror(errno)))")
    }
  }

  /// Runs `body` holding an exclusive flock on `folder` (not on the database file: closing
  /// another descriptor of it would drop SQLite's own POSIX locks).
  static func withFolderLock<T>(_ folder: String, _ body: () throws -> T) throws -> T {
    let fd = Glibc.open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard fd >= 0 else { return try body() }
    defer { Glibc.close(fd) }
    while flock(fd, LOCK_EX) != 0 && errno == EINTR {}
    defer { flock(fd, LOCK_UN) }
    return try body()
  }
}

extension DatabaseQueue {
  /// Runs `body` in one IMMEDIATE transaction (the write lock taken at BEGIN, so two writers
  /// never deadlock upgrading a read lock), with GRDB's blocking API as the whole companion
  /// uses it; a database error comes out as the store's own (`SQLiteMappingStore.translate`).
  func writeImmediate<T>(_ body: (Database) throws -> T) throws -> T {
    do {
      return try writeWithoutTransaction { db in
        var result: T?
        try db.inTransaction(.immediate) {
          result = try body(db)
          return .commit
        }
        return result!
      }
    } catch let error as DatabaseError {
      throw SQLiteMappingStore.translate(error)
    }
  }
}
