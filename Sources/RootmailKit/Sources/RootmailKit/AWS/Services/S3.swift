import RootmailSigV4

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// S3 (REST-XML): the bucket and object operations `mail fetch` and `deploy` use. Buckets are
/// addressed by path when the endpoint is overridden (moto, MinIO), by virtual host otherwise.
@_spi(RootmailHost) public struct S3: Sendable {
  public let rest: RestXMLClient

  public init(client: AWSClient) { rest = RestXMLClient(client: client, service: .s3) }

  /// The S3 XML namespace every request body carries.
  static let xmlns = ["xmlns": "http://s3.amazonaws.com/doc/2006-03-01/"]

  /// An object in a listing.
  public struct Object: Sendable, Equatable {
    public var key: String
    public var size: Int
    public var eTag: String
    public var lastModified: String

    public init(key: String, size: Int, eTag: String, lastModified: String) {
      self.key = key
      self.size = size
      self.eTag = eTag
      self.lastModified = lastModified
    }
  }

  /// One page of `ListObjectsV2`.
  public struct ListPage: Sendable {
    public var objects: [Object]
    public var nextContinuationToken: String?
    public var isTruncated: Bool
  }

  /// What `HeadObject` / `GetObject` say about an object.
  public struct ObjectInfo: Sendable, Equatable {
    public var size: Int?
    public var eTag: String?
    public var contentType: String?
    public var lastModified: String?
    /// `x-amz-meta-*` headers, without the prefix.
    public var metadata: [String: String]
  }

  func call(
    _ operation: String, _ method: String, bucket: String, key: String? = nil, query: [(String, String)] = [],
    headers: [(String, String)] = [], body: [UInt8] = [], downloadPath: String? = nil
  ) throws -> AWSCall {
    let endpoint = try rest.client.endpoint(for: .s3)
    let encodedKey = key.map { "/" + AWSURI.encode($0, keepSlash: true) } ?? ""
    var call = AWSCall(
      service: .s3, operation: operation, method: method, query: query, headers: headers, body: body,
      payload: .signed, downloadPath: downloadPath)
    if endpoint.usesPathStyle(bucket: bucket) {
      call.path = "/" + AWSURI.encode(bucket) + encodedKey
    } else {
      call.path = encodedKey.isEmpty ? "/" : encodedKey
      call.hostPrefix = bucket + "."
    }
    return call
  }

  // MARK: Buckets

  /// Creates a bucket (with a location constraint outside us-east-1).
  public func createBucket(_ bucket: String) async throws {
    let region = rest.client.region
    let body =
      region == "us-east-1"
      ? []
      : RestXMLClient.body(
        XMLElement(
          name: "CreateBucketConfiguration", attributes: Self.xmlns,
          children: [.leaf("LocationConstraint", region)]))
    _ = try await rest.send(try call("CreateBucket", "PUT", bucket: bucket, body: body))
  }

  public func deleteBucket(_ bucket: String) async throws {
    _ = try await rest.send(try call("DeleteBucket", "DELETE", bucket: bucket))
  }

  /// Sets the bucket policy (a JSON document).
  public func putBucketPolicy(_ bucket: String, policy: String) async throws {
    _ = try await rest.send(
      try call(
        "PutBucketPolicy", "PUT", bucket: bucket, query: [("policy", "")], headers: [("Content-Type", "application/json")],
        body: Array(policy.utf8)))
  }

  /// The bucket policy, or nil when the bucket has none.
  public func getBucketPolicy(_ bucket: String) async throws -> String? {
    do {
      let response = try await rest.send(try call("GetBucketPolicy", "GET", bucket: bucket, query: [("policy", "")]))
      return String(decoding: response.body, as: UTF8.self)
    } catch let error as AWSError where error.code == "NoSuchBucketPolicy" {
      return nil
    }
  }

  // MARK: Objects

  /// One page of keys under `prefix`.
  public func listObjectsV2(
    _ bucket: String, prefix: String? = nil, continuationToken: String? = nil, startAfter: String? = nil, maxKeys: Int? = nil
  ) async throws -> ListPage {
    var query: [(String, String)] = [("list-type", "2")]
    if let prefix { query.append(("prefix", prefix)) }
    if let continuationToken { query.append(("continuation-token", continuationToken)) }
    if let startAfter { query.append(("start-after", startAfter)) }
    if let maxKeys { query.append(("max-keys", String(maxKeys))) }
    let c = try call("ListObjectsV2", "GET", bucket: bucket, query: query)
    let xml = try await rest.sendXML(c, root: "ListBucketResult")
    let objects = xml.children("Contents").map { o in
      Object(
        key: o["Key"] ?? "", size: Int(o["Size"] ?? "") ?? 0, eTag: o["ETag"] ?? "", lastModified: o["LastModified"] ?? "")
    }
    let truncated = xml["IsTruncated"] == "true"
    return ListPage(
      objects: objects, nextContinuationToken: truncated ? xml["NextContinuationToken"] : nil, isTruncated: truncated)
  }

  /// Every object under `prefix`, page by page.
  public func listAllObjects(_ bucket: String, prefix: String? = nil, pageSize: Int? = nil) async throws -> [Object] {
    try await Paginator.all(
      fetch: { token in try await listObjectsV2(bucket, prefix: prefix, continuationToken: token, maxKeys: pageSize) },
      items: { $0.objects }, next: { $0.nextContinuationToken })
  }

  /// Uploads an object.
  public func putObject(_ bucket: String, key: String, body: [UInt8], contentType: String? = nil) async throws {
    var headers: [(String, String)] = []
    if let contentType { headers.append(("Content-Type", contentType)) }
    _ = try await rest.send(try call("PutObject", "PUT", bucket: bucket, key: key, headers: headers, body: body))
  }

  /// Streams an object into the file at `path` (replaced only once the whole body arrived).
  /// With `ifMatch` (an ETag, as listed), S3 sends the object only while its ETag is that one,
  /// else answers 412 (`isPreconditionFailed`): the object was replaced since it was listed.
  @discardableResult
  public func getObject(_ bucket: String, key: String, to path: String, ifMatch: String? = nil) async throws
    -> ObjectInfo
  {
    let headers = Self.ifMatchHeaders(ifMatch)
    let response = try await rest.send(
      try call("GetObject", "GET", bucket: bucket, key: key, headers: headers, downloadPath: path))
    return Self.info(response)
  }

  /// `getObject`, returning the object's bytes as well as writing the file (empty when the
  /// transport does not keep them: then read the file). The bytes are not logged (a mail holds
  /// reset links).
  public func getObjectKeepingBytes(_ bucket: String, key: String, to path: String, ifMatch: String? = nil)
    async throws -> [UInt8]
  {
    var get = try call(
      "GetObject", "GET", bucket: bucket, key: key, headers: Self.ifMatchHeaders(ifMatch), downloadPath: path)
    get.keepsDownload = true
    get.sensitive = true
    return try await rest.send(get).body
  }

  /// The If-Match header of an ETag (quoted if it is not), none without one.
  static func ifMatchHeaders(_ eTag: String?) -> [(String, String)] {
    eTag.map { [("If-Match", $0.hasPrefix("\"") ? $0 : "\"\($0)\"")] } ?? []
  }

  /// Whether `error` is S3's answer to a condition (`If-Match`) that no longer holds.
  public static func isPreconditionFailed(_ error: any Error) -> Bool {
    (error as? AWSError)?.status == 412
  }

  /// An object's size, type and metadata; nil when there is no such object.
  public func headObject(_ bucket: String, key: String) async throws -> ObjectInfo? {
    do {
      return Self.info(try await rest.send(try call("HeadObject", "HEAD", bucket: bucket, key: key)))
    } catch let error as AWSError where error.status == 404 {
      return nil
    }
  }

  /// Deletes the given keys (up to 1,000 a call); returns the keys that could not be deleted, with why.
  @discardableResult
  public func deleteObjects(_ bucket: String, keys: [String]) async throws -> [(key: String, code: String)] {
    try await deleteBatches(bucket, keys.map { ($0, nil) })
  }

  /// `DeleteObjects` in batches of 1,000 (S3's limit), quiet mode, with the Content-MD5 S3
  /// requires; a nil version deletes the current object, a version ID deletes that version.
  func deleteBatches(_ bucket: String, _ objects: [(key: String, versionID: String?)]) async throws -> [(
    key: String, code: String
  )] {
    var failed: [(key: String, code: String)] = []
    var start = 0
    while start < objects.count {
      let chunk = objects[start..<min(objects.count, start + 1000)]
      start += chunk.count
      let request = XMLElement(
        name: "Delete", attributes: Self.xmlns,
        children: [.leaf("Quiet", "true")]
          + chunk.map { object in
            XMLElement(
              name: "Object", children: [.leaf("Key", object.key)] + (object.versionID.map { [.leaf("VersionId", $0)] } ?? []))
          })
      let body = RestXMLClient.body(request)
      let md5 = Data(Digest.md5(body)).base64EncodedString()
      let c = try call(
        "DeleteObjects", "POST", bucket: bucket, query: [("delete", "")],
        headers: [("Content-MD5", md5), ("Content-Type", "application/xml")], body: body)
      let (_, xml) = try await rest.sendXML(c)
      for e in xml?.children("Error") ?? [] { failed.append((e["Key"] ?? "", e["Code"] ?? "")) }
    }
    return failed
  }

  static func info(_ r: AWSResponse) -> ObjectInfo {
    var metadata: [String: String] = [:]
    for (k, v) in r.headers where k.hasPrefix("x-amz-meta-") { metadata[String(k.dropFirst("x-amz-meta-".count))] = v }
    return ObjectInfo(
      size: r.headers["content-length"].flatMap(Int.init), eTag: r.headers["etag"], contentType: r.headers["content-type"],
      lastModified: r.headers["last-modified"], metadata: metadata)
  }
}

extension AWSClient {
  @_spi(RootmailHost) public var s3: S3 { S3(client: self) }
}
