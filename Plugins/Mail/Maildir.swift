import Glibc
@_spi(RootmailHost) import RootmailKit

/// The local mail cache: a Maildir (`tmp/`, `new/`, `cur/`; folders 0700, files 0600) under
/// `$XDG_DATA_HOME/rootmail/mail`, each mail in `new/<id>` where id is `MailID.make(key:)`, and
/// the index file `$XDG_DATA_HOME/rootmail/mail-index.sqlite`. A mail is downloaded into `tmp/`
/// and renamed into `new/` once complete, as Maildir delivery does, so `new/` only ever holds
/// whole mails. `parsing/` holds a mark per mail a fetch is parsing (`ParseMark`).
struct Maildir: Sendable {
  let root: String
  let indexPath: String

  init(environment: [String: String]) {
    let data = XDGPaths(environment: environment).dataHome + "/rootmail"
    self.init(root: data + "/mail", indexPath: data + "/mail-index.sqlite")
  }

  init(root: String, indexPath: String) {
    self.root = root
    self.indexPath = indexPath
  }

  func path(id: String) -> String { root + "/new/" + id }
  func temporaryPath(id: String) -> String { root + "/tmp/\(id).\(getpid())" }

  /// The same Maildir at its checked real path, its folders made (0700) where missing. Each
  /// folder is walked as written, component by component, without following a link that
  /// someone else owns (`TrustedPath`): others able to write anywhere on the way could plant or
  /// swap mail (a forged reset link) or the index. What comes back names only folders that
  /// passed, owned by the user or root and writable by no one else, so no other user can
  /// redirect any of its paths afterwards.
  func prepared() throws -> Maildir {
    let data = try Self.checkedFolder(root.parentFolder)
    let mail = try Self.checkedFolder(data + "/" + Path.fileName(of: root))
    for sub in ["tmp", "new", "cur", Self.parsingName] { _ = try Self.checkedFolder(mail + "/" + sub) }
    return Maildir(root: mail, indexPath: data + "/" + Path.fileName(of: indexPath))
  }

  /// The real path of `folder` after `TrustedPath` checked (and if need be made) it.
  static func checkedFolder(_ folder: String) throws -> String {
    switch TrustedPath.open(folder, what: "mail folder", kind: .folder, createFolders: true) {
    case .failure(let problem):
      throw CLIError.configuration("mail cache: \(problem.reason); rootmail will not use it")
    case .success(let checked):
      defer { checked.close() }
      return checked.realPath
    }
  }

  /// Runs `body` holding an exclusive lock on the Maildir (one fetch at a time; a killed
  /// fetch's lock goes with its process), after removing what a killed fetch left in `tmp/`.
  func withFetchLock<T>(_ body: () async throws -> T) async throws -> T {
    let fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard fd >= 0 else { throw CLIError.configuration("cannot open \(root): \(String(cString: strerror(errno)))") }
    defer { close(fd) }
    while flock(fd, LOCK_EX) != 0 && errno == EINTR {}
    defer { flock(fd, LOCK_UN) }
    cleanTemporary()
    return try await body()
  }

  /// Removes every file in `tmp/` (only a fetch holding the lock writes there).
  func cleanTemporary() {
    guard let dir = opendir(root + "/tmp") else { return }
    defer { closedir(dir) }
    while let entry = readdir(dir) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
      }
      if name != "." && name != ".." { unlink(root + "/tmp/" + name) }
    }
  }

  /// Whether `new/<id>` exists.
  func contains(id: String) -> Bool { access(path(id: id), F_OK) == 0 }

  /// Moves a complete download from `tmp/` into `new/` (mode 0600 first).
  func deliver(temporary: String, id: String) throws {
    chmod(temporary, 0o600)
    guard rename(temporary, path(id: id)) == 0 else {
      throw CLIError("cannot move \(temporary) into \(root)/new: \(String(cString: strerror(errno)))")
    }
  }

  /// The names in `new/`.
  func ids() -> [String] { names(in: root + "/new") }

  /// The names in `folder`.
  func names(in folder: String) -> [String] {
    guard let dir = opendir(folder) else { return [] }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names
  }

  static let parsingName = "parsing"
  var parsingFolder: String { root + "/" + Self.parsingName }

  /// Records that `mark`'s mail is being parsed on a second attempt (`retry`; a first attempt
  /// writes its mark into a reused `ParseSlots` file): the file `parsing/<id>.retry`, holding
  /// what the index row needs. (Runs before slots wrote first marks as `parsing/<id>`; those are
  /// still read.)
  func markParsing(_ mark: ParseMark) throws {
    let path = parsingFolder + "/" + mark.id + (mark.retry ? ".retry" : "")
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o600)
    guard fd >= 0 else { throw CLIError("cannot write \(path): \(String(cString: strerror(errno)))") }
    defer { close(fd) }
    let bytes = mark.json
    guard bytes.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) == bytes.count else {
      throw CLIError("cannot write \(path): \(String(cString: strerror(errno)))")
    }
  }

  /// Removes a mail's parse marks written as files of their own (the parse is over).
  func unmarkParsing(id: String) {
    unlink(parsingFolder + "/" + id)
    unlink(parsingFolder + "/" + id + ".retry")
  }

  /// The marks a fetch that died while parsing left: `<id>.retry` files, slots that still
  /// hold a mark (`ParseSlots`) and `<id>` files of older runs; a retry mark wins over a first
  /// one. Unreadable marks and empty slots are removed.
  func parseMarks() -> [ParseMark] {
    var marks: [String: ParseMark] = [:]
    for name in names(in: parsingFolder) {
      let path = parsingFolder + "/" + name
      let slot = ParseSlots.isSlot(name)
      let retry = !slot && name.hasSuffix(".retry")
      let named = retry ? String(name.dropLast(6)) : name
      let bytes = try? FileBytes.read(path)
      if slot, let bytes, ParseSlots.isEmpty(bytes) {
        unlink(path)
        continue
      }
      guard slot || (MailID.isPrefix(named) && named.count == 12), let bytes,
        let object = ParseMark.object(json: bytes), slot || MailID.make(key: object.key) == named
      else {
        unlink(path)
        continue
      }
      let mark = ParseMark(object: object, retry: retry)
      if marks[mark.id]?.retry == true { continue }
      marks[mark.id] = mark
    }
    return marks.values.sorted { $0.id < $1.id }
  }

  /// Removes the slots (`ParseSlots`) a process that died left: once their marks were dealt
  /// with, before this run writes slots of its own.
  func removeLeftSlots() {
    for name in names(in: parsingFolder) where ParseSlots.isSlot(name) { unlink(parsingFolder + "/" + name) }
  }

  /// A mail's raw bytes.
  func read(id: String) throws -> [UInt8] {
    try FileBytes.read(path(id: id))
  }
}

/// A mail `mail fetch` is parsing, as `Maildir.markParsing` and `ParseSlots` record it: a mark
/// left behind means the process died while parsing that mail.
struct ParseMark: Sendable, Equatable {
  var object: S3.Object
  /// Whether this is the second attempt (the first one's process died).
  var retry: Bool
  var id: String { MailID.make(key: object.key) }

  /// What a mark file holds: the listing's facts about the object, as JSON.
  var json: [UInt8] {
    Array(
      JSONValue.object([
        ("key", .string(object.key)), ("etag", .string(object.eTag)), ("size", .int(object.size)),
        ("last_modified", .string(object.lastModified)),
      ]).compact.utf8)
  }

  /// The object a mark file's `json` names, nil when it is not one.
  static func object(json bytes: [UInt8]) -> S3.Object? {
    guard let json = try? JSONValue.parse(bytes), let key = json["key"]?.stringValue else { return nil }
    return S3.Object(
      key: key, size: json["size"]?.intValue ?? 0, eTag: json["etag"]?.stringValue ?? "",
      lastModified: json["last_modified"]?.stringValue ?? "")
  }
}

/// Reading a whole file with POSIX calls (also what benchmarks/mail reads its mails with).
@_spi(RootmailHost) public enum FileBytes {
  /// The file's bytes, read straight into an array of the size `fstat` gives (no zeroed chunk
  /// copied piece by piece), then whatever the file grew by meanwhile, a chunk at a time.
  public static func read(_ path: String) throws -> [UInt8] {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw CLIError("cannot read \(path): \(String(cString: strerror(errno)))") }
    defer { close(fd) }
    var st = stat()
    let size = fstat(fd, &st) == 0 && st.st_size > 0 ? Int(st.st_size) : 0
    var failure: Int32 = 0
    // Room for one byte more than the file holds: filling it means the file grew.
    var bytes = [UInt8](unsafeUninitializedCapacity: size + 1) { buffer, filled in
      filled = readFully(fd, into: buffer, &failure)
    }
    if failure == 0 && bytes.count == size + 1 {
      var chunk = [UInt8](repeating: 0, count: 65536)
      while failure == 0 {
        let n = chunk.withUnsafeMutableBufferPointer { readFully(fd, into: $0, &failure) }
        bytes.append(contentsOf: chunk[0..<n])
        if n < chunk.count { break }
      }
    }
    if failure != 0 { throw CLIError("cannot read \(path): \(String(cString: strerror(failure)))") }
    return bytes
  }

  /// Reads `fd` into `buffer` until it is full or the file ends; a failed read sets `failure`
  /// to its errno. Returns the bytes read.
  static func readFully(_ fd: Int32, into buffer: UnsafeMutableBufferPointer<UInt8>, _ failure: inout Int32) -> Int {
    var filled = 0
    while filled < buffer.count {
      let n = Glibc.read(fd, buffer.baseAddress! + filled, buffer.count - filled)
      if n < 0 && errno == EINTR { continue }
      if n < 0 { failure = errno }
      guard n > 0 else { break }
      filled += n
    }
    return filled
  }
}

extension String {
  /// The folder part of a path.
  var parentFolder: String {
    guard let slash = lastIndex(of: "/"), slash != startIndex else { return "/" }
    return String(self[..<slash])
  }
}
