import Foundation
@_spi(RootmailHost) import RootmailKit
import RootmailTestSupport
import Testing

/// `FileTrust.OpenFile.readAll`: the whole file whatever its size against the read chunk (empty,
/// smaller, exactly one chunk, several chunks), a file that grew after it was opened and checked,
/// and the limit, counted on what is read rather than on the size seen at open.
@Suite struct FileTrustReadTests {
  static func bytes(_ count: Int) -> Data { Data((0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }) }

  func opened(_ folder: TemporaryFolder, _ name: String, _ data: Data) throws -> FileTrust.OpenFile {
    let path = try folder.write(name, data, mode: 0o600)
    return try FileTrust.open(path, what: "test file", followLinks: false).get()
  }

  @Test(arguments: [0, 1, 1832, 65535, 65536, 65537, 200_000])
  func readsTheWholeFile(size: Int) throws {
    let folder = try TemporaryFolder()
    let file = try opened(folder, "f", Self.bytes(size))
    defer { file.close() }
    #expect(try file.readAll(limit: 1 << 20) == [UInt8](Self.bytes(size)))
  }

  @Test(arguments: [0, 10])
  func readsWhatWasAppendedAfterOpening(sizeAtOpen: Int) throws {
    let folder = try TemporaryFolder()
    let file = try opened(folder, "grows", Self.bytes(sizeAtOpen))
    defer { file.close() }
    let more = Self.bytes(100_000)
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: folder.path + "/grows"))
    try handle.seekToEnd()
    try handle.write(contentsOf: more)
    try handle.close()
    #expect(try file.readAll(limit: 1 << 20) == [UInt8](Self.bytes(sizeAtOpen) + more))
  }

  @Test func refusesMoreThanTheLimitEvenWhenItGrewAfterOpening() throws {
    let folder = try TemporaryFolder()
    let small = try opened(folder, "small", Self.bytes(10))
    defer { small.close() }
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: folder.path + "/small"))
    try handle.seekToEnd()
    try handle.write(contentsOf: Self.bytes(5000))
    try handle.close()
    #expect(throws: FileTrust.Problem.self) { try small.readAll(limit: 4096) }
    let big = try opened(folder, "big", Self.bytes(4097))
    defer { big.close() }
    #expect(throws: FileTrust.Problem.self) { try big.readAll(limit: 4096) }
    let exact = try opened(folder, "exact", Self.bytes(4096))
    defer { exact.close() }
    #expect(try exact.readAll(limit: 4096).count == 4096)
  }
}
