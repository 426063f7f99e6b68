#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A cache of which plugin file provides which command, so that running one command loads only
/// its plugin (as git finds `git-<cmd>` by name). It is valid while the search path, the host
/// and every plugin file (path, size, mtime, inode) are as they were when it was written;
/// otherwise the host loads every plugin once and writes it again. A plugin found through the
/// index is still checked in full before it is loaded.
@_spi(RootmailHost) public struct PluginIndex: Equatable, Sendable {
  public struct Entry: Equatable, Sendable {
    public let file: PluginFile
    /// Top-level commands; empty for a file that was refused.
    public let commands: [String]
    /// Receiver names; empty for a file that was refused.
    public let receivers: [String]

    public init(file: PluginFile, commands: [String], receivers: [String] = []) {
      self.file = file
      self.commands = commands
      self.receivers = receivers
    }
  }

  public let hostKey: String
  public let folders: [String]
  public let entries: [Entry]
  public init(hostKey: String, folders: [String], entries: [Entry]) {
    self.hostKey = hostKey
    self.folders = folders
    self.entries = entries
  }

  /// The plugin file providing `command`, if the index is still valid for `files`.
  public func file(providing command: String, hostKey: String, folders: [String], files: [PluginFile]) -> PluginFile? {
    guard hostKey == self.hostKey, folders == self.folders, files == entries.map(\.file) else { return nil }
    return entries.first { $0.commands.contains(command) }?.file
  }

  /// Every command the indexed plugins provide, if the index is still valid for `files` and
  /// every file in it loaded (provides a command or a receiver); nil otherwise.
  public func commandNames(hostKey: String, folders: [String], files: [PluginFile]) -> [String]? {
    guard hostKey == self.hostKey, folders == self.folders, files == entries.map(\.file),
      entries.allSatisfy({ !$0.commands.isEmpty || !$0.receivers.isEmpty })
    else { return nil }
    return entries.flatMap(\.commands)
  }

  /// The plugin files providing the receivers `names` (the first in search order for each
  /// name), if the index is still valid for `files` and knows every name.
  public func files(providingReceivers names: [String], hostKey: String, folders: [String], files: [PluginFile])
    -> [PluginFile]?
  {
    guard hostKey == self.hostKey, folders == self.folders, files == entries.map(\.file) else { return nil }
    var found: [PluginFile] = []
    for name in names {
      guard let file = entries.first(where: { $0.receivers.contains(name) })?.file else { return nil }
      if !found.contains(file) { found.append(file) }
    }
    return found
  }

  // MARK: Storage

  public static func location(environment: [String: String]) -> String {
    CacheFile.location("plugin-index.json", environment: environment)
  }

  /// The most an index may hold (a few hundred bytes a plugin); a larger file is not read.
  public static let maximumFileSize = 4 << 20

  /// Why the index or its folder may not be trusted (`FileTrust`), or nil when both may be (or
  /// do not exist yet): a foreign or loose cache folder could name any file as a command's plugin.
  public static func trustProblem(at path: String) -> String? {
    switch TrustedPath.open(Path.directory(of: path), what: "plugin index folder", kind: .folder) {
    case .failure(let problem): return problem.missing ? nil : "plugin index \(path): \(problem.reason)"
    case .success(let folder): folder.close()
    }
    switch FileTrust.open(path, what: "file", followLinks: false) {
    case .success(let opened):
      opened.close()
      return nil
    case .failure(let problem): return problem.missing ? nil : "plugin index \(path): \(problem.reason)"
    }
  }

  public static func read(from path: String) -> PluginIndex? {
    guard let data = CacheFile.read(path, limit: maximumFileSize),
      let json = try? JSONValue.parse(data),
      let hostKey = json["host"]?.stringValue,
      let folders = json["folders"]?.arrayValue?.compactMap(\.stringValue),
      let entries = json["entries"]?.arrayValue
    else { return nil }
    var parsed: [Entry] = []
    for e in entries {
      guard let name = e["name"]?.stringValue, let path = e["path"]?.stringValue, let size = e["size"]?.intValue,
        let modified = e["modified"]?.stringValue.flatMap({ Int($0) }),
        let inode = e["inode"]?.stringValue.flatMap({ UInt64($0) }),
        let commands = e["commands"]?.arrayValue?.compactMap(\.stringValue),
        let receivers = e["receivers"]?.arrayValue?.compactMap(\.stringValue)
      else { return nil }
      parsed.append(
        Entry(
          file: PluginFile(name: name, path: path, size: size, modified: modified, inode: inode), commands: commands,
          receivers: receivers))
    }
    return PluginIndex(hostKey: hostKey, folders: folders, entries: parsed)
  }

  /// Writes the index (`CacheFile`). Failure is silent: the index is only a shortcut.
  public func write(to path: String) {
    let json = JSONValue.object([
      ("host", .string(hostKey)),
      ("folders", .array(folders.map { .string($0) })),
      (
        "entries",
        .array(
          entries.map { e in
            .object([
              ("name", .string(e.file.name)), ("path", .string(e.file.path)), ("size", .int(e.file.size)),
              ("modified", .string(String(e.file.modified))), ("inode", .string(String(e.file.inode))),
              ("commands", .array(e.commands.map { .string($0) })),
              ("receivers", .array(e.receivers.map { .string($0) })),
            ])
          })
      ),
    ])
    CacheFile.write(Array(json.compact.utf8), to: path)
  }
}
