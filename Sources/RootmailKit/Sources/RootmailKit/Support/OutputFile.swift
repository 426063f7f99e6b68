#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes a command's output file (`mappings export --file`): a new file is created 0600 (the
/// data names owners and accounts); an existing file is replaced only when asked (`force`),
/// by writing a new file beside it and renaming it over, and a symbolic link is never written
/// through or replaced. Every failure is one line naming the path (exit 64).
@_spi(RootmailHost) public enum OutputFile {
  public static func write(_ text: String, to path: String, force: Bool = false) throws {
    var st = stat()
    if lstat(path, &st) == 0 {
      if st.st_mode & S_IFMT == S_IFLNK {
        throw CLIError.usage("\(path) is a symbolic link; rootmail does not write through or replace links")
      }
      guard force else { throw CLIError.usage("\(path) exists already; use --force to replace it") }
      guard st.st_mode & S_IFMT == S_IFREG else { throw CLIError.usage("\(path) is not a regular file") }
      let temp = path + ".rootmail-\(getpid()).tmp"
      try create(temp, text, shownAs: path)
      guard rename(temp, path) == 0 else {
        let message = String(cString: strerror(errno))
        unlink(temp)
        throw CLIError.usage("cannot replace \(path): \(message)")
      }
      return
    }
    try create(path, text, shownAs: path)
  }

  /// Creates `path` (never an existing file or link) with mode 0600 and writes `text` to it.
  private static func create(_ path: String, _ text: String, shownAs shown: String) throws {
    let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
    guard fd >= 0 else {
      let code = errno
      if code == ENOENT || code == ENOTDIR {
        throw CLIError.usage("cannot write \(shown): the folder \(Path.directory(of: shown)) does not exist")
      }
      throw CLIError.usage("cannot write \(shown): \(String(cString: strerror(code)))")
    }
    var failure = FileWrite.all(fd, text.utf8)
    if failure == 0 && fsync(fd) != 0 { failure = errno }
    close(fd)
    if failure != 0 {
      unlink(path)
      throw CLIError.usage("cannot write \(shown): \(String(cString: strerror(failure)))")
    }
  }
}
