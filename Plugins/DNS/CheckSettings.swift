/// What `dns check` checks and how it asks: the names, the region and bucket, the starting
/// resolvers and parent servers, and the time limits.
public struct CheckSettings: Sendable {
  public var domain: String
  public var subdomain: String
  /// The region SES receives mail in (the MX points there).
  public var region: String
  /// Where the receipt rule must store mail (nil: any bucket is accepted).
  public var bucket: String?
  public var bucketPrefix: String?
  /// The Route53 zone to compare with (nil: found by name).
  public var hostedZoneID: String?
  /// Where the zone found by name is remembered for the next check (`HostedZoneMemory`; nil:
  /// nowhere, always found by name).
  public var zoneMemoryPath: String?
  /// Asked, with recursion, for the parent zone's servers and for name server addresses.
  public var resolvers: [DNSServer]
  /// Instead of asking the resolver for the parent's servers.
  public var parentServers: [DNSServer]
  public var queryTimeout: Duration
  public var attempts: Int
  /// The whole check finishes within this.
  public var timeout: Duration

  public init(
    domain: String, subdomain: String, region: String, bucket: String? = nil, bucketPrefix: String? = nil,
    hostedZoneID: String? = nil, zoneMemoryPath: String? = nil, resolvers: [DNSServer], parentServers: [DNSServer] = [],
    queryTimeout: Duration = .seconds(2), attempts: Int = 2, timeout: Duration = .seconds(10)
  ) {
    self.domain = DNSName.display(DNSName.normalize(domain))
    self.subdomain = subdomain.lowercased()
    self.region = region
    self.bucket = bucket
    self.bucketPrefix = bucketPrefix
    self.hostedZoneID = hostedZoneID
    self.zoneMemoryPath = zoneMemoryPath
    self.resolvers = resolvers
    self.parentServers = parentServers
    self.queryTimeout = queryTimeout
    self.attempts = attempts
    self.timeout = timeout
  }

  /// `aws.example.com` (the domain itself when the subdomain is empty).
  public var mailDomain: String { subdomain.isEmpty ? domain : "\(subdomain).\(domain)" }
  /// The zone that delegates the mail domain: `example.com` for `aws.example.com`.
  public var parentZone: String { DNSName.parent(mailDomain) ?? "." }
  /// `inbound-smtp.<region>.amazonaws.com`.
  public var inboundHost: String { "inbound-smtp.\(region).amazonaws.com" }
}
