import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// `mail fetch` killed with SIGKILL at five points of a 500-mail fetch, and through a proxy
/// that fails 30% of S3 requests: after a re-run every mail is in the Maildir exactly once and
/// the index lists exactly the Maildir's mails.
@Suite(.serialized) struct FetchRobustnessTests {
  /// A bucket with `count` small generated mails.
  static func bucket(count: Int) async throws -> String {
    let s3 = try MotoServer.shared().client().s3
    let bucket = "rootmail-bulk-\(UInt32.random(in: 0...UInt32.max))"
    try await s3.createBucket(bucket)
    try await withThrowingTaskGroup(of: Void.self) { group in
      for worker in 0..<8 {
        group.addTask {
          for n in stride(from: worker, to: count, by: 8) {
            let mail = """
              From: AWS <no-reply@amazon.com>\r
              To: root+\(String(format: "%012x", n))@aws.example.com\r
              Subject: Mail number \(n)\r
              Message-ID: <bulk-\(n)@example.com>\r
              Content-Type: text/plain; charset=utf-8\r
              \r
              Body \(n) \(String(repeating: "x", count: 200 + n % 300))\r

              """
            try await s3.putObject(bucket, key: "RootMail/mail-\(n)", body: Array(mail.utf8))
          }
        }
      }
      try await group.waitForAll()
    }
    return bucket
  }

  /// Checks the cache: `count` files in new/, none left in tmp/, and the index lists exactly them.
  static func checkCache(_ rootmail: RootmailCLI, count: Int) throws {
    let root = rootmail.home.path + "/data/rootmail/mail"
    let files = try FileManager.default.contentsOfDirectory(atPath: root + "/new").sorted()
    #expect(files.count == count)
    let listed = try rootmail.run(["mail", "list", "--all", "--output", "json"])
    let entries = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
    let ids = entries.compactMap { $0["id"] as? String }
    #expect(ids.count == count && Set(ids).count == count)
    #expect(ids.sorted() == files)
    #expect(Set(entries.compactMap { $0["key"] as? String }).count == count)
  }

  @Test func killedAtFivePointsLosesNothingAndIndexesNothingTwice() async throws {
    let count = 500
    let bucket = try await Self.bucket(count: count)
    let env = try MotoServer.shared().environment().merging(["ROOTMAIL_BUCKET": bucket]) { $1 }
    // Kill when the Maildir holds 1, 100, 250, 400 and 495 mails: before, amid and after
    // index transactions, and while downloads are in flight.
    for point in [1, 100, 250, 400, 495] {
      let rootmail = try RootmailCLI(extra: env)
      let newFolder = rootmail.home.path + "/data/rootmail/mail/new"
      let running = try rootmail.start(["mail", "fetch", "--concurrency", "4"])
      let deadline = Date().addingTimeInterval(120)
      var delivered = 0
      while delivered < point && running.process.isRunning && Date() < deadline {
        delivered = (try? FileManager.default.contentsOfDirectory(atPath: newFolder))?.count ?? 0
        usleep(1_000)
      }
      kill(running.pid, SIGKILL)
      let killed = running.wait()
      #expect(killed.status != 0, "the fetch ended before it could be killed at \(point)")
      let rerun = try rootmail.run(["mail", "fetch"])
      #expect(rerun.status == 0, "\(rerun.stderr)")
      try Self.checkCache(rootmail, count: count)
    }
  }

  @Test func faultsOn30PercentOfRequestsStillFetchEverythingOnce() async throws {
    let count = 120
    let bucket = try await Self.bucket(count: count)
    let moto = try MotoServer.shared()
    let proxy = try FaultProxy(upstream: moto.url, rate: 0.3, seed: 5)
    defer { proxy.stop() }
    let env = moto.environment().merging(["ROOTMAIL_BUCKET": bucket, "AWS_ENDPOINT_URL": proxy.url, "AWS_MAX_ATTEMPTS": "12"]) {
      $1
    }
    let rootmail = try RootmailCLI(extra: env)
    let fetch = try rootmail.run(["mail", "fetch"])
    #expect(fetch.status == 0 && fetch.stderr.contains("\(count) new, 0 already had, 0 failed"), "\(fetch.stderr)")
    try Self.checkCache(rootmail, count: count)
    let stats = try await proxy.stats()
    #expect(stats["throttle", default: 0] + stats["unavailable", default: 0] + stats["drop_before", default: 0] > 10, "\(stats)")
    let again = try rootmail.run(["mail", "fetch"])
    #expect(again.stderr.contains("0 new, \(count) already had"), "\(again.stderr)")
  }
}
