#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The little the host reads from a plugin file before it loads it: that it is a 64-bit ELF
/// shared object, and the toolchain stamp in its `.comment` section (the compiler
/// identification every toolchain's objects carry), to refuse a plugin built by another Swift
/// toolchain before any of its code runs. Only the headers and that section are read.
@_spi(RootmailHost) public struct ELFImage: Sendable {
  public let comments: [String]

  public enum ReadError: Error, Equatable, CustomStringConvertible {
    case unreadable
    case notELF
    case wrongClass
    case truncated

    public var description: String {
      switch self {
      case .unreadable: return "cannot be read"
      case .notELF: return "not an ELF shared library"
      case .wrongClass: return "not a 64-bit little-endian ELF library"
      case .truncated: return "truncated ELF file"
      }
    }
  }

  public init(path: String) throws {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw ReadError.unreadable }
    defer { close(fd) }
    try self.init { offset, count in
      guard offset >= 0, count >= 0, count <= 1 << 24 else { throw ReadError.truncated }
      var buffer = [UInt8](repeating: 0, count: count)
      let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(offset)) }
      guard n == count else { throw ReadError.truncated }
      return buffer
    }
  }

  /// Reads through `read(offset, count)`, which returns exactly `count` bytes or throws.
  public init(read: (Int, Int) throws -> [UInt8]) throws {
    let header: [UInt8]
    do { header = try read(0, 64) } catch { throw ReadError.notELF }
    guard header[0] == 0x7F, header[1] == 0x45, header[2] == 0x4C, header[3] == 0x46 else { throw ReadError.notELF }
    guard header[4] == 2, header[5] == 1 else { throw ReadError.wrongClass }
    let sectionTable = Self.int(header, 0x28, 8)
    let entrySize = Self.int(header, 0x3A, 2)
    let count = Self.int(header, 0x3C, 2)
    let namesIndex = Self.int(header, 0x3E, 2)
    guard count > 0, count < 4096, namesIndex < count, entrySize >= 64 else {
      comments = []
      return
    }
    let table = try read(sectionTable, count * entrySize)
    func section(_ i: Int) -> (name: Int, offset: Int, size: Int) {
      let b = i * entrySize
      return (Self.int(table, b, 4), Self.int(table, b + 0x18, 8), Self.int(table, b + 0x20, 8))
    }
    let names = section(namesIndex)
    guard names.size < 1 << 20 else { throw ReadError.truncated }
    let nameBytes = try read(names.offset, names.size)
    var found: [String] = []
    for i in 0..<count {
      let s = section(i)
      guard s.name < nameBytes.count else { throw ReadError.truncated }
      let end = nameBytes[s.name...].firstIndex(of: 0) ?? nameBytes.count
      guard String(decoding: nameBytes[s.name..<end], as: UTF8.self) == ".comment", s.size < 1 << 16 else { continue }
      found = try read(s.offset, s.size).split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }
    comments = found
  }

  private static func int(_ bytes: [UInt8], _ offset: Int, _ width: Int) -> Int {
    var v = 0
    for i in (0..<width).reversed() { v = v << 8 | Int(bytes[offset + i]) }
    return v
  }

  /// The toolchain's own compiler identification (the LLVM that built Swift's runtime objects);
  /// the system C compiler's `GCC:` lines from crt files are left out.
  public var toolchainStamp: String? {
    let lines = Set(comments.filter { !$0.hasPrefix("GCC:") && !$0.isEmpty })
    return lines.isEmpty ? nil : lines.sorted().joined(separator: "; ")
  }
}
