import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// A listed key with a `..` segment (`RootMail/../outside.eml`) is fetched as itself: libcurl
/// collapsed the segment, so `mail fetch` downloaded `outside.eml`, a mail outside the prefix,
/// and indexed it under the listed key.
@Suite struct DotSegmentKeyFetchTests {
  static func mail(_ subject: String) -> [UInt8] {
    Array(
      """
      From: AWS <no-reply@amazon.com>\r
      To: root+0a1b2c3d4e5f@aws.example.com\r
      Subject: \(subject)\r
      Message-ID: <\(subject.lowercased())@example.com>\r
      Content-Type: text/plain; charset=utf-8\r
      \r
      \(subject) body\r

      """.utf8)
  }

  @Test func dotSegmentKeyIsFetchedAsItself() async throws {
    let moto = try MotoServer.shared()
    let s3 = moto.client().s3
    let bucket = "rootmail-dots-\(UInt32.random(in: 0...UInt32.max))"
    try await s3.createBucket(bucket)
    try await s3.putObject(bucket, key: "outside.eml", body: Self.mail("Outside"))
    try await s3.putObject(bucket, key: "RootMail/here.eml", body: Self.mail("Elsewhere"))
    // The dotted keys are stored by Python's http.client, which sends a path as given (moto
    // does not check signatures), so they exist whatever our transport does with them.
    for (key, subject) in [("RootMail/../outside.eml", "Inside"), ("RootMail/./here.eml", "Here")] {
      let put = try ChildProcess.run(
        [
          "python3", "-c",
          "import http.client,sys\nc=http.client.HTTPConnection('127.0.0.1',int(sys.argv[1]))\n"
            + "c.request('PUT',sys.argv[2],body=sys.stdin.buffer.read())\nr=c.getresponse()\nsys.exit(r.status!=200)",
          String(moto.port), "/\(bucket)/\(key)",
        ], input: Self.mail(subject), timeoutSeconds: 60)
      try #require(put.status == 0, "\(String(decoding: put.stderr, as: UTF8.self))")
    }

    let rootmail = try RootmailCLI(extra: moto.environment().merging(["ROOTMAIL_BUCKET": bucket]) { $1 })
    let fetch = try rootmail.run(["mail", "fetch"])
    #expect(fetch.status == 0, "\(fetch.stderr)")
    let listed = try rootmail.run(["mail", "list", "--all", "--output", "json"])
    let entries = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
    var subjects: [String: String] = [:]
    for entry in entries { subjects[entry["key"] as? String ?? "?"] = entry["subject"] as? String ?? "?" }
    #expect(
      subjects == ["RootMail/../outside.eml": "Inside", "RootMail/./here.eml": "Here", "RootMail/here.eml": "Elsewhere"],
      "\(listed.stdout)")
  }
}
