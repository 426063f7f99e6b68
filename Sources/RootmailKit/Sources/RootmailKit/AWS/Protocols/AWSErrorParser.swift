/// Reads the AWS error document out of an error response, in each protocol's shape:
/// JSON `{"__type": "…#Code", "message": …}` (or the `x-amzn-ErrorType` header), XML
/// `<ErrorResponse><Error><Code>…` (query, Route53) or `<Error><Code>…` (S3). A body that is
/// not such a document still gives an error with a code made from the HTTP status.
@_spi(RootmailHost) public enum AWSErrorParser {
  public static func parse(_ response: AWSResponse, call: AWSCall) -> AWSError {
    let requestID =
      response.headers["x-amzn-requestid"] ?? response.headers["x-amz-request-id"] ?? response.headers["x-amzn-request-id"]
    var code: String?
    var message = ""
    var bodyRequestID: String?
    if call.service.wireProtocol.hasJSONErrors, let json = try? JSONValue.parse(response.body) {
      code = json["__type"]?.stringValue ?? json["code"]?.stringValue ?? json["Code"]?.stringValue
      message = json["message"]?.stringValue ?? json["Message"]?.stringValue ?? ""
    } else if let xml = try? XMLElement.parse(response.body), let error = xml.descendant("Error") {
      code = error["Code"]
      message = error["Message"] ?? ""
      bodyRequestID = xml["RequestId"] ?? error["RequestId"] ?? xml["RequestID"]
    } else if !response.body.isEmpty {
      let text = String(decoding: response.body.prefix(200), as: UTF8.self).trimmingSpaces()
      message = text.hasPrefix("<") ? "the response is not an AWS error document" : text
    }
    if code == nil || code?.isEmpty == true, let header = response.headers["x-amzn-errortype"] { code = header }
    let clean = code.map(cleanCode) ?? statusCode(response.status)
    return AWSError(
      service: call.service.name, operation: call.operation, code: clean, message: message, status: response.status,
      requestID: requestID ?? bodyRequestID)
  }

  /// `com.amazonaws.dynamodb.v20120810#ResourceNotFoundException` → `ResourceNotFoundException`;
  /// `Code:http://…` → `Code`.
  static func cleanCode(_ raw: String) -> String {
    var code = Substring(raw)
    if let hash = code.lastIndex(of: "#") { code = code[code.index(after: hash)...] }
    if let colon = code.firstIndex(of: ":") { code = code[..<colon] }
    return String(code).trimmingSpaces()
  }

  /// A code for responses without an error document (HEAD requests, proxies).
  static func statusCode(_ status: Int) -> String {
    switch status {
    case 301: return "PermanentRedirect"
    case 304: return "NotModified"
    case 400: return "BadRequest"
    case 403: return "Forbidden"
    case 404: return "NotFound"
    case 412: return "PreconditionFailed"
    case 429: return "TooManyRequestsException"
    case 500: return "InternalError"
    case 503: return "ServiceUnavailable"
    default: return "HTTP\(status)"
    }
  }

  /// The error for a 2xx response whose body could not be read.
  public static func malformed(_ call: AWSCall, _ response: AWSResponse, _ reason: String) -> AWSError {
    AWSError(
      kind: .malformedResponse, service: call.service.name, operation: call.operation, code: "MalformedResponse",
      message: "the response could not be read (\(reason); \(response.body.count) bytes)", status: response.status,
      requestID: response.headers["x-amzn-requestid"] ?? response.headers["x-amz-request-id"])
  }
}

extension AWSServiceInfo.WireProtocol {
  /// Whether error bodies are JSON documents: JSON 1.0/1.1 and REST-JSON (the Account
  /// Management API answers `{"message": …}` with the code in `x-amzn-ErrorType`).
  var hasJSONErrors: Bool {
    switch self {
    case .json, .restJSON: true
    case .query, .restXML: false
    }
  }
}
