import Glibc
@_spi(RootmailHost) import RootmailKit

/// Saves attachments into one folder and nowhere else: a name is cut to its last path
/// component, control characters and NUL are dropped, leading dots removed, so `../x`,
/// `/etc/passwd` or `.bashrc` land as `x`, `passwd`, `bashrc`; an existing file is never
/// overwritten (`name-1.ext` is tried next, and so on: many parts of one name are all saved); files are created 0600 with O_EXCL|O_NOFOLLOW.
/// A name longer than `maximumNameBytes` UTF-8 bytes is cut (a file name may have 255 bytes, and
/// 100 CJK characters are 300), keeping its extension.
struct AttachmentSaver {
  let folder: String

  /// The most UTF-8 bytes a saved name has before `-N` is added (NAME_MAX is 255).
  static let maximumNameBytes = 200
  /// An extension longer than this (bytes, the dot included) is not kept when a name is cut.
  static let maximumExtensionBytes = 32

  /// An attachment that could not be written; the others still are.
  struct Failure: Error, CustomStringConvertible {
    let index: Int
    let name: String
    let reason: String
    var description: String { "attachment \(index + 1) (\(TerminalSafe.quoted(name))) was not saved: \(reason)" }
  }

  /// The safe file name for an attachment's declared name.
  static func safeName(_ declared: String?, index: Int) -> String {
    // Scalars, not characters: a `/` followed by a combining mark is one character that is not
    // `/`, and kept whole it made `../\u{301}x` the absolute `/\u{301}x` (a hostile probe).
    var scalars = Array((declared ?? "").unicodeScalars)
    if let cut = scalars.lastIndex(where: { $0 == "/" || $0 == "\\" }) { scalars.removeSubrange(...cut) }
    scalars.removeAll(where: TerminalSafe.isUnsafe)
    // Trimmed again after the cut to length, which may leave only an extension (`.bash_profile`).
    let name = trimmed(cut(trimmed(String(String.UnicodeScalarView(scalars))), toBytes: maximumNameBytes))
    return name.isEmpty ? "attachment-\(index + 1)" : name
  }

  /// `name` without leading dots and spaces or trailing spaces (scalars, as the file system
  /// sees them): no hidden file, no name that is `.` or `..`.
  static func trimmed(_ name: String) -> String {
    var scalars = Substring(name).unicodeScalars[...]
    while let first = scalars.first, first == "." || first == " " { scalars.removeFirst() }
    while scalars.last == " " { scalars.removeLast() }
    return String(String.UnicodeScalarView(scalars))
  }

  /// `name` at most `limit` UTF-8 bytes, cut at a character, keeping a short extension.
  static func cut(_ name: String, toBytes limit: Int) -> String {
    guard name.utf8.count > limit else { return name }
    var (stem, ext) = split(name)
    if ext.utf8.count > maximumExtensionBytes { (stem, ext) = (name, "") }
    var out = ""
    var bytes = ext.utf8.count
    for character in stem {
      bytes += character.utf8.count
      if bytes > limit { break }
      out.append(character)
    }
    while out.hasSuffix(" ") || out.hasSuffix(".") { out.removeLast() }
    return out + ext
  }

  /// Writes each part; returns the paths written and the parts that could not be (each is a
  /// warning: one bad name or a full disk does not lose the others). Only a folder that cannot
  /// be made is an error.
  func save(_ parts: [MailPart]) throws -> (saved: [String], failed: [Failure]) {
    // The folder is walked as written (`TrustedPath`: no folder or link on the way that someone
    // else owns or can write) and made 0700 where missing; the files are created relative to
    // it. Else a link of another user's would let a stranger's mail choose where root writes.
    let checked: TrustedPath
    switch TrustedPath.open(Path.absolute(folder), what: "attachment folder", kind: .folder, createFolders: true) {
    case .failure(let problem): throw CLIError.configuration("--save-attachments: \(problem.reason)")
    case .success(let opened): checked = opened
    }
    defer { checked.close() }
    var saved: [String] = []
    var failed: [Failure] = []
    // The next `-N` to try for each name: a stranger's mail may hold thousands of parts of one
    // name, and each would otherwise try every name the ones before it took.
    var nextSuffix: [String: Int] = [:]
    for (i, part) in parts.enumerated() {
      let name = Self.safeName(part.fileName, index: i)
      do {
        let (path, suffix) = try write(part.bytes, named: name, from: nextSuffix[name, default: 0], in: checked)
        saved.append(path)
        nextSuffix[name] = suffix + 1
      } catch {
        failed.append(Failure(index: i, name: name, reason: "\(error)"))
      }
    }
    return (saved, failed)
  }

  /// Writes `bytes` to the first free one of `name` (suffix 0) and `stem-N.ext`, trying at
  /// most 1000 from suffix `first`; returns the path and the suffix it took.
  private func write(
    _ bytes: [UInt8], named name: String, from first: Int, in checked: TrustedPath
  ) throws -> (path: String, suffix: Int) {
    let (stem, ext) = Self.split(name)
    for n in first..<(first + 1000) {
      let file = n == 0 ? name : "\(stem)-\(n)\(ext)"
      let path = folder + "/" + file
      let fd = checked.openFile(file, flags: O_WRONLY | O_CREAT | O_EXCL)
      if fd < 0 {
        if errno == EEXIST { continue }
        throw CLIError("cannot write \(TerminalSafe.escaped(path)): \(String(cString: strerror(errno)))")
      }
      defer { close(fd) }
      let failure = FileWrite.all(fd, bytes)
      guard failure == 0 else {
        throw CLIError("cannot write \(TerminalSafe.escaped(path)): \(String(cString: strerror(failure)))")
      }
      return (path, n)
    }
    throw CLIError("cannot find a free name for \(TerminalSafe.escaped(name)) in \(folder)")
  }

  static func split(_ name: String) -> (String, String) {
    guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return (name, "") }
    return (String(name[..<dot]), String(name[dot...]))
  }
}
