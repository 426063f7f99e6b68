/// The REST-XML protocol (S3, Route53): the operation is in the method and path, inputs in the
/// path, query, headers and an XML body; outputs in headers and an XML body.
@_spi(RootmailHost) public struct RestXMLClient: Sendable {
  public let client: AWSClient
  public let service: AWSServiceInfo

  public init(client: AWSClient, service: AWSServiceInfo) {
    self.client = client
    self.service = service
  }

  /// Sends the call and returns the raw response (2xx).
  public func send(_ call: AWSCall) async throws -> AWSResponse { try await client.send(call) }

  /// Sends the call and parses the XML body; a response without a body gives nil.
  public func sendXML(_ call: AWSCall) async throws -> (AWSResponse, XMLElement?) {
    let response = try await client.send(call)
    if response.body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return (response, nil) }
    do { return (response, try XMLElement.parse(response.body)) } catch {
      throw AWSErrorParser.malformed(call, response, "\(error)")
    }
  }

  /// Like `sendXML` but the body must be there, with `root` as its root element.
  public func sendXML(_ call: AWSCall, root: String) async throws -> XMLElement {
    let (response, xml) = try await sendXML(call)
    guard let xml, xml.name == root else {
      throw AWSErrorParser.malformed(call, response, "expected <\(root)>, got \(xml.map { "<\($0.name)>" } ?? "no body")")
    }
    return xml
  }

  /// An XML body with the declaration, for PUT/POST requests.
  public static func body(_ root: XMLElement) -> [UInt8] {
    Array(("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + root.xml).utf8)
  }
}

/// Walks the pages of a paginated operation: calls `fetch` with the previous page's token until
/// a page has no next token (bounded, so a service that repeats a token cannot loop forever).
@_spi(RootmailHost) public enum Paginator {
  public static func all<Page, Item>(
    maxPages: Int = 10_000, fetch: (String?) async throws -> Page, items: (Page) -> [Item], next: (Page) -> String?
  ) async throws -> [Item] {
    var out: [Item] = []
    var token: String?
    var seen = Set<String>()
    for _ in 0..<maxPages {
      let page = try await fetch(token)
      out += items(page)
      guard let n = next(page), !n.isEmpty, seen.insert(n).inserted else { return out }
      token = n
    }
    return out
  }
}
