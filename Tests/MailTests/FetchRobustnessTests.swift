import Foundation
import RootmailKit
import RootmailTestSupport
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
    // Measure a whole fetch once, then kill at fractions of it.
    let timing = try RootmailCLI(extra: env)
    let started = Date()
    let full = try timing.run(["mail", "fetch"])
    #expect(full.status == 0 && full.stderr.contains("\(count) new"), "\(full.stderr)")
    let duration = Date().timeIntervalSince(started)
    var interrupted = 0
    for fraction in [0.05, 0.25, 0.5, 0.75, 0.95] {
      let rootmail = try RootmailCLI(extra: env)
      let running = try rootmail.start(["mail", "fetch", "--concurrency", "4"])
      try await Task.sleep(for: .seconds(duration * fraction))
      kill(running.pid, SIGKILL)
      let killed = running.wait()
      let rerun = try rootmail.run(["mail", "fetch"])
      #expect(rerun.status == 0, "\(rerun.stderr)")
      // The kill really landed mid-fetch: the re-run found part of the work done.
      if killed.status != 0 && !rerun.stderr.contains(" 0 already had") && !rerun.stderr.contains("\(count) already had") {
        interrupted += 1
      }
      try Self.checkCache(rootmail, count: count)
    }
    #expect(interrupted >= 3, "only \(interrupted) of 5 kills landed mid-fetch (a full fetch took \(duration) s)")
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
