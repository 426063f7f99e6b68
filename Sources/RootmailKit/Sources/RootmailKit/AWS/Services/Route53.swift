/// Route53 (REST-XML, one global endpoint): hosted zones, record sets and change status.
@_spi(RootmailHost) public struct Route53: Sendable {
  public let rest: RestXMLClient
  static let namespace = ["xmlns": "https://route53.amazonaws.com/doc/2013-04-01/"]

  public init(client: AWSClient) { rest = RestXMLClient(client: client, service: .route53) }

  /// A hosted zone (its id without the `/hostedzone/` prefix).
  public struct HostedZone: Sendable, Equatable {
    public var id: String
    public var name: String
    public var recordCount: Int?
    /// The zone's name servers (from CreateHostedZone and GetHostedZone).
    public var nameServers: [String]
    /// A private zone (answers inside its VPCs only).
    public var isPrivate = false
  }

  /// A record set; `values` are the resource records.
  public struct RecordSet: Sendable, Equatable {
    public var name: String
    public var type: String
    public var ttl: Int?
    public var values: [String]
    public init(name: String, type: String, ttl: Int? = 300, values: [String]) {
      self.name = name
      self.type = type
      self.ttl = ttl
      self.values = values
    }
  }

  /// One change: `CREATE`, `DELETE` or `UPSERT` of a record set.
  public struct Change: Sendable, Equatable {
    public var action: String
    public var recordSet: RecordSet
    public init(_ action: String, _ recordSet: RecordSet) {
      self.action = action
      self.recordSet = recordSet
    }
  }

  /// A change batch's id and status (`PENDING` or `INSYNC`).
  public struct ChangeInfo: Sendable, Equatable {
    public var id: String
    public var status: String
  }

  /// `/hostedzone/Z123` → `Z123`, `/change/C1` → `C1`.
  public static func shortID(_ id: String) -> String {
    id.split(separator: "/").last.map(String.init) ?? id
  }

  func call(_ operation: String, _ method: String, _ path: String, query: [(String, String)] = [], body: XMLElement? = nil)
    -> AWSCall
  {
    AWSCall(
      service: .route53, operation: operation, method: method, path: "/2013-04-01" + path, query: query,
      headers: body == nil ? [] : [("Content-Type", "application/xml")], body: body.map(RestXMLClient.body) ?? [])
  }

  static func zone(_ x: XMLElement, nameServers: [String] = []) -> HostedZone {
    HostedZone(
      id: shortID(x["Id"] ?? ""), name: x["Name"] ?? "", recordCount: x["ResourceRecordSetCount"].flatMap { Int($0) },
      nameServers: nameServers, isPrivate: x.child("Config")?["PrivateZone"] == "true")
  }

  static func changeInfo(_ x: XMLElement?) -> ChangeInfo {
    ChangeInfo(id: shortID(x?["Id"] ?? ""), status: x?["Status"] ?? "")
  }

  /// Creates a zone; `callerReference` makes a retried create safe (one per intended zone).
  public func createHostedZone(_ name: String, callerReference: String, comment: String? = nil) async throws -> (
    HostedZone, ChangeInfo
  ) {
    var children: [XMLElement] = [.leaf("Name", name), .leaf("CallerReference", callerReference)]
    if let comment { children.append(XMLElement(name: "HostedZoneConfig", children: [.leaf("Comment", comment)])) }
    let body = XMLElement(name: "CreateHostedZoneRequest", attributes: Self.namespace, children: children)
    let x = try await rest.sendXML(call("CreateHostedZone", "POST", "/hostedzone", body: body), root: "CreateHostedZoneResponse")
    let ns = x.list("DelegationSet/NameServers", item: "NameServer").map(\.text)
    return (
      Self.zone(x.child("HostedZone") ?? XMLElement(name: "HostedZone"), nameServers: ns), Self.changeInfo(x.child("ChangeInfo"))
    )
  }

  public func getHostedZone(_ id: String) async throws -> HostedZone {
    let x = try await rest.sendXML(
      call("GetHostedZone", "GET", "/hostedzone/" + AWSURI.encode(Self.shortID(id))), root: "GetHostedZoneResponse")
    let ns = x.list("DelegationSet/NameServers", item: "NameServer").map(\.text)
    return Self.zone(x.child("HostedZone") ?? XMLElement(name: "HostedZone"), nameServers: ns)
  }

  /// Zones in name order starting at `dnsName` (one page of up to `maxItems`).
  public func listHostedZonesByName(dnsName: String? = nil, maxItems: Int? = nil) async throws -> [HostedZone] {
    var q: [(String, String)] = []
    if let dnsName { q.append(("dnsname", dnsName)) }
    if let maxItems { q.append(("maxitems", String(maxItems))) }
    let x = try await rest.sendXML(
      call("ListHostedZonesByName", "GET", "/hostedzonesbyname", query: q), root: "ListHostedZonesByNameResponse")
    return x.list("HostedZones", item: "HostedZone").map { Self.zone($0) }
  }

  public func deleteHostedZone(_ id: String) async throws -> ChangeInfo {
    let x = try await rest.sendXML(
      call("DeleteHostedZone", "DELETE", "/hostedzone/" + AWSURI.encode(Self.shortID(id))), root: "DeleteHostedZoneResponse")
    return Self.changeInfo(x.child("ChangeInfo"))
  }

  public func changeResourceRecordSets(zoneID: String, changes: [Change], comment: String? = nil) async throws -> ChangeInfo {
    let changeElements = changes.map { c -> XMLElement in
      var rs: [XMLElement] = [.leaf("Name", c.recordSet.name), .leaf("Type", c.recordSet.type)]
      if let ttl = c.recordSet.ttl { rs.append(.leaf("TTL", String(ttl))) }
      rs.append(
        XMLElement(
          name: "ResourceRecords",
          children: c.recordSet.values.map { XMLElement(name: "ResourceRecord", children: [.leaf("Value", $0)]) }))
      return XMLElement(
        name: "Change", children: [.leaf("Action", c.action), XMLElement(name: "ResourceRecordSet", children: rs)])
    }
    var batch: [XMLElement] = []
    if let comment { batch.append(.leaf("Comment", comment)) }
    batch.append(XMLElement(name: "Changes", children: changeElements))
    let body = XMLElement(
      name: "ChangeResourceRecordSetsRequest", attributes: Self.namespace,
      children: [XMLElement(name: "ChangeBatch", children: batch)])
    let x = try await rest.sendXML(
      call("ChangeResourceRecordSets", "POST", "/hostedzone/\(AWSURI.encode(Self.shortID(zoneID)))/rrset", body: body),
      root: "ChangeResourceRecordSetsResponse")
    return Self.changeInfo(x.child("ChangeInfo"))
  }

  /// One page of record sets, and where the next starts (name, type) if truncated.
  public func listResourceRecordSets(
    zoneID: String, startName: String? = nil, startType: String? = nil, maxItems: Int? = nil
  ) async throws -> (records: [RecordSet], next: (name: String, type: String)?) {
    var q: [(String, String)] = []
    if let startName { q.append(("name", startName)) }
    if let startType { q.append(("type", startType)) }
    if let maxItems { q.append(("maxitems", String(maxItems))) }
    let x = try await rest.sendXML(
      call("ListResourceRecordSets", "GET", "/hostedzone/\(AWSURI.encode(Self.shortID(zoneID)))/rrset", query: q),
      root: "ListResourceRecordSetsResponse")
    let records = x.list("ResourceRecordSets", item: "ResourceRecordSet").map { r in
      RecordSet(
        name: r["Name"] ?? "", type: r["Type"] ?? "", ttl: r["TTL"].flatMap { Int($0) },
        values: r.list("ResourceRecords", item: "ResourceRecord").compactMap { $0["Value"] })
    }
    guard x["IsTruncated"] == "true", let name = x["NextRecordName"], let type = x["NextRecordType"] else {
      return (records, nil)
    }
    return (records, (name, type))
  }

  /// Every record set of a zone, page by page.
  public func listAllResourceRecordSets(zoneID: String, pageSize: Int? = nil) async throws -> [RecordSet] {
    try await Paginator.all(
      fetch: { token -> ([RecordSet], (name: String, type: String)?) in
        let start = token.map { $0.split(separator: "\u{0}", maxSplits: 1).map(String.init) }
        return try await listResourceRecordSets(
          zoneID: zoneID, startName: start?.first, startType: start?.last, maxItems: pageSize)
      }, items: { $0.0 }, next: { page in page.1.map { "\($0.name)\u{0}\($0.type)" } })
  }

  public func getChange(_ id: String) async throws -> ChangeInfo {
    let x = try await rest.sendXML(
      call("GetChange", "GET", "/change/" + AWSURI.encode(Self.shortID(id))), root: "GetChangeResponse")
    return Self.changeInfo(x.child("ChangeInfo"))
  }
}

extension AWSClient {
  @_spi(RootmailHost) public var route53: Route53 { Route53(client: self) }
}
