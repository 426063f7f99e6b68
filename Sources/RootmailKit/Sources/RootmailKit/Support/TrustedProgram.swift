#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Programs root runs on the user's word — an `exec:` receiver, a profile's
/// `credential_process` — opened as `TrustedPath` checks them and held open, so that what runs
/// (`ChildProcess`'s `executable:`) is exactly the file that was checked.
extension TrustedPath {
  /// The search path for a bare program name when the environment has none (as `confstr`'s
  /// `_CS_PATH` without the sbin folders).
  public static let defaultSearchPath = "/usr/local/bin:/usr/bin:/bin"

  /// Opens `program` (an absolute path) as `open(_:what:kind:)` checks it — the path as
  /// written, component by component: no folder or link on the way owned by another user or
  /// writable by group or others, no `..` — and makes sure it is executable. `what` names it in
  /// a refusal ("program").
  public static func openProgram(_ program: String, what: String = "program") -> Result<TrustedPath, FileTrust.Problem> {
    openProgram(program, what: what, interpreterDepth: 0)
  }

  /// Interpreters the kernel runs for one program at most (Linux's BINPRM_MAX_RECURSION): a
  /// longer chain of `#!` scripts, or one that names itself back, never runs.
  static let maximumInterpreterDepth = 4

  static func openProgram(_ program: String, what: String, interpreterDepth: Int) -> Result<TrustedPath, FileTrust.Problem> {
    switch open(program, what: what, kind: .file) {
    case .failure(let problem):
      return .failure(problem)
    case .success(let file):
      guard file.isExecutable else {
        file.close()
        return .failure(
          FileTrust.Problem(
            path: program, reason: "the \(what) \(program) is not executable (chmod +x \(program))", missing: false))
      }
      // A script runs its `#!` interpreter as root too: it must pass the same checks.
      if let interpreter = interpreter(of: file), interpreter != program {
        guard interpreterDepth < maximumInterpreterDepth else {
          file.close()
          return .failure(
            FileTrust.Problem(
              path: program,
              reason: "the \(what) \(program) names an interpreter (#!) more than \(maximumInterpreterDepth) scripts deep"
                + " (scripts that name each other?): the kernel would not run it",
              missing: false))
        }
        switch openProgram(interpreter, what: "interpreter (#!) of \(program)", interpreterDepth: interpreterDepth + 1) {
        case .failure(let problem):
          file.close()
          return .failure(FileTrust.Problem(path: program, reason: problem.reason, missing: false))
        case .success(let checked): checked.close()
        }
      }
      return .success(file)
    }
  }

  /// The interpreter a script names on its `#!` line (the first word after it), or nil.
  static func interpreter(of file: TrustedPath) -> String? {
    let fd = Glibc.open(file.procPath, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { Glibc.close(fd) }
    var head = [UInt8](repeating: 0, count: 256)
    let n = head.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
    guard n > 2, head[0] == 0x23, head[1] == 0x21 else { return nil }
    let line = head[2..<n].prefix { $0 != 0x0A }
    let words = line.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D })
    return words.first.map { String(decoding: $0, as: UTF8.self) }
  }

  /// A command's first word as a program: an absolute path is opened as `openProgram` does; a
  /// bare name is looked up once in the absolute folders of `searchPath` (a `PATH`; relative
  /// and empty entries are skipped, nil is `defaultSearchPath`) — the first that holds an
  /// executable file of that name — and that path is opened and checked (a refusal there is
  /// final: no later folder is tried). A relative path with a `/` is refused.
  public static func openProgram(named word: String, searchPath: String?, what: String = "program") -> Result<
    TrustedPath, FileTrust.Problem
  > {
    if word.hasPrefix("/") { return openProgram(word, what: what) }
    guard !word.isEmpty, !word.contains("/"), word != ".", word != ".." else {
      return .failure(
        FileTrust.Problem(
          path: word,
          reason: "the \(what) \(word) is a relative path; write its absolute path, or a bare name found on PATH",
          missing: false))
    }
    let path = searchPath.flatMap { $0.isEmpty ? nil : $0 } ?? defaultSearchPath
    let folders = path.split(separator: ":").map(String.init).filter { $0.hasPrefix("/") }
    for folder in folders {
      let candidate = (folder.hasSuffix("/") ? folder : folder + "/") + word
      var st = stat()
      guard stat(candidate, &st) == 0, st.st_mode & S_IFMT == S_IFREG, access(candidate, X_OK) == 0 else { continue }
      return openProgram(candidate, what: what)
    }
    return .failure(
      FileTrust.Problem(
        path: word,
        reason: "the \(what) \(word) is not found in any absolute folder of PATH (\(folders.joined(separator: ":")))",
        missing: true))
  }
}
