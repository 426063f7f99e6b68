import Foundation
@_spi(RootmailHost) import RootmailKit
import RootmailSigV4
@_spi(RootmailHost) import RootmailTestSupport
import Synchronization
import Testing

@_spi(RootmailHost) @testable import RootmailPluginMail

/// Mapping lookups during `mail fetch` cost at most a few store requests per mail, whatever its
/// header lists: only the receiving domain's addresses, each once, at most ten.
@Suite struct FetchLookupTests {
  /// `mail fetch` lists the bucket first, so the dispatcher loads libcurl while it parses the
  /// command line; the commands that read only the local cache do not load it.
  @Test func fetchLoadsTheHTTPTransportWhileTheCommandLineIsParsed() {
    let commands = RootmailPluginMail.pluginDescriptor.commands
    #expect(TransportPreload.wanted(for: ["mail", "fetch", "--concurrency", "4"], among: commands))
    for local in [["mail", "list"], ["mail", "show", "abc"], ["mail", "search", "reset"], ["mail"]] {
      #expect(!TransportPreload.wanted(for: local, among: commands), "\(local)")
    }
  }

  final class Asked: Sendable {
    private let list = Mutex<[String]>([])
    func add(_ address: String) { list.withLock { $0.append(address) } }
    var all: [String] { list.withLock { $0 } }
  }

  static let account = "root+0a1b2c3d4e5f@aws.example.com"

  @Test func onlyTheReceivingDomainIsLookedUpAtMostTenTimesAMail() async throws {
    let s3 = try MotoServer.shared().client().s3
    let bucket = "rootmail-lookup-\(UInt32.random(in: 0...UInt32.max))"
    try await s3.createBucket(bucket)
    // 900 strangers, then the account in Cc; and 900 unknown addresses of our own domain.
    let strangers = (0..<900).map { "s\($0)@outside.example" }.joined(separator: ",\r\n ")
    try await s3.putObject(
      bucket, key: "RootMail/strangers",
      body: Array("From: a@outside.example\r\nTo: \(strangers)\r\nCc: \(Self.account)\r\nSubject: 1\r\n\r\nx\r\n".utf8))
    let ours = (0..<900).map { "root+\(String(format: "%012x", $0))@aws.example.com" }.joined(separator: ",\r\n ")
    try await s3.putObject(
      bucket, key: "RootMail/ours", body: Array("From: a@outside.example\r\nTo: \(ours)\r\nSubject: 2\r\n\r\nx\r\n".utf8))

    let folder = try TemporaryFolder(prefix: "rootmail-lookup")
    let maildir = try Maildir(environment: ["XDG_DATA_HOME": folder.path]).prepared()
    let index = try await MailIndexLoader.open(path: maildir.indexPath)
    let asked = Asked()
    let record = MappingRecord(
      accountEmail: Self.account, ownerAddress: "team@example.com", accountName: "fin-ledger-prod", counter: "001",
      accountType: "IT")
    let fetcher = MailFetcher(
      s3: s3, bucket: bucket, prefix: "RootMail/", concurrency: 2, maildir: maildir, index: index, filteredSubjects: [],
      mapping: { address in
        asked.add(address)
        return address == Self.account ? record : nil
      }, progress: { _ in }, indexed: { _ in }, failure: { key, error in Issue.record("\(key): \(error)") },
      receivingDomain: "aws.example.com")
    let summary = try await fetcher.run()
    #expect(summary.new == 2)
    #expect(asked.all.count == 1 + MailFetcher.maxLookupsPerMail, "\(asked.all.count) lookups")
    #expect(asked.all.allSatisfy { $0.hasSuffix("@aws.example.com") })
    let strangersMail = try #require(try await index.entries(ids: [MailID.make(key: "RootMail/strangers")]).first)
    #expect(strangersMail.accountEmail == Self.account && strangersMail.owner == "team@example.com")
    #expect(strangersMail.recipients.count == 901)
  }
}

/// The GET of a listed mail carries the listed ETag (If-Match): an object replaced between
/// listing and download is not indexed with the old ETag and the new bytes; it is left for
/// the next fetch, with a warning, and that one indexes the new bytes with their own ETag.
@Suite struct FetchETagTests {
  @Test func anObjectReplacedAfterListingIsFetchedNextTimeWithItsOwnETag() async throws {
    let s3 = try MotoServer.shared().client().s3
    let bucket = "rootmail-etag-\(UInt32.random(in: 0...UInt32.max))"
    try await s3.createBucket(bucket)
    let key = "RootMail/replaced"
    let first = Array("From: a@outside.example\r\nTo: b@aws.example.com\r\nSubject: first\r\n\r\nx\r\n".utf8)
    let second = Array("From: a@outside.example\r\nTo: b@aws.example.com\r\nSubject: second version\r\n\r\ny\r\n".utf8)
    try await s3.putObject(bucket, key: key, body: first)
    let folder = try TemporaryFolder(prefix: "rootmail-etag")
    let maildir = try Maildir(environment: ["XDG_DATA_HOME": folder.path]).prepared()
    let index = try await MailIndexLoader.open(path: maildir.indexPath)
    let warnings = FetchLookupTests.Asked()
    let replaced = Atomic(false)
    func fetcher() -> MailFetcher {
      MailFetcher(
        s3: s3, bucket: bucket, prefix: "RootMail/", concurrency: 1, maildir: maildir, index: index, filteredSubjects: [],
        mapping: { _ in nil }, progress: { _ in }, indexed: { _ in },
        failure: { key, error in Issue.record("\(key): \(error)") }, warning: { warnings.add($0) },
        pageListed: { _ in
          // The object is replaced once, after the first listing and before its download.
          if !replaced.exchange(true, ordering: .relaxed) { try? await s3.putObject(bucket, key: key, body: second) }
        })
    }
    let firstRun = try await fetcher().run()
    #expect(firstRun.new == 0 && firstRun.changed == 1 && firstRun.failed == 0)
    #expect(
      warnings.all == [
        "RootMail/replaced changed between listing and download (its ETag is no longer the listed one); the next fetch gets it"
      ])
    #expect(try await index.count() == 0)
    let secondRun = try await fetcher().run()
    #expect(secondRun.new == 1)
    let entry = try #require(try await index.entries(ids: [MailID.make(key: key)]).first)
    #expect(entry.subject == "second version")
    let md5 = Digest.md5(second).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    #expect(entry.eTag == md5)
    #expect(try maildir.read(id: entry.id) == second)
  }
}
