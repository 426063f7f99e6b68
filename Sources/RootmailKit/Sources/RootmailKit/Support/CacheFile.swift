#if canImport(Glibc)
  import Glibc
#endif

/// A file in rootmail's cache folder (`$XDG_CACHE_HOME/rootmail`): a shortcut, never the truth,
/// so a missing, foreign or unreadable one is as if empty and a failed write is silent. It is
/// read only when `FileTrust` trusts it (not a link, owned by this user or root, not writable by
/// others), and written whole (0600, in a 0700 folder) by rename in a folder walked as written
/// (`TrustedPath`), so a reader never sees half a file and a link planted on the way never makes
/// root write into someone else's folder.
@_spi(RootmailHost) public enum CacheFile {
  /// `$XDG_CACHE_HOME/rootmail/<name>` (`~/.cache/rootmail/<name>`).
  public static func location(_ name: String, environment: [String: String]) -> String {
    XDGPaths(environment: environment).cacheHome + "/rootmail/" + name
  }

  /// The file's bytes, or nil when it is missing, not trusted or larger than `limit`.
  public static func read(_ path: String, limit: Int) -> [UInt8]? {
    guard case .success(let opened) = FileTrust.open(path, what: "file", followLinks: false) else { return nil }
    defer { opened.close() }
    return try? opened.readAll(limit: limit)
  }

  /// Replaces the file with `bytes`, making its folder where missing; false when it could not.
  @discardableResult public static func write(_ bytes: [UInt8], to path: String) -> Bool {
    guard
      case .success(let folder) = TrustedPath.open(
        Path.directory(of: path), what: "cache folder", kind: .folder, createFolders: true)
    else { return false }
    defer { folder.close() }
    let name = Path.fileName(of: path)
    let temp = name + ".\(getpid()).tmp"
    let fd = folder.openFile(temp, flags: O_CREAT | O_EXCL | O_WRONLY)
    guard fd >= 0 else { return false }
    let failure = FileWrite.all(fd, bytes)
    _ = Glibc.close(fd)
    guard failure == 0, renameat(folder.fd, temp, folder.fd, name) == 0 else {
      unlinkat(folder.fd, temp, 0)
      return false
    }
    return true
  }
}
