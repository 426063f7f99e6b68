import Glibc
import RootmailKit

/// Saves attachments into one folder and nowhere else: a name is cut to its last path
/// component, control characters and NUL are dropped, leading dots removed, so `../x`,
/// `/etc/passwd` or `.bashrc` land as `x`, `passwd`, `bashrc`; an existing file is never
/// overwritten (`name-1.ext` is tried next); files are created 0600 with O_EXCL|O_NOFOLLOW.
struct AttachmentSaver {
  let folder: String

  /// The safe file name for an attachment's declared name.
  static func safeName(_ declared: String?, index: Int) -> String {
    var name = declared ?? ""
    if let cut = name.lastIndex(where: { $0 == "/" || $0 == "\\" }) { name = String(name[name.index(after: cut)...]) }
    name = String(String.UnicodeScalarView(name.unicodeScalars.filter { !TerminalSafe.isUnsafe($0) }))
    while name.hasPrefix(".") || name.hasPrefix(" ") { name.removeFirst() }
    while name.hasSuffix(" ") { name.removeLast() }
    if name.utf8.count > 200 { name = String(name.prefix(120)) }
    return name.isEmpty ? "attachment-\(index + 1)" : name
  }

  /// Writes each part; returns the paths written.
  func save(_ parts: [MailPart]) throws -> [String] {
    if mkdir(folder, 0o700) != 0 && errno != EEXIST {
      throw CLIError("cannot create \(folder): \(String(cString: strerror(errno)))")
    }
    var saved: [String] = []
    for (i, part) in parts.enumerated() {
      saved.append(try write(part.bytes, named: Self.safeName(part.fileName, index: i)))
    }
    return saved
  }

  private func write(_ bytes: [UInt8], named name: String) throws -> String {
    let (stem, ext) = Self.split(name)
    for n in 0..<1000 {
      let path = folder + "/" + (n == 0 ? name : "\(stem)-\(n)\(ext)")
      let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
      if fd < 0 {
        if errno == EEXIST { continue }
        throw CLIError("cannot write \(TerminalSafe.escaped(path)): \(String(cString: strerror(errno)))")
      }
      defer { close(fd) }
      var offset = 0
      while offset < bytes.count {
        let n = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        if n < 0 {
          if errno == EINTR { continue }
          throw CLIError("cannot write \(TerminalSafe.escaped(path)): \(String(cString: strerror(errno)))")
        }
        offset += n
      }
      return path
    }
    throw CLIError("cannot find a free name for \(TerminalSafe.escaped(name)) in \(folder)")
  }

  static func split(_ name: String) -> (String, String) {
    guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return (name, "") }
    return (String(name[..<dot]), String(name[dot...]))
  }
}
