import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

@_spi(RootmailHost) @testable import RootmailPluginMail

/// `FileBytes.read` (how a fetch reads a mail back, sized by fstat): whole files of any size,
/// empty ones, and a missing one as an error naming it.
@Suite struct FileBytesTests {
  @Test func readsWholeFilesOfAnySize() throws {
    let folder = try TemporaryFolder(prefix: "rootmail-filebytes")
    for size in [0, 1, 4095, 65536, 65537, 300_001] {
      let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
      let path = folder.path + "/f\(size)"
      #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
      #expect(try FileBytes.read(path) == bytes, "size \(size)")
    }
    // What /proc reports as empty still has bytes to read.
    #expect(try !FileBytes.read("/proc/self/status").isEmpty)
    #expect(throws: CLIError.self) { try FileBytes.read(folder.path + "/missing") }
  }
}
