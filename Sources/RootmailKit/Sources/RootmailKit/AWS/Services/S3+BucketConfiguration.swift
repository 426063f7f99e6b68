import RootmailSigV4

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// S3 bucket settings `deploy` makes and reads back (versioning, public access block, default
/// encryption, lifecycle), and emptying a versioned bucket for `deploy --destroy --delete-mail`.
@_spi(RootmailHost) extension S3 {
  /// A configuration PUT with its Content-MD5 (S3 requires one on several of them).
  func putConfiguration(_ operation: String, bucket: String, query: String, _ root: XMLElement) async throws {
    let body = RestXMLClient.body(root)
    let md5 = Data(Digest.md5(body)).base64EncodedString()
    _ = try await rest.send(
      try call(
        operation, "PUT", bucket: bucket, query: [(query, "")],
        headers: [("Content-MD5", md5), ("Content-Type", "application/xml")], body: body))
  }

  /// Whether the bucket exists and is reachable with these credentials.
  public func bucketExists(_ bucket: String) async throws -> Bool {
    do {
      _ = try await rest.send(try call("HeadBucket", "HEAD", bucket: bucket))
      return true
    } catch let error as AWSError where error.status == 404 || error.code == "NoSuchBucket" {
      return false
    }
  }

  /// The bucket's region when it exists and `expectedOwner` (an account id) owns it; nil when
  /// there is no such bucket. Another owner answers 403 (an `AWSError`).
  public func bucketRegion(_ bucket: String, expectedOwner: String) async throws -> String? {
    do {
      let response = try await rest.send(
        try call("HeadBucket", "HEAD", bucket: bucket, headers: [("x-amz-expected-bucket-owner", expectedOwner)]))
      return response.headers["x-amz-bucket-region"] ?? rest.client.region
    } catch let error as AWSError where error.status == 404 || error.code == "NoSuchBucket" {
      return nil
    } catch let error as AWSError where error.status == 301 {
      // In another region than this client's: GetBucketLocation answers from any region.
      let (_, x) = try await rest.sendXML(
        try call(
          "GetBucketLocation", "GET", bucket: bucket, query: [("location", "")],
          headers: [("x-amz-expected-bucket-owner", expectedOwner)]))
      let constraint = x?.text ?? ""
      return constraint.isEmpty ? "us-east-1" : constraint == "EU" ? "eu-west-1" : constraint
    }
  }

  /// The names of the buckets the caller's account owns.
  public func listBuckets() async throws -> [String] {
    let (_, x) = try await rest.sendXML(try call("ListBuckets", "GET", bucket: ""))
    return x?.list("Buckets", item: "Bucket").compactMap { $0["Name"] } ?? []
  }

  /// The Object Lock default retention (`GOVERNANCE 30 days`), or nil when there is none.
  public func objectLockDefaultRetention(_ bucket: String) async throws -> String? {
    do {
      let (_, x) = try await rest.sendXML(
        try call("GetObjectLockConfiguration", "GET", bucket: bucket, query: [("object-lock", "")]))
      guard let retention = x?.descendant("DefaultRetention") else { return nil }
      let amount = retention["Days"].map { "\($0) days" } ?? retention["Years"].map { "\($0) years" } ?? ""
      return [retention["Mode"] ?? "", amount].filter { !$0.isEmpty }.joined(separator: " ")
    } catch let error as AWSError where error.code == "ObjectLockConfigurationNotFoundError" {
      return nil
    }
  }

  // MARK: Versioning

  /// `Enabled`, `Suspended`, or nil when versioning was never switched on.
  public func getBucketVersioning(_ bucket: String) async throws -> String? {
    // A bucket never versioned answers an empty configuration (moto names its root otherwise).
    let (_, x) = try await rest.sendXML(try call("GetBucketVersioning", "GET", bucket: bucket, query: [("versioning", "")]))
    return x?.descendant("Status").map(\.text).flatMap { $0.isEmpty ? nil : $0 }
  }

  public func putBucketVersioning(_ bucket: String, enabled: Bool) async throws {
    try await putConfiguration(
      "PutBucketVersioning", bucket: bucket, query: "versioning",
      XMLElement(
        name: "VersioningConfiguration", attributes: Self.xmlns, children: [.leaf("Status", enabled ? "Enabled" : "Suspended")]
      ))
  }

  // MARK: Public access block

  /// The four public-access-block switches, in the order S3 lists them.
  public struct PublicAccessBlock: Sendable, Equatable {
    public var blockPublicAcls: Bool
    public var ignorePublicAcls: Bool
    public var blockPublicPolicy: Bool
    public var restrictPublicBuckets: Bool
    public init(all: Bool) {
      blockPublicAcls = all
      ignorePublicAcls = all
      blockPublicPolicy = all
      restrictPublicBuckets = all
    }
    public var allOn: Bool { blockPublicAcls && ignorePublicAcls && blockPublicPolicy && restrictPublicBuckets }
  }

  /// The bucket's public access block, or nil when it has none.
  public func getPublicAccessBlock(_ bucket: String) async throws -> PublicAccessBlock? {
    do {
      let x = try await rest.sendXML(
        try call("GetPublicAccessBlock", "GET", bucket: bucket, query: [("publicAccessBlock", "")]),
        root: "PublicAccessBlockConfiguration")
      var p = PublicAccessBlock(all: false)
      p.blockPublicAcls = x["BlockPublicAcls"] == "true"
      p.ignorePublicAcls = x["IgnorePublicAcls"] == "true"
      p.blockPublicPolicy = x["BlockPublicPolicy"] == "true"
      p.restrictPublicBuckets = x["RestrictPublicBuckets"] == "true"
      return p
    } catch let error as AWSError where error.code == "NoSuchPublicAccessBlockConfiguration" {
      return nil
    }
  }

  public func putPublicAccessBlock(_ bucket: String, _ p: PublicAccessBlock) async throws {
    try await putConfiguration(
      "PutPublicAccessBlock", bucket: bucket, query: "publicAccessBlock",
      XMLElement(
        name: "PublicAccessBlockConfiguration", attributes: Self.xmlns,
        children: [
          .leaf("BlockPublicAcls", String(p.blockPublicAcls)), .leaf("IgnorePublicAcls", String(p.ignorePublicAcls)),
          .leaf("BlockPublicPolicy", String(p.blockPublicPolicy)),
          .leaf("RestrictPublicBuckets", String(p.restrictPublicBuckets)),
        ]))
  }

  // MARK: Default encryption

  /// Default encryption: `AES256` (SSE-S3) or `aws:kms` with a key.
  public struct Encryption: Sendable, Equatable {
    public var algorithm: String
    public var kmsKeyID: String?
    public init(algorithm: String, kmsKeyID: String? = nil) {
      self.algorithm = algorithm
      self.kmsKeyID = kmsKeyID
    }
  }

  /// The default encryption rule, or nil when the bucket has none.
  public func getBucketEncryption(_ bucket: String) async throws -> Encryption? {
    do {
      let x = try await rest.sendXML(
        try call("GetBucketEncryption", "GET", bucket: bucket, query: [("encryption", "")]),
        root: "ServerSideEncryptionConfiguration")
      guard let d = x.find("Rule/ApplyServerSideEncryptionByDefault"), let algorithm = d["SSEAlgorithm"] else { return nil }
      return Encryption(algorithm: algorithm, kmsKeyID: d["KMSMasterKeyID"])
    } catch let error as AWSError where error.code == "ServerSideEncryptionConfigurationNotFoundError" {
      return nil
    }
  }

  public func putBucketEncryption(_ bucket: String, _ e: Encryption) async throws {
    var byDefault: [XMLElement] = [.leaf("SSEAlgorithm", e.algorithm)]
    if let key = e.kmsKeyID { byDefault.append(.leaf("KMSMasterKeyID", key)) }
    var rule: [XMLElement] = [XMLElement(name: "ApplyServerSideEncryptionByDefault", children: byDefault)]
    if e.kmsKeyID != nil { rule.append(.leaf("BucketKeyEnabled", "true")) }
    try await putConfiguration(
      "PutBucketEncryption", bucket: bucket, query: "encryption",
      XMLElement(
        name: "ServerSideEncryptionConfiguration", attributes: Self.xmlns, children: [XMLElement(name: "Rule", children: rule)]
      ))
  }

  // MARK: Lifecycle

  /// An expiry rule: objects under `prefix` expire after `days`, old versions `days` after
  /// they stopped being current.
  public struct ExpiryRule: Sendable, Equatable {
    public var id: String
    public var prefix: String
    public var days: Int
    public init(id: String, prefix: String, days: Int) {
      self.id = id
      self.prefix = prefix
      self.days = days
    }
  }

  /// The bucket's enabled expiry rules (other rule kinds are not reported); empty when none.
  public func getBucketLifecycle(_ bucket: String) async throws -> [ExpiryRule] {
    do {
      let x = try await rest.sendXML(
        try call("GetBucketLifecycleConfiguration", "GET", bucket: bucket, query: [("lifecycle", "")]),
        root: "LifecycleConfiguration")
      return x.children("Rule").compactMap { r in
        guard r["Status"] == "Enabled", let days = r["Expiration/Days"].flatMap({ Int($0) }) else { return nil }
        return ExpiryRule(id: r["ID"] ?? "", prefix: r["Filter/Prefix"] ?? r["Prefix"] ?? "", days: days)
      }
    } catch let error as AWSError where error.code == "NoSuchLifecycleConfiguration" {
      return []
    }
  }

  /// Replaces the lifecycle configuration with `rules` (none: deletes it).
  public func putBucketLifecycle(_ bucket: String, rules: [ExpiryRule]) async throws {
    guard !rules.isEmpty else {
      _ = try await rest.send(try call("DeleteBucketLifecycle", "DELETE", bucket: bucket, query: [("lifecycle", "")]))
      return
    }
    try await putConfiguration(
      "PutBucketLifecycleConfiguration", bucket: bucket, query: "lifecycle",
      XMLElement(
        name: "LifecycleConfiguration", attributes: Self.xmlns,
        children: rules.map { r in
          XMLElement(
            name: "Rule",
            children: [
              .leaf("ID", r.id), XMLElement(name: "Filter", children: [.leaf("Prefix", r.prefix)]), .leaf("Status", "Enabled"),
              XMLElement(name: "Expiration", children: [.leaf("Days", String(r.days))]),
              XMLElement(name: "NoncurrentVersionExpiration", children: [.leaf("NoncurrentDays", String(r.days))]),
              XMLElement(name: "AbortIncompleteMultipartUpload", children: [.leaf("DaysAfterInitiation", "7")]),
            ])
        }))
  }

  // MARK: Versions

  /// One object version or delete marker.
  public struct ObjectVersion: Sendable, Equatable {
    public var key: String
    public var versionID: String
    public var isDeleteMarker: Bool
  }

  /// Every version and delete marker in the bucket, page by page.
  public func listAllObjectVersions(_ bucket: String, pageSize: Int? = nil) async throws -> [ObjectVersion] {
    try await Paginator.all(
      fetch: { token -> ([ObjectVersion], String?) in
        var query: [(String, String)] = [("versions", "")]
        if let token {
          let parts = token.split(separator: "\u{0}", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
          query.append(("key-marker", parts[0]))
          if parts.count > 1, !parts[1].isEmpty { query.append(("version-id-marker", parts[1])) }
        }
        if let pageSize { query.append(("max-keys", String(pageSize))) }
        let x = try await rest.sendXML(
          try call("ListObjectVersions", "GET", bucket: bucket, query: query), root: "ListVersionsResult")
        let items = x.children.compactMap { c -> ObjectVersion? in
          guard c.name == "Version" || c.name == "DeleteMarker", let key = c["Key"] else { return nil }
          return ObjectVersion(key: key, versionID: c["VersionId"] ?? "null", isDeleteMarker: c.name == "DeleteMarker")
        }
        let next =
          x["IsTruncated"] == "true" ? x["NextKeyMarker"].map { $0 + "\u{0}" + (x["NextVersionIdMarker"] ?? "") } : nil
        return (items, next)
      }, items: { $0.0 }, next: { $0.1 })
  }

  /// Deletes the given versions (up to 1,000 a call); returns those that could not be deleted.
  @discardableResult
  public func deleteObjectVersions(_ bucket: String, _ versions: [ObjectVersion]) async throws -> [(
    key: String, code: String
  )] {
    try await deleteBatches(bucket, versions.map { ($0.key, $0.versionID) })
  }
}

@_spi(RootmailHost) extension S3 {
  /// Removes the bucket policy (nothing when there is none).
  public func deleteBucketPolicy(_ bucket: String) async throws {
    _ = try await rest.send(try call("DeleteBucketPolicy", "DELETE", bucket: bucket, query: [("policy", "")]))
  }
}
