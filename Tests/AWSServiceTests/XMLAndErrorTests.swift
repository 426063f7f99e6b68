@_spi(RootmailHost) import RootmailKit
import Testing

/// The kit's XML parser and the protocols' error parsing, on documents AWS sends and on garbage.
@Suite struct XMLAndErrorTests {
  @Test func parsesAWSDocuments() throws {
    let doc = try XMLElement.parse(
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <!-- comment --><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
        <Name>b</Name><IsTruncated>true</IsTruncated>
        <Contents><Key>a &amp; b &lt;c&gt; &#233;&#x263A;</Key><Size>3</Size></Contents>
        <Contents><Key><![CDATA[x<y]]></Key></Contents>
        <Empty/><s3:Prefixed s3:attr='v'>p</s3:Prefixed>
      </ListBucketResult>
      """)
    #expect(doc.name == "ListBucketResult")
    #expect(doc["IsTruncated"] == "true")
    #expect(doc.children("Contents").map { $0["Key"] } == ["a & b <c> é☺", "x<y"])
    #expect(doc.child("Prefixed")?.attributes["attr"] == "v")
    #expect(doc.child("Empty")?.text == "")
  }

  @Test(arguments: [
    "", "   ", "not xml", "<a>", "<a><b></a>", "<a></b>", "<a>&bogus;</a>", "<a x=1/>", "<a>text",
    "<a/><b/>", "<!-- x", "<a><![CDATA[x</a>",
  ])
  func rejectsMalformedDocuments(text: String) {
    #expect(throws: XMLParseError.self) { try XMLElement.parse(text) }
  }

  @Test func writesEscapedXML() throws {
    let e = XMLElement(name: "Delete", attributes: ["xmlns": "u"], children: [.leaf("Key", "a<&>\"'")])
    #expect(e.xml == "<Delete xmlns=\"u\"><Key>a&lt;&amp;&gt;&quot;&apos;</Key></Delete>")
    #expect(try XMLElement.parse(e.xml)["Key"] == "a<&>\"'")
  }

  func call(_ service: AWSServiceInfo) -> AWSCall { AWSCall(service: service, operation: "Op") }

  @Test func errorShapesOfEachProtocol() {
    let json = AWSErrorParser.parse(
      AWSResponse(
        status: 400, headers: ["x-amzn-requestid": "R1"],
        body: Array(#"{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"gone"}"#.utf8)),
      call: call(.dynamoDB))
    #expect(json.code == "ResourceNotFoundException" && json.message == "gone" && json.requestID == "R1")
    let query = AWSErrorParser.parse(
      AWSResponse(
        status: 403, headers: [:],
        body: Array(
          "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>no</Message></Error><RequestId>R2</RequestId></ErrorResponse>"
            .utf8)), call: call(.sts))
    #expect(query.code == "AccessDenied" && query.requestID == "R2" && query.exitStatus == .noPermission)
    #expect(query.hint?.contains("whoami") == true)
    let s3 = AWSErrorParser.parse(
      AWSResponse(
        status: 404, headers: ["x-amz-request-id": "R3"],
        body: Array("<Error><Code>NoSuchBucket</Code><Message>m</Message></Error>".utf8)), call: call(.s3))
    #expect(s3.code == "NoSuchBucket" && s3.requestID == "R3")
    let head = AWSErrorParser.parse(AWSResponse(status: 404, headers: [:], body: []), call: call(.s3))
    #expect(head.code == "NotFound")
    // REST-JSON (the Account Management API): the code in x-amzn-ErrorType, the message in the body.
    let account = AWSServiceInfo(id: "Account", endpointPrefix: "account", wireProtocol: .restJSON)
    let restJSON = AWSErrorParser.parse(
      AWSResponse(
        status: 409,
        headers: ["x-amzn-errortype": "ConflictException:http://internal.amazon.com/coral/", "x-amzn-requestid": "R4"],
        body: Array(#"{"message":"The provided email address is already in use."}"#.utf8)), call: call(account))
    #expect(restJSON.code == "ConflictException" && restJSON.requestID == "R4")
    #expect(restJSON.message == "The provided email address is already in use.", "\(restJSON.message)")
  }

  @Test func exitStatusesAndHints() {
    func e(_ code: String, _ status: Int = 400) -> AWSError {
      AWSError(service: "S", operation: "O", code: code, message: "", status: status, attempts: 3)
    }
    #expect(e("AccessDeniedException").exitStatus == .noPermission)
    #expect(e("ExpiredToken").exitStatus == .configuration && e("ExpiredToken").hint != nil)
    #expect(e("InvalidClientTokenId", 403).exitStatus == .configuration)
    #expect(e("UnrecognizedClientException").exitStatus == .configuration)
    #expect(e("ThrottlingException").exitStatus == .unavailable && e("ThrottlingException").hint?.contains("3 attempts") == true)
    #expect(e("InternalError", 500).exitStatus == .unavailable)
    #expect(e("ResourceNotFoundException").hint != nil)
    #expect(e("ValidationException").exitStatus == .failure && e("ValidationException").hint == nil)
    let unreachable = AWSError(kind: .unreachable, service: "S", operation: "O", code: "Unreachable", message: "m")
    #expect(unreachable.exitStatus == .unavailable)
    #expect(CredentialError(source: "chain", "no AWS credentials found").exitStatus == .configuration)
    #expect(e("ThrottlingException").description == "S O failed: ThrottlingException (HTTP 400, after 3 attempts)")
  }

  @Test func parsesAWSTimestamps() throws {
    #expect(Timestamp.parse("1970-01-01T00:00:00Z")?.timeIntervalSince1970 == 0)
    #expect(Timestamp.parse("2024-02-29T12:30:15.5Z")?.timeIntervalSince1970 == 1_709_209_815.5)
    #expect(Timestamp.parse("2024-02-29T14:30:15+02:00")?.timeIntervalSince1970 == 1_709_209_815)
    #expect(Timestamp.parse("yesterday") == nil)
  }
}
