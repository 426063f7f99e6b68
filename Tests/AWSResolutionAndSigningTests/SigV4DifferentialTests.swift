@_spi(RootmailHost) import RootmailKit
import RootmailSigV4
import Testing

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Our signer against botocore's `SigV4Auth` / `S3SigV4Auth` on generated requests.
@Suite struct SigV4DifferentialTests {
  static let count = 600

  /// `Tests/Support/botocore_sign.py`, beside the other test scripts.
  static var script: String {
    var folder = #filePath
    for _ in 0..<2 { folder = String(folder[..<folder.lastIndex(of: "/")!]) }
    return folder + "/Support/botocore_sign.py"
  }

  /// Signs every request with botocore; one JSON object per request.
  static func botocore(_ requests: [GeneratedRequest]) throws -> [JSONValue] {
    let input = requests.map(\.json).joined(separator: "\n") + "\n"
    let result = try ChildProcess.run(["python3", script], input: Array(input.utf8), timeoutSeconds: 120)
    let stderr = String(decoding: result.stderr, as: UTF8.self)
    try #require(result.status == 0, "botocore_sign.py failed: \(stderr)")
    return try String(decoding: result.stdout, as: UTF8.self).split(separator: "\n").map { try JSONValue.parse(String($0)) }
  }

  @Test func generatedRequestsSignLikeBotocore() throws {
    var generator = RequestGenerator(seed: 0x5EED_2015_0830)
    let requests = (0..<Self.count).map { _ in generator.next() }
    let expected = try Self.botocore(requests)
    try #require(expected.count == requests.count)
    var mismatches = 0
    var kinds: [String: Int] = [:]
    for (generated, reference) in zip(requests, expected) {
      var request = generated.request
      let signer = SigV4Signer(service: generated.service, region: generated.region)
      signer.sign(&request, credentials: generated.credentials, date: generated.date, payload: generated.payload)
      let ours = request.header("Authorization")
      if ours != reference["authorization"]?.stringValue {
        mismatches += 1
        if mismatches <= 5 {
          let hash = request.header("X-Amz-Content-Sha256") ?? SigV4Signer.hash(request.body)
          Issue.record(
            """
            differs for \(generated.json)
            ours:     \(signer.canonicalRequest(request, payloadHash: hash).text.debugDescription)
            botocore: \(reference["canonical"]?.stringValue?.debugDescription ?? "-")
            """)
        }
      }
      kinds[generated.service == "s3" ? "s3" : "other", default: 0] += 1
      if generated.credentials.sessionToken != nil { kinds["token", default: 0] += 1 }
      if generated.payload == .unsigned { kinds["unsigned", default: 0] += 1 }
      if generated.request.path.contains("..") { kinds["dotdot", default: 0] += 1 }
      if generated.request.path.contains("%") { kinds["encoded", default: 0] += 1 }
    }
    #expect(mismatches == 0, "\(mismatches) of \(requests.count) Authorization headers differ from botocore's")
    // The generator really covers what it claims to.
    for kind in ["s3", "other", "token", "unsigned", "dotdot", "encoded"] {
      #expect(kinds[kind, default: 0] >= 30, "only \(kinds[kind, default: 0]) requests of kind \(kind)")
    }
  }

  @Test func differentialHarnessCatchesADifference() throws {
    // A signer with the wrong region must disagree with botocore: the comparison is not vacuous.
    var generator = RequestGenerator(seed: 7)
    let generated = generator.next()
    let expected = try Self.botocore([generated])
    var request = generated.request
    SigV4Signer(service: generated.service, region: "xx-wrong-1").sign(
      &request, credentials: generated.credentials, date: generated.date, payload: generated.payload)
    #expect(request.header("Authorization") != expected.first?["authorization"]?.stringValue)
  }
}
