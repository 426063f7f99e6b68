@_spi(RootmailHost) import RootmailKit
import RootmailSigV4
import Testing

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The published AWS SigV4 test suite, run through our signer.
@Suite struct SigV4SuiteTests {
  static let date = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z

  static func credentials(token: String?) -> AWSCredentials {
    AWSCredentials(
      accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: token,
      source: "test")
  }

  @Test func suiteHasTheRequiredCases() {
    let names = Set(SigV4Suite.cases.map(\.name))
    for required in [
      "get-vanilla", "post-vanilla", "get-vanilla-query-order-key", "get-vanilla-query-order-value",
      "get-vanilla-empty-query-key", "post-vanilla-empty-query-value", "get-relative", "get-relative-relative", "get-slash",
      "get-slash-dot-slash", "get-slashes", "get-utf8", "get-space", "get-header-value-trim", "get-header-value-multiline",
      "post-x-www-form-urlencoded", "post-sts-header-before",
    ] {
      #expect(names.contains(required), "missing \(required)")
    }
  }

  @Test(arguments: SigV4Suite.cases.map(\.name))
  func suiteCase(_ name: String) throws {
    let c = try #require(SigV4Suite.cases.first { $0.name == name })
    var request = AWSRequest(
      method: c.method, host: "example.amazonaws.com", path: c.path, query: c.query, headers: c.headers,
      body: Array(c.body.utf8))
    let signer = SigV4Signer(service: "service", region: "us-east-1")
    signer.sign(&request, credentials: Self.credentials(token: c.token), date: Self.date)
    let canonical = signer.canonicalRequest(request, payloadHash: SigV4Signer.hash(request.body))
    #expect(canonical.text == c.canonicalRequest)
    #expect(signer.stringToSign(canonicalRequest: canonical.text, time: SigV4Time(Self.date)) == c.stringToSign)
    #expect(request.header("Authorization") == c.authorization)
    #expect(request.header("X-Amz-Date") == "20150830T123600Z")
    #expect(request.header("X-Amz-Security-Token") == c.token)
    #expect(request.header("X-Amz-Content-Sha256") == nil)
  }
}
