/// The record types the checks ask for.
public enum RRType: UInt16, Sendable, CaseIterable {
  case a = 1
  case ns = 2
  case cname = 5
  case soa = 6
  case mx = 15
  case txt = 16
  case aaaa = 28

  public var name: String {
    switch self {
    case .a: "A"
    case .ns: "NS"
    case .cname: "CNAME"
    case .soa: "SOA"
    case .mx: "MX"
    case .txt: "TXT"
    case .aaaa: "AAAA"
    }
  }
}

/// One resource record as the checks use it: owner and rdata fields in presentation format
/// (ldns escapes anything unprintable in names as `\DDD`), TXT strings as raw bytes.
public struct DNSRecord: Sendable, Equatable {
  /// Lower-case owner name with its trailing dot.
  public var owner: String
  public var type: UInt16
  public var ttl: UInt32
  /// The rdata fields in presentation format (`10`, `inbound-smtp.us-east-1.amazonaws.com.`).
  public var fields: [String]
  /// TXT records: each character-string's bytes.
  public var texts: [[UInt8]]

  public init(owner: String, type: UInt16, ttl: UInt32, fields: [String], texts: [[UInt8]] = []) {
    self.owner = DNSName.normalize(owner)
    self.type = type
    self.ttl = ttl
    self.fields = fields
    self.texts = texts
  }

  public func isType(_ t: RRType) -> Bool { type == t.rawValue }

  /// NS, CNAME: the target name (normalized); MX: the exchange.
  public var target: String? {
    switch RRType(rawValue: type) {
    case .ns, .cname: return fields.first.map(DNSName.normalize)
    case .mx: return fields.count > 1 ? DNSName.normalize(fields[1]) : nil
    default: return nil
    }
  }

  /// MX preference.
  public var preference: Int? { isType(.mx) ? fields.first.flatMap { Int($0) } : nil }

  /// SOA serial and minimum (negative-caching TTL).
  public var soaSerial: UInt32? { isType(.soa) && fields.count == 7 ? UInt32(fields[2]) : nil }
  public var soaMinimum: UInt32? { isType(.soa) && fields.count == 7 ? UInt32(fields[6]) : nil }

  /// TXT: the character-strings joined, as SES compares them.
  public var text: [UInt8] { texts.flatMap { $0 } }
}

/// A server's answer: header flags, response code and sections, and how it was obtained.
public struct DNSResponse: Sendable {
  public enum Transport: String, Sendable { case udp, tcp }

  /// `NOERROR`, `NXDOMAIN`, `REFUSED`, …
  public var rcode: String
  /// The AA flag: the server answers from a zone it serves.
  public var authoritative: Bool
  public var answer: [DNSRecord]
  public var authority: [DNSRecord]
  public var additional: [DNSRecord]
  /// The transport of the answer that was kept.
  public var transport: Transport
  /// The UDP answer was truncated (TC) and the question was asked again over TCP.
  public var fellBackToTCP: Bool

  public init(
    rcode: String, authoritative: Bool, answer: [DNSRecord], authority: [DNSRecord] = [], additional: [DNSRecord] = [],
    transport: Transport = .udp, fellBackToTCP: Bool = false
  ) {
    self.rcode = rcode
    self.authoritative = authoritative
    self.answer = answer
    self.authority = authority
    self.additional = additional
    self.transport = transport
    self.fellBackToTCP = fellBackToTCP
  }

  /// Answer records of `type` owned by `name`.
  public func answers(_ type: RRType, for name: String) -> [DNSRecord] {
    let n = DNSName.normalize(name)
    return answer.filter { $0.isType(type) && $0.owner == n }
  }

  /// The NS records of a referral for `name` (authority section, owner `name`).
  public func referral(for name: String) -> [DNSRecord] {
    let n = DNSName.normalize(name)
    return authority.filter { $0.isType(.ns) && $0.owner == n }
  }

  /// " (over TCP after a truncated UDP answer)" when that happened, for the report.
  public var transportNote: String { fellBackToTCP ? " (over TCP after a truncated UDP answer)" : "" }
}

/// Why a question got no answer.
public struct DNSFailure: Error, Sendable, Equatable, CustomStringConvertible {
  public var reason: String
  public init(_ reason: String) { self.reason = reason }
  public var description: String { reason }
}

/// Domain names as the checks compare them: lower case, one trailing dot.
public enum DNSName {
  public static func normalize(_ name: String) -> String {
    let lower = name.lowercased()
    return lower.hasSuffix(".") ? lower : lower + "."
  }

  /// For the report: without the trailing dot.
  public static func display(_ name: String) -> String {
    name.count > 1 && name.hasSuffix(".") ? String(name.dropLast()) : name
  }

  /// `aws.example.com` → `example.com` (nil for a single label).
  public static func parent(_ name: String) -> String? {
    let labels = DNSName.display(name).split(separator: ".", omittingEmptySubsequences: false)
    guard labels.count > 1 else { return nil }
    return labels.dropFirst().joined(separator: ".")
  }
}
