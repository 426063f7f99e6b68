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

  /// Names a hostile probe found: a `/` followed by a combining mark is one character but still
  /// a slash to the kernel (`../\u{301}x` became the absolute `/\u{301}x`, written at the root),
  /// and a stem of one 241-byte character cut to length left only its extension: a dotfile.
  @Test func noNameLeavesTheFolderOrHidesItself() throws {
    let combining = String(repeating: "\u{301}", count: 120)
    for (declared, expected) in [
      ("../\u{301}x.sh", "\u{301}x.sh"), ("/\u{301}escape.sh", "\u{301}escape.sh"), ("a\\\u{301}b", "\u{301}b"),
      ("a" + combining + ".bash_profile", "bash_profile"), ("a" + combining + ".ssh", "ssh"), (".\u{301}hidden", "\u{301}hidden"),
      ("..", "attachment-1"), ("/", "attachment-1"),
    ] {
      let name = AttachmentSaver.safeName(declared, index: 0)
      #expect(name == expected, "\(declared.unicodeScalars.map { String($0.value, radix: 16) })")
      #expect(!name.utf8.contains(UInt8(ascii: "/")) && name.utf8.first != UInt8(ascii: "."))
    }
    // Saved inside the folder, whatever a part declares.
    let folder = try TemporaryFolder(prefix: "rootmail-attach")
    let dir = folder.path + "/saved"
    let parts = ["../\u{301}escape.sh", "a" + combining + ".bash_profile"].map {
      MailPart(contentType: "text/plain", fileName: $0, isAttachment: true, bytes: [1])
    }
    let (saved, failed) = try AttachmentSaver(folder: dir).save(parts)
    // Compared as bytes: "/" and a combining mark after it are one character.
    #expect(failed.isEmpty && saved.count == 2, "\(failed)")
    for path in saved {
      #expect(path.utf8.starts(with: (dir + "/").utf8) && !path.utf8.dropFirst(dir.utf8.count + 1).contains(UInt8(ascii: "/")))
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["bash_profile", "\u{301}escape.sh"].sorted())
    #expect(!FileManager.default.fileExists(atPath: "/\u{301}escape.sh"))
    // The folder's own open refuses a name with a slash byte.
    guard case .success(let opened) = TrustedPath.open(dir, what: "folder", kind: .folder) else {
      Issue.record("cannot open \(dir)")
      return
    }
    defer { opened.close() }
    #expect(opened.openFile("/\u{301}x", flags: O_WRONLY | O_CREAT | O_EXCL) == -1)
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
