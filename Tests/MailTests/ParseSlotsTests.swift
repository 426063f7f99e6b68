import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

@_spi(RootmailHost) @testable import RootmailPluginMail

/// Parse marks in reused slots (`ParseSlots`): a fetch no longer creates and removes a file per
/// mail it parses, yet a process that dies parsing still leaves a mark the next fetch finds,
/// and a mark a dead process left is never overwritten.
@Suite struct ParseSlotsTests {
  static func object(_ n: Int) -> S3.Object {
    S3.Object(
      key: "RootMail/mail-\(n)" + String(repeating: "x", count: n % 7 * 9), size: n, eTag: "\"e\(n)\"",
      lastModified: "2026-12-01T12:00:00.000Z")
  }

  static func maildir(_ folder: TemporaryFolder) throws -> Maildir {
    try Maildir(root: folder.path + "/data/mail", indexPath: folder.path + "/data/mail-index.sqlite").prepared()
  }

  static func inode(_ path: String) -> UInt64? {
    (try? FileManager.default.attributesOfItem(atPath: path))?[.systemFileNumber] as? UInt64
  }

  /// 200 mails parsed one after another, marks of different lengths: one file, the same inode
  /// throughout, holding each mail's mark (as `parseMarks` reads it) while that mail is
  /// parsed and none after; removed when the slots close.
  @Test func oneSlotServesMailAfterMailAndMarksEachWhileItIsParsed() throws {
    let folder = try TemporaryFolder(prefix: "rootmail-slots")
    let maildir = try Self.maildir(folder)
    let slots = ParseSlots(folder: maildir.parsingFolder)
    let path = maildir.parsingFolder + "/slot-0"
    var inodes = Set<UInt64>()
    for n in 0..<200 {
      let object = Self.object(n)
      let seen = try slots.marking(object) { () -> [ParseMark] in
        if let inode = Self.inode(path) { inodes.insert(inode) }
        return maildir.parseMarks()
      }
      #expect(seen == [ParseMark(object: object, retry: false)], "mail \(n)")
      #expect(ParseSlots.isEmpty(Array(FileManager.default.contents(atPath: path) ?? Data([1]))), "mail \(n)")
    }
    #expect(inodes.count == 1)
    #expect(maildir.names(in: maildir.parsingFolder) == ["slot-0"])
    slots.close()
    #expect(maildir.names(in: maildir.parsingFolder).isEmpty)
  }

  /// A slot a dead process left holding a mark (padded over a longer one before it) is read
  /// by `parseMarks` and never overwritten by a new fetch's slots (O_EXCL: they take the next
  /// free number); a retry mark of the same mail wins over it.
  @Test func aSlotLeftHoldingAMarkIsReadAndNotOverwritten() throws {
    let folder = try TemporaryFolder(prefix: "rootmail-slots")
    let maildir = try Self.maildir(folder)
    let left = Self.object(5)
    let path = maildir.parsingFolder + "/slot-0"
    let bytes = ParseMark(object: left, retry: false).json + Array(repeating: 0x20, count: 40)
    #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
    #expect(maildir.parseMarks() == [ParseMark(object: left, retry: false)])
    let next = ParseSlots(folder: maildir.parsingFolder)
    try next.marking(Self.object(7)) {
      #expect(Set(maildir.names(in: maildir.parsingFolder)) == ["slot-0", "slot-1"])
    }
    next.close()
    #expect(maildir.names(in: maildir.parsingFolder) == ["slot-0"])
    #expect(FileManager.default.contents(atPath: path) == Data(bytes))
    try maildir.markParsing(ParseMark(object: left, retry: true))
    #expect(maildir.parseMarks() == [ParseMark(object: left, retry: true)])
    maildir.removeLeftSlots()
    #expect(maildir.names(in: maildir.parsingFolder) == [MailID.make(key: left.key) + ".retry"])
  }

  /// End to end: a mail in `new/` whose mark a dead fetch left in a slot (and that is no longer
  /// in the bucket, so no listing brings it) is parsed again and indexed by the next fetch,
  /// which leaves `parsing/` empty.
  @Test func theNextFetchIndexesTheMailADeadFetchLeftInASlot() async throws {
    let s3 = try MotoServer.shared().client().s3
    let bucket = "rootmail-slots-\(UInt32.random(in: 0...UInt32.max))"
    try await s3.createBucket(bucket)
    try await s3.putObject(bucket, key: "RootMail/listed", body: Array("Subject: listed\r\n\r\nlisted\r\n".utf8))
    let cli = try RootmailCLI(extra: try MotoServer.shared().environment().merging(["ROOTMAIL_BUCKET": bucket]) { $1 })
    let empty = try cli.run(["mail", "fetch", "--prefix", "Nothing/"])
    #expect(empty.status == 0, "\(empty.stderr)")
    let root = cli.home.path + "/data/rootmail/mail"
    let gone = S3.Object(key: "RootMail/gone", size: 30, eTag: "\"x\"", lastModified: "2026-12-01T12:00:00.000Z")
    #expect(
      FileManager.default.createFile(
        atPath: root + "/new/" + MailID.make(key: gone.key), contents: Data("Subject: left in a slot\r\n\r\nbody\r\n".utf8)))
    var slot = ParseMark(object: gone, retry: false).json
    slot += Array("      ".utf8)
    #expect(FileManager.default.createFile(atPath: root + "/parsing/slot-3", contents: Data(slot)))
    #expect(FileManager.default.createFile(atPath: root + "/parsing/slot-4", contents: Data([0, 0x20])))
    let fetch = try cli.run(["mail", "fetch"])
    #expect(fetch.status == 0, "\(fetch.stderr)")
    #expect(fetch.stderr.contains("2 new, 0 already had, 0 failed"), "\(fetch.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/parsing").isEmpty)
    let listed = try cli.run(["mail", "list", "--all", "--output", "json"])
    #expect(listed.stdout.contains("left in a slot") && listed.stdout.contains("\"RootMail/gone\""), "\(listed.stdout)")
  }
}
