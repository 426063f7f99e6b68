#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A `libRootmailPlugin<Name>.so` file found on the search path, with the facts (size, times,
/// inode) that tell whether it changed since the plugin index was written.
public struct PluginFile: Sendable, Equatable {
  public let name: String
  public let path: String
  public let size: Int
  public let modified: Int
  public let inode: UInt64
}

/// A plugin file the host would not load, and why; `plugins list` shows these.
public struct PluginRefusal: Error, Sendable, Equatable, CustomStringConvertible {
  public let path: String
  public let reason: String
  public var description: String { "plugin \(path) refused: \(reason)" }
}

/// Lists plugin files on the search path and applies the ownership and permission rules
/// (as OpenSSH's StrictModes): a file or folder writable by group or others, or owned by
/// someone other than the user or root, is refused.
public enum PluginFiles {
  public static func scan(_ searchPath: PluginSearchPath) -> (files: [PluginFile], refusals: [PluginRefusal]) {
    var files: [PluginFile] = []
    var refusals: [PluginRefusal] = []
    var firstOfName: [String: String] = [:]
    for folder in searchPath.folders {
      guard let names = listFolder(folder) else { continue }
      let pluginNames = names.filter { PluginABI.pluginName(fromFileName: $0) != nil }.sorted()
      guard !pluginNames.isEmpty else { continue }
      if let problem = ownershipProblem(folder, what: "folder") {
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
        guard stat(path, &st) == 0 else { continue }
        if let problem = ownershipProblem(path, what: "file", st) {
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

  static func listFolder(_ folder: String) -> [String]? {
    guard let dir = opendir(folder) else { return nil }
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

  /// Why `path` may not be trusted, or nil when it may.
  static func ownershipProblem(_ path: String, what: String, _ known: stat? = nil) -> String? {
    var st = stat()
    if let known { st = known } else if stat(path, &st) != 0 { return "\(what) cannot be examined" }
    if st.st_mode & (S_IWGRP | S_IWOTH) != 0 {
      let subject = what == "folder" ? "its folder \(path)" : "the file"
      return "\(subject) is writable by group or others (chmod go-w \(path))"
    }
    let me = getuid()
    if st.st_uid != me && st.st_uid != 0 {
      return
        "\(what == "folder" ? "its folder \(path)" : "the file") is owned by uid \(st.st_uid), not by you (uid \(me)) or root"
    }
    return nil
  }
}
