@_spi(RootmailHost) import RootmailKit

/// Record sets deploy writes into a zone (SES records, the NS delegation), each through the
/// state record with the record set it replaced, and their undoing by destroy.
struct RecordChange: Sendable {
  let env: DeployEnvironment
  let zoneID: String
  var route53: Route53 { env.aws.route53 }

  /// The zone's record set of that name and type, if any.
  func existing(_ record: Route53.RecordSet, in all: [Route53.RecordSet]) -> Route53.RecordSet? {
    all.first { sameName($0.name, record.name) && $0.type == record.type }
  }

  /// UPSERTs `records` in one batch and waits until Route53 has them (INSYNC).
  func upsert(_ records: [Route53.RecordSet], state: DeployState, comment: String) async throws {
    let all = try await route53.listAllResourceRecordSets(zoneID: zoneID)
    let items = records.map { record in
      let before = existing(record, in: all)
      return (key: StateKey.record(zone: zoneID, record), created: before == nil, before: before.map(StateKey.json))
    }
    try await state.change(items) {
      try await send(records.map { Route53.Change("UPSERT", $0) }, comment: comment)
    }
  }

  func send(_ changes: [Route53.Change], comment: String) async throws {
    guard !changes.isEmpty else { return }
    let change = try await route53.changeResourceRecordSets(zoneID: zoneID, changes: changes, comment: comment)
    _ = try await env.wait(.inSync(change.id, timeout: env.timeout)) { try await route53.getChange(change.id) }
  }

  /// Undoes one entry: deletes the record set deploy created, or puts back the one it replaced.
  /// Returns what it did (nil: nothing left to undo).
  func undo(type: String, name: String, before: JSONValue?) async throws -> String? {
    let all = try await route53.listAllResourceRecordSets(zoneID: zoneID)
    let current = all.first { sameName($0.name, name) && $0.type == type }
    if let before, let previous = StateKey.recordSet(before) {
      guard current != previous else { return nil }
      try await send([Route53.Change("UPSERT", previous)], comment: "rootmail deploy --destroy: put back")
      return "restored \(type) \(name)"
    }
    guard let current else { return nil }
    try await send([Route53.Change("DELETE", current)], comment: "rootmail deploy --destroy")
    return "deleted \(type) \(name)"
  }
}
