@_spi(RootmailHost) import RootmailKit

/// The hosted zone `dns check` last found by name, per Route53 endpoint and mail domain, kept in
/// the cache folder (`hosted-zones.json`) so that the next check asks Route53 for that zone at
/// once, beside SES's questions, instead of listing zones by name first (one round trip less).
/// Only a hint: the zone it names is used when Route53 still has it under the mail domain's
/// name; otherwise the zone is found by name again and remembered anew. A missing, foreign or
/// malformed file is as if empty, and ids that are not Route53's form are never sent.
public struct HostedZoneMemory: Sendable {
  /// The file: `CacheFile.location("hosted-zones.json", …)`.
  public let path: String
  /// The Route53 endpoint the ids belong to (moto and AWS never share a zone).
  public let endpoint: String

  /// The most zones the file keeps (the latest changed); more are dropped.
  static let capacity = 64
  /// A larger file is not read.
  static let maximumFileSize = 64 << 10

  public init(path: String, endpoint: String) {
    self.path = path
    self.endpoint = endpoint
  }

  /// The file's location for `environment`.
  public static func location(environment: [String: String]) -> String {
    CacheFile.location("hosted-zones.json", environment: environment)
  }

  /// The zone id remembered for `name` (normalized, `aws.example.com.`), if any.
  public func zoneID(for name: String) -> String? {
    entries().first { $0.endpoint == endpoint && $0.name == name }?.id
  }

  /// Remembers `id` for `name` (first in the file, so the least recently changed go when it is
  /// full), or forgets the name when `id` is nil; the file is rewritten only when this changes it.
  public func remember(_ id: String?, for name: String) {
    let old = entries()
    guard old.first(where: { $0.endpoint == endpoint && $0.name == name })?.id != id else { return }
    var new = old.filter { !($0.endpoint == endpoint && $0.name == name) }
    if let id, Self.isZoneID(id) { new.insert(Entry(endpoint: endpoint, name: name, id: id), at: 0) }
    new = Array(new.prefix(Self.capacity))
    let json = JSONValue.object([
      (
        "zones",
        .array(new.map { .object([("endpoint", .string($0.endpoint)), ("name", .string($0.name)), ("id", .string($0.id))]) })
      )
    ])
    CacheFile.write(Array(json.compact.utf8), to: path)
  }

  /// A Route53 zone id as AWS makes them: 1-32 capital letters and digits.
  static func isZoneID(_ id: String) -> Bool {
    (1...32).contains(id.utf8.count) && id.utf8.allSatisfy { (0x41...0x5A).contains($0) || (0x30...0x39).contains($0) }
  }

  struct Entry: Equatable {
    var endpoint: String
    var name: String
    var id: String
  }

  /// The file's entries that have the right form, in order (latest change first).
  func entries() -> [Entry] {
    guard let bytes = CacheFile.read(path, limit: Self.maximumFileSize), let json = try? JSONValue.parse(bytes),
      let zones = json["zones"]?.arrayValue
    else { return [] }
    return zones.prefix(Self.capacity).compactMap { z in
      guard let endpoint = z["endpoint"]?.stringValue, let name = z["name"]?.stringValue, let id = z["id"]?.stringValue,
        Self.isZoneID(id)
      else { return nil }
      return Entry(endpoint: endpoint, name: name, id: id)
    }
  }
}
