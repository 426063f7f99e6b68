#if canImport(Glibc)
  import Glibc
#endif

/// The folders searched for plugins, in order (the first plugin of a name wins):
/// `$ROOTMAIL_PLUGIN_PATH` (colon-separated), `plugin_path` from the config, then
/// `$XDG_DATA_HOME/rootmail/plugins`, `<prefix>/lib/rootmail/plugins` beside the installed
/// executable, and the executable's own folder (a development build).
///
/// Only absolute folders are searched: a relative entry (`.`, `plugins`) would load whatever
/// `.so` sits in the current folder, so it is left out and named in `refusedEntries`.
@_spi(RootmailHost) public struct PluginSearchPath: Sendable, Equatable {
  public let folders: [String]
  /// Relative entries of `ROOTMAIL_PLUGIN_PATH` or `plugin_path` that are not searched.
  public let refusedEntries: [String]

  public init(folders: [String]) {
    self.folders = folders.filter { $0.hasPrefix("/") }
    self.refusedEntries = folders.filter { !$0.isEmpty && !$0.hasPrefix("/") }
  }

  public init(environment: [String: String], configured: [String] = [], executablePath: String) {
    var asked: [String] = []
    if let env = environment["ROOTMAIL_PLUGIN_PATH"] {
      asked += env.split(separator: ":").map(String.init)
    }
    asked += configured
    var folders = asked.filter { $0.hasPrefix("/") }
    folders.append(XDGPaths(environment: environment).dataHome + "/rootmail/plugins")
    let binDir = Path.directory(of: executablePath)
    folders.append(Path.directory(of: binDir) + "/lib/rootmail/plugins")
    folders.append(binDir)
    var seen = Set<String>()
    self.folders = folders.filter { $0.hasPrefix("/") && seen.insert(Path.normalize($0)).inserted }
    self.refusedEntries = asked.filter { !$0.isEmpty && !$0.hasPrefix("/") }
  }

  /// The warning for each refused entry.
  public var warnings: [String] {
    refusedEntries.map {
      "plugin folder \"\($0)\" ignored: not an absolute path (a relative entry would load plugins from the current folder)"
    }
  }
}

/// Small path helpers on strings (FoundationEssentials has no NSString path API). They split at
/// the byte `/`, as the kernel does, never at characters: a `/` followed by a combining mark is
/// one character that is not `/`, yet the kernel sees the slash.
public enum Path {
  /// `path` made absolute against the current folder (and normalised), as written otherwise.
  public static func absolute(_ path: String) -> String {
    if isAbsolute(path) { return path }
    var buffer = [CChar](repeating: 0, count: 4096)
    guard let cwd = getcwd(&buffer, buffer.count) else { return path }
    return normalize(String(cString: cwd) + "/" + path)
  }

  public static func directory(of path: String) -> String {
    guard let slash = path.utf8.lastIndex(of: slashByte) else { return "." }
    let dir = String(decoding: path.utf8[..<slash], as: UTF8.self)
    return dir.isEmpty ? "/" : dir
  }

  public static func fileName(of path: String) -> String {
    guard let slash = path.utf8.lastIndex(of: slashByte) else { return path }
    return String(decoding: path.utf8[path.utf8.index(after: slash)...], as: UTF8.self)
  }

  /// Removes `.` components, repeated and trailing slashes (it does not resolve links).
  public static func normalize(_ path: String) -> String {
    var parts: [String] = []
    for part in components(path) where part != "." {
      if part == "..", let last = parts.last, last != ".." { parts.removeLast() } else { parts.append(part) }
    }
    let joined = parts.joined(separator: "/")
    return isAbsolute(path) ? "/" + joined : (joined.isEmpty ? "." : joined)
  }

  static let slashByte = UInt8(ascii: "/")

  /// Whether `path` starts with the byte `/`.
  static func isAbsolute(_ path: some StringProtocol) -> Bool { path.utf8.first == slashByte }

  /// The names between the `/` bytes of `path`, empty ones left out.
  static func components(_ path: some StringProtocol) -> [String] {
    path.utf8.split(separator: slashByte).map { String(decoding: $0, as: UTF8.self) }
  }
}
