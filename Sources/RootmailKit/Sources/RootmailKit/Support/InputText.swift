#if canImport(Glibc)
  import Glibc
#endif

/// Reads a command's input text: a file, or standard input for `-`. The text must be UTF-8:
/// bytes that are not are an input error (exit 65) naming the line and, for a JSON line, the
/// field — never silently replaced with U+FFFD.
@_spi(RootmailHost) public enum InputText {
  /// The most an input file may hold (a million mappings are about 300 MB); more is refused.
  public static let maximumSize = 1 << 30

  /// The whole text of `path` (`-` is standard input); a file that cannot be opened or is a
  /// folder is a usage error (64) giving the system's reason. The file is opened once and read
  /// from that descriptor.
  public static func read(_ path: String, what: String = "file") throws -> String {
    let bytes: [UInt8]
    if path == "-" {
      bytes = try readAll(0, path, what)
    } else {
      let fd = open(path, O_RDONLY | O_CLOEXEC)
      guard fd >= 0 else { throw unreadable(path, what, String(cString: strerror(errno))) }
      defer { close(fd) }
      var info = stat()
      if fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR { throw unreadable(path, what, "it is a folder") }
      if Int(info.st_size) > maximumSize { throw tooLarge(path, what) }
      bytes = try readAll(fd, path, what)
    }
    // Refused whole rather than cut: a cut file would lose its last rows without a word.
    guard bytes.count <= maximumSize else { throw tooLarge(path, what) }
    return try text(bytes, what: path == "-" ? "standard input" : what == "file" ? path : what)
  }

  static func tooLarge(_ path: String, _ what: String) -> CLIError {
    CLIError("\(source(path, what)) holds more than \(maximumSize >> 30) GiB: split it", status: .dataError)
  }

  static func unreadable(_ path: String, _ what: String, _ reason: String) -> CLIError {
    CLIError.usage("cannot read \(source(path, what)): \(reason)")
  }

  /// `standard input`, or `the file <path>` (escaped).
  static func source(_ path: String, _ what: String) -> String {
    path == "-" ? "standard input" : "the \(what) \(TerminalSafe.escaped(String(path.prefix(1024))))"
  }

  /// `bytes` as a string, or the input error for the first bytes that are not UTF-8.
  public static func text(_ bytes: [UInt8], what: String) throws -> String {
    if let text = String(validating: bytes, as: UTF8.self) { return text }
    let bad = firstInvalidOffset(bytes)
    let lineStart = bytes[..<bad].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
    let lineEnd = bytes[bad...].firstIndex(of: 0x0A) ?? bytes.count
    let lineNumber = bytes[..<lineStart].filter { $0 == 0x0A }.count + 1
    var field = "\(what) line \(lineNumber)"
    do { _ = try JSONValue.parse(Array(bytes[lineStart..<lineEnd])) } catch let error as JSONParseError {
      if !error.field.isEmpty { field += " field \(error.field)" }
    } catch {}
    let shown = String(decoding: bytes[lineStart..<lineEnd], as: UTF8.self)
    throw CLIError.invalid(field: field, value: shown, rule: "is not valid UTF-8 (byte \(bad - lineStart + 1) of the line)")
  }

  /// The offset of the first byte that does not start or continue a valid UTF-8 sequence.
  static func firstInvalidOffset(_ bytes: [UInt8]) -> Int {
    var decoder = UTF8()
    var iterator = bytes.makeIterator()
    var offset = 0
    while true {
      switch decoder.decode(&iterator) {
      case .scalarValue(let scalar): offset += UTF8.width(scalar)
      case .emptyInput: return bytes.count
      case .error: return offset
      }
    }
  }

  /// Everything `fd` holds, up to a little past `maximumSize`. A read that fails is an error,
  /// never the end of the input (which would cut it without a word); a descriptor left
  /// non-blocking is waited on.
  static func readAll(_ fd: Int32, _ path: String, _ what: String) throws -> [UInt8] {
    var out: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while out.count <= maximumSize {
      let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
      if n < 0 && errno == EINTR { continue }
      if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
        var ready = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        _ = poll(&ready, 1, -1)
        continue
      }
      if n < 0 {
        throw unreadable(path, what, errno == EISDIR ? "it is a folder" : String(cString: strerror(errno)))
      }
      guard n > 0 else { break }
      out += chunk[0..<n]
    }
    return out
  }
}
