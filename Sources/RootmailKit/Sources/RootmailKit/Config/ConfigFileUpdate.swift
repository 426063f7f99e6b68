#if canImport(Glibc)
  import Glibc
#endif

/// Changes the config file as `config set`, `unset` and `edit` do: under an exclusive `flock`
/// of its folder (two `config set` at once both land: each reads the file the other wrote),
/// read with the loader's trust checks (`FileTrust`), and replaced atomically — a new file
/// written beside it (mode 0600), synced, then renamed over it. A missing file is created, its
/// missing folders too (0700); a file reached through a link is replaced where it really is,
/// and the link is kept. Every failure is a configuration error naming the path (exit 78).
@_spi(RootmailHost) public enum ConfigFileUpdate {
  /// Reads the file (nil when it does not exist), passes the text to `change` and writes what
  /// it returns, if anything, all under the lock. Returns what `change` returned.
  @discardableResult
  public static func update(_ path: String, change: (String?) throws -> String?) throws -> String? {
    let absolute = path.hasPrefix("/") ? path : StoreLocator.absolute(path)
    // Where the file really is (links resolved): the folder to lock and write in. Resolved from
    // the path, not from an open descriptor: a file another update has just renamed over is
    // "config.toml (deleted)" in /proc.
    var real = absolute
    if let resolved = realpath(absolute, nil) {
      real = String(cString: resolved)
      free(resolved)
    }
    let folderPath = Path.directory(of: real).isEmpty ? "/" : Path.directory(of: real)
    let name = String(real.dropFirst(folderPath == "/" ? 1 : folderPath.count + 1))
    let folder: TrustedPath
    switch TrustedPath.open(folderPath, what: "config folder", kind: .folder, createFolders: true) {
    case .success(let f): folder = f
    case .failure(let problem): throw CLIError.configuration("\(problem.reason); rootmail will not write there")
    }
    defer { folder.close() }
    // O_PATH descriptors cannot be locked: the folder is opened again, through the checked one.
    let lock = openat(folder.fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard lock >= 0 else { throw failure("cannot open the folder \(folderPath)") }
    defer { close(lock) }
    while flock(lock, LOCK_EX) != 0 {
      guard errno == EINTR else { throw failure("cannot lock the folder \(folderPath)") }
    }
    // Read under the lock: the text another update may just have written.
    var current: String? = nil
    switch FileTrust.open(real, what: "config file", followLinks: false) {
    case .success(let file):
      defer { file.close() }
      let data: [UInt8]
      do { data = try file.readAll(limit: ConfigLoader.maximumFileSize) } catch {
        throw CLIError.configuration("config file \(path) is larger than \(ConfigLoader.maximumFileSize / 1024) KiB")
      }
      guard let text = String(validating: data, as: UTF8.self) else {
        throw CLIError.configuration("config file \(path) is not UTF-8 text")
      }
      current = text
    case .failure(let problem) where problem.missing: current = nil
    case .failure(let problem): throw CLIError.configuration("\(problem.reason); rootmail will not change it")
    }
    guard let text = try change(current) else { return nil }
    try write(text, name: name, in: folder, shownAs: path)
    return text
  }

  /// Writes `text` to a new file in `folder` and renames it to `name`.
  static func write(_ text: String, name: String, in folder: TrustedPath, shownAs path: String) throws {
    let temp = ".\(name).\(getpid()).\(RandomHex.make(length: 8)).tmp"
    let fd = folder.openFile(temp, flags: O_WRONLY | O_CREAT | O_EXCL, mode: 0o600)
    guard fd >= 0 else { throw failure("cannot write beside \(path)") }
    var error = FileWrite.all(fd, text.utf8)
    if error == 0 && fchmod(fd, 0o600) != 0 { error = errno }
    if error == 0 && fsync(fd) != 0 { error = errno }
    close(fd)
    if error == 0 && renameat(folder.fd, temp, folder.fd, name) != 0 { error = errno }
    guard error == 0 else {
      unlinkat(folder.fd, temp, 0)
      throw CLIError.configuration("cannot write \(path): \(String(cString: strerror(error)))")
    }
  }

  private static func failure(_ message: String) -> CLIError {
    CLIError.configuration("\(message): \(String(cString: strerror(errno)))")
  }
}
