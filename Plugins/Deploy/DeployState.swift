@_spi(RootmailHost) import RootmailKit
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// What deploy changed outside its stack, and what was there before: one SSM parameter
/// `/rootmail/deploy/<stack>/state` (JSON). Each change is written first as intent, then made,
/// then marked done, so a crash between the two leaves the intent visible: the next deploy
/// makes the change again (keeping the first `before`), the next destroy undoes it. Destroy
/// removes only what an entry says deploy created and puts back what it says deploy replaced.
final class DeployState: Sendable {
  /// One resource deploy created or changed.
  struct Entry: Sendable, Equatable {
    /// Which resource: `ses-identity`, `ses-dkim`, `rule-set`, `rule`, `activation`,
    /// `record <zone> <type> <name>`, `ssm <name>`, `bucket-statement <bucket> <sid>`.
    var key: String
    /// False between intent and done.
    var done: Bool
    /// Nothing was there before: deploy made it.
    var created: Bool
    /// What was there before, when deploy replaced something (record values, the previously
    /// active rule set, a parameter's value, a statement, a rule).
    var before: JSONValue?

    var json: JSONValue {
      var members: [(String, JSONValue)] = [("key", .string(key)), ("done", .bool(done)), ("created", .bool(created))]
      if let before { members.append(("before", before)) }
      return .object(members)
    }

    init(key: String, done: Bool, created: Bool, before: JSONValue?) {
      self.key = key
      self.done = done
      self.created = created
      self.before = before
    }

    init?(_ json: JSONValue) {
      guard let key = json["key"]?.stringValue else { return nil }
      self.init(
        key: key, done: json["done"]?.boolValue ?? false, created: json["created"]?.boolValue ?? false, before: json["before"])
    }
  }

  static func parameterName(stack: String) -> String { "/rootmail/deploy/\(stack)/state" }

  let ssm: SSM
  let name: String
  /// `ROOTMAIL_DEPLOY_CRASH_AT`: a test hook; the process `_exit`s at the named point
  /// (`intent <key>` after the intent is stored, `changed <key>` after the change is made,
  /// `undone <key>` after destroy undid it and before the entry is forgotten).
  let crashAt: String?
  private let state: Mutex<(entries: [Entry], existed: Bool)>

  private init(ssm: SSM, name: String, entries: [Entry], existed: Bool, crashAt: String?) {
    self.ssm = ssm
    self.name = name
    self.crashAt = crashAt
    state = Mutex((entries, existed))
  }

  /// The stored record (empty when there is none).
  static func load(env: DeployEnvironment) async throws -> DeployState {
    let ssm = env.aws.ssm
    let name = parameterName(stack: env.stackName)
    var entries: [Entry] = []
    let parameter = try await ssm.getParameter(name)
    if let parameter {
      guard let json = try? JSONValue.parse(parameter.value), let list = json["entries"]?.arrayValue else {
        throw CLIError(
          "SSM \(name) is not deploy's state record (not JSON with entries)",
          hint: "look at it with aws ssm get-parameter; delete it only if no deploy made it")
      }
      entries = list.compactMap(Entry.init)
    }
    return DeployState(
      ssm: ssm, name: name, entries: entries, existed: parameter != nil,
      crashAt: env.context.environment["ROOTMAIL_DEPLOY_CRASH_AT"])
  }

  var entries: [Entry] { state.withLock { $0.entries } }
  /// Whether a record was stored (an older deploy kept none).
  var exists: Bool { state.withLock { $0.existed } }
  func entry(_ key: String) -> Entry? { entries.first { $0.key == key } }

  /// Records the intent, makes `change`, records it done. An entry already there keeps what
  /// it says was there before (the first deploy saw it; a later run may see deploy's own).
  func change(_ key: String, created: Bool, before: JSONValue? = nil, _ body: () async throws -> Void) async throws {
    try await change([(key, created, before)], body)
  }

  /// One change of several resources (a Route53 change batch): all intents, the change, all done.
  func change(_ items: [(key: String, created: Bool, before: JSONValue?)], _ body: () async throws -> Void) async throws {
    update { entries in
      for item in items {
        if let i = entries.firstIndex(where: { $0.key == item.key }) {
          entries[i].done = false
        } else {
          entries.append(Entry(key: item.key, done: false, created: item.created, before: item.created ? nil : item.before))
        }
      }
    }
    try await save()
    for item in items { crashPoint("intent \(item.key)") }
    try await body()
    for item in items { crashPoint("changed \(item.key)") }
    try await finish(items.map(\.key))
  }

  /// Marks entries done: their change is made (also when a crashed run's change is found made).
  func finish(_ keys: [String]) async throws {
    let pending = entries.contains { keys.contains($0.key) && !$0.done }
    guard pending else { return }
    update { entries in
      for i in entries.indices where keys.contains(entries[i].key) { entries[i].done = true }
    }
    try await save()
  }

  /// Records that deploy made `key` (nothing to change now, e.g. the stack made it), unless
  /// the record already says so.
  func note(_ key: String) async throws {
    guard entry(key) == nil else { return }
    update { entries in entries.append(Entry(key: key, done: true, created: true, before: nil)) }
    try await save()
  }

  /// Forgets an entry once destroy has undone it.
  func forget(_ key: String) async throws {
    guard entry(key) != nil else { return }
    crashPoint("undone \(key)")
    update { entries in entries.removeAll { $0.key == key } }
    try await save()
  }

  /// Deletes the record (destroy, when everything in it is undone).
  func delete() async throws {
    guard exists else { return }
    try await ssm.deleteParameter(name)
    state.withLock { $0 = ([], false) }
  }

  private func update(_ body: (inout [Entry]) -> Void) {
    state.withLock { body(&$0.entries) }
  }

  private func save() async throws {
    let document = JSONValue.object([("version", .int(1)), ("entries", .array(entries.map(\.json)))])
    try await ssm.putParameter(
      name, value: document.compact, type: "String", overwrite: true,
      description: "what rootmail deploy changed outside its stack, and what was there before")
    state.withLock { $0.existed = true }
  }

  func crashPoint(_ point: String) {
    guard let crashAt, crashAt == point else { return }
    _exit(137)
  }
}

/// The keys of the state record's entries.
enum StateKey {
  static let identity = "ses-identity"
  static let dkim = "ses-dkim"
  static let ruleSet = "rule-set"
  static let rule = "rule"
  static let activation = "activation"
  static func record(zone: String, _ record: Route53.RecordSet) -> String {
    "record \(zone) \(record.type) \(record.name.lowercased())"
  }
  static func parameter(_ name: String) -> String { "ssm \(name)" }
  /// Not an entry: the plan's item for records left in the stack's own zone.
  static func zoneRecords(_ zoneID: String) -> String { "zone-records \(zoneID)" }
  static func statement(bucket: String, sid: String) -> String { "bucket-statement \(bucket) \(sid)" }
  /// The mail bucket, when deploy's stack made it (it outlives the stack).
  static func bucket(_ name: String) -> String { "bucket \(name)" }

  /// A record set as the state keeps it (to put back).
  static func json(_ record: Route53.RecordSet) -> JSONValue {
    var members: [(String, JSONValue)] = [
      ("name", .string(record.name)), ("type", .string(record.type)), ("values", .array(record.values.map { .string($0) })),
    ]
    if let ttl = record.ttl { members.append(("ttl", .int(ttl))) }
    return .object(members)
  }

  static func recordSet(_ json: JSONValue) -> Route53.RecordSet? {
    guard let name = json["name"]?.stringValue, let type = json["type"]?.stringValue else { return nil }
    return Route53.RecordSet(
      name: name, type: type, ttl: json["ttl"]?.intValue, values: json["values"]?.arrayValue?.compactMap(\.stringValue) ?? [])
  }

  /// A receipt rule as the state keeps it (to put back).
  static func json(_ rule: SES.ReceiptRule) -> JSONValue {
    var members: [(String, JSONValue)] = [
      ("name", .string(rule.name)), ("enabled", .bool(rule.enabled)),
      ("recipients", .array(rule.recipients.map { .string($0) })), ("scanEnabled", .bool(rule.scanEnabled)),
      ("tlsRequired", .bool(rule.tlsRequired)),
    ]
    if let bucket = rule.bucket { members.append(("bucket", .string(bucket))) }
    if let prefix = rule.objectKeyPrefix { members.append(("objectKeyPrefix", .string(prefix))) }
    if let topic = rule.topicArn { members.append(("topicArn", .string(topic))) }
    return .object(members)
  }

  static func rule(_ json: JSONValue) -> SES.ReceiptRule? {
    guard let name = json["name"]?.stringValue else { return nil }
    return SES.ReceiptRule(
      name: name, enabled: json["enabled"]?.boolValue ?? true,
      recipients: json["recipients"]?.arrayValue?.compactMap(\.stringValue) ?? [],
      scanEnabled: json["scanEnabled"]?.boolValue ?? true, tlsRequired: json["tlsRequired"]?.boolValue ?? false,
      bucket: json["bucket"]?.stringValue, objectKeyPrefix: json["objectKeyPrefix"]?.stringValue,
      topicArn: json["topicArn"]?.stringValue)
  }
}
