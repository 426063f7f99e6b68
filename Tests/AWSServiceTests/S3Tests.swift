import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// S3 operations against moto_server; `run` is reused through the fault proxy.
enum S3Scenario {
  static func run(_ client: AWSClient, bucket: String) async throws {
    let s3 = client.s3
    try await s3.createBucket(bucket)
    let policy = """
      {"Version":"2012-10-17","Statement":[{"Sid":"AllowSESPuts","Effect":"Allow","Principal":{"Service":"ses.amazonaws.com"},\
      "Action":"s3:PutObject","Resource":"arn:aws:s3:::\(bucket)/*"}]}
      """
    #expect(try await s3.getBucketPolicy(bucket) == nil)
    try await s3.putBucketPolicy(bucket, policy: policy)
    let stored = try await s3.getBucketPolicy(bucket)
    #expect(try JSONValue.parse(stored ?? "") == JSONValue.parse(policy))

    var keys: [String] = []
    for i in 0..<23 {
      let key = "RootMail/msg \(i)+ü/\(i % 3)=x"
      keys.append(key)
      try await s3.putObject(bucket, key: key, body: Array("message \(i)\r\n".utf8), contentType: "message/rfc822")
    }
    try await s3.putObject(bucket, key: "other/readme", body: Array("x".utf8))
    let listed = try await s3.listAllObjects(bucket, prefix: "RootMail/", pageSize: 5)
    #expect(Set(listed.map(\.key)) == Set(keys))
    let page = try await s3.listObjectsV2(bucket, prefix: "RootMail/", maxKeys: 5)
    #expect(page.objects.count == 5 && page.isTruncated && page.nextContinuationToken != nil)

    let big = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
    try await s3.putObject(bucket, key: "RootMail/big", body: big)
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("rootmail-s3-\(bucket)-\(getpid())").path
    defer { try? FileManager.default.removeItem(atPath: file) }
    let info = try await s3.getObject(bucket, key: "RootMail/big", to: file)
    #expect(info.size == big.count)
    #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: file))) == big)
    // Kept: the same file, and its bytes returned (a fetch parses them without reading back).
    let keptFile = file + "-kept"
    defer { try? FileManager.default.removeItem(atPath: keptFile) }
    #expect(try await s3.getObjectKeepingBytes(bucket, key: "RootMail/big", to: keptFile) == big)
    #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: keptFile))) == big)

    let head = try await s3.headObject(bucket, key: keys[0])
    #expect(head?.size == "message 0\r\n".utf8.count)
    #expect(try await s3.headObject(bucket, key: "RootMail/none") == nil)

    let failed = try await s3.deleteObjects(bucket, keys: keys + ["RootMail/big", "other/readme"])
    #expect(failed.isEmpty)
    #expect(try await s3.listAllObjects(bucket).isEmpty)
    try await s3.deleteBucket(bucket)
  }
}

@Suite struct S3Tests {
  @Test func operationsAgainstMoto() async throws {
    try await S3Scenario.run(try MotoServer.shared().client(), bucket: "rootmail-direct")
  }

  @Test func missingBucketIsNoSuchBucketWithHint() async throws {
    let client = try MotoServer.shared().client()
    do {
      _ = try await client.s3.listObjectsV2("rootmail-missing-bucket")
      Issue.record("listing a missing bucket succeeded")
    } catch let error as AWSError {
      #expect(error.code == "NoSuchBucket" && error.status == 404)
      #expect(error.hint?.contains("bucket") == true)
    }
  }

  @Test func getObjectOfMissingKeyLeavesNoFile() async throws {
    let client = try MotoServer.shared().client()
    try await client.s3.createBucket("rootmail-nokey")
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("rootmail-nokey-\(getpid())").path
    await #expect(throws: AWSError.self) { try await client.s3.getObject("rootmail-nokey", key: "nope", to: file) }
    #expect(!FileManager.default.fileExists(atPath: file))
  }
}
