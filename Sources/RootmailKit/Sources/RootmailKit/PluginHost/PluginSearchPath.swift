/// The folders searched for plugins, in order (the first plugin of a name wins):
/// `$ROOTMAIL_PLUGIN_PATH` (colon-separated), `plugin_path` from the config, then
/// `$XDG_DATA_HOME/rootmail/plugins`, `<prefix>/lib/rootmail/plugins` beside the installed
/// executable, and the executable's own folder (a development build).
public struct PluginSearchPath: Sendable, Equatable {
  public let folders: [String]

  public init(folders: [String]) { self.folders = folders }

  public init(environment: [String: String], configured: [String] = [], executablePath: String) {
    var folders: [String] = []
    if let env = environment["ROOTMAIL_PLUGIN_PATH"] {
      folders += env.split(separator: ":").map(String.init)
    }
    folders += configured
    folders.append(XDGPaths(environment: environment).dataHome + "/rootmail/plugins")
    let binDir = Path.directory(of: executablePath)
    folders.append(Path.directory(of: binDir) + "/lib/rootmail/plugins")
    folders.append(binDir)
    var seen = Set<String>()
    self.folders = folders.filter { !$0.isEmpty && seen.insert(Path.normalize($0)).inserted }
  }
}

/// Small path helpers on strings (FoundationEssentials has no NSString path API).
public enum Path {
  public static func directory(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    let dir = String(path[..<slash])
    return dir.isEmpty ? "/" : dir
  }

  public static func fileName(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return path }
    return String(path[path.index(after: slash)...])
  }

  /// Removes `.` components, repeated and trailing slashes (it does not resolve links).
  public static func normalize(_ path: String) -> String {
    let absolute = path.hasPrefix("/")
    var parts: [Substring] = []
    for part in path.split(separator: "/") where part != "." {
      if part == "..", let last = parts.last, last != ".." { parts.removeLast() } else { parts.append(part) }
    }
    let joined = parts.joined(separator: "/")
    return absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
  }
}
