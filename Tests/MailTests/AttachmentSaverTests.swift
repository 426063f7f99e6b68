import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

@_spi(RootmailHost) @testable import RootmailPluginMail

/// Saving attachments: names cut by UTF-8 bytes (a file name may have 255), extension kept, and
/// one attachment that cannot be written is a warning: the others are still saved.
@Suite struct AttachmentSaverTests {
  @Test func longNonASCIINamesAreCutByBytesKeepingTheExtension() {
    let cjk = String(repeating: "漢", count: 100) + ".pdf"  // 304 bytes, 104 characters
    let name = AttachmentSaver.safeName(cjk, index: 0)
    #expect(name.utf8.count <= AttachmentSaver.maximumNameBytes)
    #expect(name.hasSuffix(".pdf") && name.hasPrefix("漢漢") && name.utf8.count == 195 + 4)
    let noExtension = AttachmentSaver.safeName(String(repeating: "é", count: 300), index: 0)
    #expect(noExtension == String(repeating: "é", count: 100))
    let longExtension = AttachmentSaver.safeName("a." + String(repeating: "x", count: 300), index: 0)
    #expect(longExtension.utf8.count == 200 && longExtension.hasPrefix("a.xx"))
    #expect(AttachmentSaver.safeName("short.txt", index: 0) == "short.txt")
  }

  @Test func aFailedAttachmentIsAWarningAndTheRestAreSaved() throws {
    let folder = try TemporaryFolder(prefix: "rootmail-attach")
    let dir = folder.path + "/saved"
    // Every name "full.txt" could take is taken already: that one attachment cannot be saved.
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    FileManager.default.createFile(atPath: dir + "/full.txt", contents: Data())
    for n in 1..<1000 { FileManager.default.createFile(atPath: dir + "/full-\(n).txt", contents: Data()) }
    let parts = [
      MailPart(
        contentType: "application/pdf", fileName: String(repeating: "漢", count: 100) + ".pdf", isAttachment: true, bytes: [1]),
      MailPart(contentType: "text/plain", fileName: "full.txt", isAttachment: true, bytes: [2]),
      MailPart(contentType: "text/plain", fileName: "last.txt", isAttachment: true, bytes: [3]),
    ]
    let (saved, failed) = try AttachmentSaver(folder: dir).save(parts)
    #expect(saved.count == 2, "\(failed)")
    #expect(saved.last == dir + "/last.txt")
    #expect(saved.first.map { $0.hasSuffix(".pdf") && FileManager.default.fileExists(atPath: $0) } == true)
    #expect(failed.count == 1 && failed.first?.index == 1)
    #expect(failed.first?.description.hasPrefix("attachment 2 (full.txt) was not saved: cannot find a free name") == true)
  }

  /// Thousands of parts of one name (a stranger's mail) are all saved, each under its own
  /// name: the saver remembers the next free suffix instead of trying every taken one again.
  @Test func manyPartsOfOneNameAreAllSaved() throws {
    let folder = try TemporaryFolder(prefix: "rootmail-attach")
    let dir = folder.path + "/saved"
    let parts = (0..<3000).map {
      MailPart(contentType: "text/plain", fileName: "f.txt", isAttachment: true, bytes: [UInt8($0 % 256)])
    }
    let (saved, failed) = try AttachmentSaver(folder: dir).save(parts)
    #expect(failed.isEmpty, "\(failed.count) not saved: \(failed.first.map(String.init(describing:)) ?? "")")
    #expect(saved == [dir + "/f.txt"] + (1..<3000).map { dir + "/f-\($0).txt" })
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir).count == 3000)
    #expect(FileManager.default.contents(atPath: dir + "/f-2999.txt") == Data([UInt8(2999 % 256)]))
  }
}
