#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A `libRootmailPlugin<Name>.so` file found on the search path, with the facts (size, times,
/// inode) that tell whether it changed since the plugin index was written.
@_spi(RootmailHost) public struct PluginFile: Sendable, Equatable {
  public let name: String
  public let path: String
  public let size: Int
  public let modified: Int
  public let inode: UInt64
}

/// A plugin file the host would not load, and why; `plugins list` shows these.
@_spi(RootmailHost) public struct PluginRefusal: Error, Sendable, Equatable, CustomStringConvertible {
  public let path: String
  public let reason: String
  public var description: String { "plugin \(path) refused: \(reason)" }
}

/// Lists plugin files on the search path and applies the ownership and permission rules of
/// `FileTrust` (OpenSSH's StrictModes and `safe_path`) to each folder, every ancestor of its
/// real path, and each file: anything writable by group or others, or owned by someone other
/// than the user or root, and a plugin file that is a symbolic link, is refused. The loader
/// checks the file again through the descriptor it loads (`PluginLoader`).
@_spi(RootmailHost) public enum PluginFiles {
  public static func scan(_ searchPath: PluginSearchPath) -> (files: [PluginFile], refusals: [PluginRefusal]) {
    var files: [PluginFile] = []
    var refusals: [PluginRefusal] = []
    var firstOfName: [String: String] = [:]
    for folder in searchPath.folders where folder.hasPrefix("/") {
      let dfd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
      guard dfd >= 0 else { continue }
      defer { close(dfd) }
      guard let names = listFolder(dfd) else { continue }
      let pluginNames = names.filter { PluginABI.pluginName(fromFileName: $0) != nil }.sorted()
      guard !pluginNames.isEmpty else { continue }
      if let problem = FileTrust.folderProblem(descriptor: dfd, path: folder) {
        refusals += pluginNames.map { PluginRefusal(path: folder + "/" + $0, reason: problem) }
        continue
      }
      for fileName in pluginNames {
        let path = folder + "/" + fileName
        let name = PluginABI.pluginName(fromFileName: fileName)!
        if let first = firstOfName[name] {
          refusals.append(
            PluginRefusal(path: path, reason: "shadowed by \(first) (the first plugin of a name on the search path wins)"))
          continue
        }
        var st = stat()
        guard fstatat(dfd, fileName, &st, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
        if st.st_mode & S_IFMT == S_IFLNK {
          refusals.append(
            PluginRefusal(path: path, reason: "the file is a symbolic link (rootmail loads no plugin through a link; copy it)"))
          continue
        }
        guard st.st_mode & S_IFMT == S_IFREG else {
          refusals.append(PluginRefusal(path: path, reason: "not a regular file"))
          continue
        }
        if let problem = FileTrust.statProblem(st, path: path, what: "file") {
          refusals.append(PluginRefusal(path: path, reason: problem))
          continue
        }
        firstOfName[name] = path
        files.append(
          PluginFile(
            name: name, path: path, size: Int(st.st_size),
            modified: Int(st.st_mtim.tv_sec) * 1_000_000_000 + Int(st.st_mtim.tv_nsec), inode: UInt64(st.st_ino)))
      }
    }
    return (files, refusals)
  }

  /// The names in the folder open as `fd` (read through a duplicate, so `fd` stays open).
  static func listFolder(_ fd: Int32) -> [String]? {
    let copy = dup(fd)
    guard copy >= 0 else { return nil }
    guard let dir = fdopendir(copy) else {
      close(copy)
      return nil
    }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names
  }
}
