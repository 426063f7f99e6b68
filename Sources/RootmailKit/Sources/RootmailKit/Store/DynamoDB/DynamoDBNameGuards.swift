#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The name guards of the DynamoDB store (see `DynamoDBMappingItem`): one item per full account
/// name, claimed with a conditional PutItem before the mapping is written, so that exactly one
/// writer gets a name. Each claim carries a random token, so a writer only ever takes back its
/// own claim. A guard whose mapping does not exist (a writer died between the two puts) blocks
/// the name until it is `staleAfter` seconds old; then the next claimant clears it.
struct DynamoDBNameGuards: Sendable {
  let store: DynamoDBMappingStore

  static let tokenAttribute = "GuardToken"
  static let timeAttribute = "GuardedAt"
  /// Seconds after which a guard without its mapping is taken for a dead writer's.
  static let staleAfter = 120

  typealias Item = DynamoDBMappingItem

  enum Claim: Equatable {
    case claimed(token: String)
    case taken
  }

  var table: String { store.table }
  var db: DynamoDB { store.db }

  /// Claims `name` for `email`; `clearingStale` looks whether a guard in the way is a dead
  /// writer's (a counter allocation just counts on instead).
  func claim(_ name: String, for email: String, clearingStale: Bool = true) async throws -> Claim {
    for _ in 0..<2 {
      let token = RandomHex.make(length: 32)
      var item = Item.guardKey(name: name)
      item[Item.guardAttribute] = .s(email)
      item[Self.tokenAttribute] = .s(token)
      item[Self.timeAttribute] = .n(String(Int(time(nil))))
      do {
        try await store.call { try await db.putItem(table, item: item, condition: DynamoDBMappingStore.notExists) }
        return .claimed(token: token)
      } catch let error as AWSError where error.isConditionalCheckFailed {
        // The guard may be our own write whose response was lost (resent by the retry layer,
        // or by libcurl on a fresh connection without counting an attempt): look at its token.
        guard let current = try await store.getItem(Item.guardKey(name: name)) else { continue }
        if current[Self.tokenAttribute] == .s(token) { return .claimed(token: token) }  // our lost response
        guard clearingStale, try await clearIfStale(current, name: name) else { return .taken }
      }
    }
    return .taken
  }

  /// Takes back a claim (only if it is still the one made with `token`).
  func release(_ name: String, token: String) async throws {
    try? await store.call {
      try await db.deleteItem(
        table, key: Item.guardKey(name: name),
        condition: DynamoDBExpression("#t = :t", names: ["#t": Self.tokenAttribute], values: [":t": .s(token)]))
    }
  }

  /// Deletes the guard of `name` if it belongs to `email` (after the mapping went away).
  func remove(_ name: String, of email: String) async throws {
    do {
      try await store.call {
        try await db.deleteItem(
          table, key: Item.guardKey(name: name),
          condition: DynamoDBExpression("#g = :e", names: ["#g": Item.guardAttribute], values: [":e": .s(email)]))
      }
    } catch let error as AWSError where error.isConditionalCheckFailed {}
  }

  /// The address a name's guard belongs to, if any.
  func owner(of name: String) async throws -> String? {
    try await store.getItem(Item.guardKey(name: name))?[Item.guardAttribute].flatMap(Item.text)
  }

  /// Clears a guard whose mapping is missing (or carries another name) once it is old enough;
  /// returns whether it did.
  func clearIfStale(_ current: DynamoDBItem, name: String) async throws -> Bool {
    guard let owner = current[Item.guardAttribute].flatMap(Item.text) else { return false }
    if let mapping = try await store.get(email: owner), mapping.fullAccountName == name { return false }
    let at = current[Self.timeAttribute].flatMap(Item.text).flatMap { Int($0) } ?? 0
    guard Int(time(nil)) - at >= Self.staleAfter, let token = current[Self.tokenAttribute] else { return false }
    do {
      try await store.call {
        try await db.deleteItem(
          table, key: Item.guardKey(name: name),
          condition: DynamoDBExpression("#t = :t", names: ["#t": Self.tokenAttribute], values: [":t": token]))
      }
    } catch let error as AWSError where error.isConditionalCheckFailed {}
    return true
  }
}
