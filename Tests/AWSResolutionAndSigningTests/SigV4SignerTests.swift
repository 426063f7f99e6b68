import Foundation
@_spi(RootmailHost) import RootmailKit
import RootmailSigV4
import Testing

/// Signer behaviour the suite does not cover: S3, unsigned payloads, tokens, re-signing.
@Suite struct SigV4SignerTests {
  let credentials = AWSCredentials(
    accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", source: "test")
  let date = Date(timeIntervalSince1970: 1_440_938_160)

  @Test func s3SignsThePathAsSentAndSendsThePayloadHash() {
    var request = AWSRequest(method: "PUT", host: "bucket.s3.amazonaws.com", path: "/a//b/../c%20d", body: Array("hi".utf8))
    let signer = SigV4Signer(service: "s3", region: "us-east-1")
    signer.sign(&request, credentials: credentials, date: date)
    let hash = "8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327aa4"
    #expect(request.header("X-Amz-Content-Sha256") == hash)
    let canonical = signer.canonicalRequest(request, payloadHash: hash).text
    #expect(canonical.hasPrefix("PUT\n/a//b/../c%20d\n\n"))
    #expect(canonical.contains("x-amz-content-sha256:\(hash)\n"))
    #expect(request.header("Authorization")!.contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date,"))
  }

  @Test func otherServicesNormaliseAndEncodeThePathAgain() {
    let request = AWSRequest(method: "GET", host: "route53.amazonaws.com", path: "/a//b/../c%20d/./")
    let canonical = SigV4Signer(service: "route53", region: "us-east-1").canonicalRequest(request, payloadHash: "x").text
    #expect(canonical.hasPrefix("GET\n/a/c%2520d/\n"))
  }

  @Test func unsignedPayloadIsSignedAsTheLiteralAndSent() {
    var request = AWSRequest(method: "PUT", host: "b.s3.amazonaws.com", path: "/k", body: Array(repeating: 1, count: 100))
    let signer = SigV4Signer(service: "s3", region: "eu-west-1")
    signer.sign(&request, credentials: credentials, date: date, payload: .unsigned)
    #expect(request.header("X-Amz-Content-Sha256") == "UNSIGNED-PAYLOAD")
    #expect(signer.canonicalRequest(request, payloadHash: "UNSIGNED-PAYLOAD").text.hasSuffix("\nUNSIGNED-PAYLOAD"))
  }

  @Test func sessionTokenIsSentAndSigned() {
    let withToken = AWSCredentials(
      accessKeyID: "ASIAEXAMPLE", secretAccessKey: "secretsecretsecret", sessionToken: "token-token-token", source: "test")
    var request = AWSRequest(method: "POST", host: "sts.amazonaws.com", path: "/")
    SigV4Signer(service: "sts", region: "us-east-1").sign(&request, credentials: withToken, date: date)
    #expect(request.header("X-Amz-Security-Token") == "token-token-token")
    #expect(request.header("Authorization")!.contains("SignedHeaders=host;x-amz-date;x-amz-security-token,"))
  }

  @Test func signingAgainReplacesTheOldSignature() {
    var request = AWSRequest(method: "GET", host: "example.amazonaws.com", headers: [("User-Agent", "rootmail")])
    let signer = SigV4Signer(service: "service", region: "us-east-1")
    signer.sign(&request, credentials: credentials, date: date)
    let first = request.header("Authorization")
    signer.sign(&request, credentials: credentials, date: date.addingTimeInterval(1))
    #expect(request.headers.filter { $0.0 == "Authorization" }.count == 1)
    #expect(request.header("Authorization") != first)
    #expect(request.header("X-Amz-Date") == "20150830T123601Z")
    // User-Agent is never signed (botocore's list).
    #expect(request.header("Authorization")!.contains("SignedHeaders=host;x-amz-date,"))
  }

  @Test(arguments: [
    (0.0, "19700101T000000Z"), (951_782_400, "20000229T000000Z"), (1_709_251_199.9, "20240229T235959Z"),
    (4_102_444_800, "21000101T000000Z"), (-1, "19691231T235959Z"),
  ])
  func timestamps(_ seconds: Double, _ expected: String) {
    let time = SigV4Time(Date(timeIntervalSince1970: seconds))
    #expect(time.amzDate == expected)
    #expect(time.day == String(expected.prefix(8)))
  }

  @Test func encodingMatchesPythonQuote() {
    #expect(AWSURI.encode("a b/c~d_e.f-g\u{E9}") == "a%20b%2Fc~d_e.f-g%C3%A9")
    #expect(AWSURI.encode("/a b/", keepSlash: true) == "/a%20b/")
    #expect(AWSURI.encode("%41") == "%2541")
  }
}
