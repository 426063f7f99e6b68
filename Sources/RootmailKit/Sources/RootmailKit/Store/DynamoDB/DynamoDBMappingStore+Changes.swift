/// Changing, deleting and importing mappings in DynamoDB: each write is conditional on what
/// was read (optimistic, retried a bounded number of times), and name guards move with names.
@_spi(RootmailHost) extension DynamoDBMappingStore {
  func update(email: String, _ changes: MappingUpdate) async throws -> MappingRecord {
    for attempt in 0..<Self.maxBusyRetries {
      guard let current = try await get(email: email) else { throw MappingStoreError.notFound(email) }
      let updated = changes.applied(to: current)
      var set = ["#o = :o", "#t = :t", "#tags = :tags", "#s = :s", "#lu = :lu"]
      var names = [
        "#k": Item.keyAttribute, "#o": "OwnerAddress", "#t": "AccountType", "#tags": "Tags", "#s": "Status",
        "#lu": "LastUpdated",
      ]
      var values: DynamoDBItem = [
        ":o": .s(updated.ownerAddress), ":t": .s(updated.accountType), ":tags": .m(updated.tags.mapValues { .s($0) }),
        ":s": .s(updated.status), ":lu": .s(updated.lastUpdated), ":old": .s(current.lastUpdated),
      ]
      if let id = updated.accountId {
        set.append("#id = :id")
        names["#id"] = "AccountId"
        values[":id"] = .s(id)
      }
      if let reason = updated.failureReason {
        set.append("#fr = :fr")
        names["#fr"] = "FailureReason"
        values[":fr"] = .s(reason)
      }
      // Only SET, so attributes rootmail does not know (the sample's, or later ones) stay.
      let expression = DynamoDBExpression("SET " + set.joined(separator: ", "), names: names, values: values)
      do {
        let item = try await call {
          try await db.updateItem(
            table, key: Item.key(email: email), update: expression,
            condition: "attribute_exists(#k) AND (#lu = :old OR attribute_not_exists(#lu))")
        }
        return Item.record(item) ?? updated
      } catch let error as AWSError where error.isConditionalCheckFailed {
        try await Self.pause(attempt: attempt)  // changed or deleted meanwhile: read it again
      }
    }
    throw busy("updating \(email)")
  }

  func delete(email: String) async throws {
    guard let current = try await get(email: email) else { throw MappingStoreError.notFound(email) }
    do {
      try await call { try await db.deleteItem(table, key: Item.key(email: email), condition: Self.exists) }
    } catch let error as AWSError where error.isConditionalCheckFailed {
      throw MappingStoreError.notFound(email)
    }
    if !current.fullAccountName.isEmpty { try await guards.remove(current.fullAccountName, of: email) }
  }

  /// Every row is checked for conflicts before any is written, and any conflict means nothing
  /// is written. DynamoDB has no transaction of this size, so a vendor writing at the same
  /// moment can still make a later row conflict (that row is then reported, the rest kept).
  func importRecords(_ records: [MappingRecord], overwrite: Bool) async throws -> ImportOutcome {
    var conflicts: [MappingStoreError] = []
    for record in records {
      if !overwrite, try await get(email: record.accountEmail) != nil {
        conflicts.append(.conflict(field: .email, value: record.accountEmail))
      } else if !record.fullAccountName.isEmpty, let holder = try await get(accountName: record.fullAccountName),
        holder.accountEmail != record.accountEmail
      {
        conflicts.append(.conflict(field: .accountName, value: record.fullAccountName))
      }
    }
    if !conflicts.isEmpty { return ImportOutcome(existing: conflicts, rolledBack: true) }
    var outcome = ImportOutcome()
    for record in records {
      do {
        guard overwrite, let current = try await get(email: record.accountEmail) else {
          try await insert(record)
          outcome.inserted += 1
          continue
        }
        try await replace(current, with: record)
        outcome.overwritten += 1
      } catch let conflict as MappingStoreError {
        outcome.existing.append(conflict)
      }
    }
    return outcome
  }

  /// Overwrites a stored mapping (same address), moving its name guard when the name changes;
  /// a name another address holds is a conflict.
  func replace(_ current: MappingRecord, with record: MappingRecord) async throws {
    let name = record.fullAccountName
    let old = current.fullAccountName
    if !name.isEmpty {
      if let owner = try await unguardedOwner(of: name), owner != record.accountEmail {
        throw MappingStoreError.conflict(field: .accountName, value: name)
      }
      if try await guards.owner(of: name) != record.accountEmail,
        try await guards.claim(name, for: record.accountEmail) == .taken
      {
        throw MappingStoreError.conflict(field: .accountName, value: name)
      }
    }
    try await call { try await db.putItem(table, item: Item.item(record)) }
    if !old.isEmpty && old != name { try await guards.remove(old, of: record.accountEmail) }
  }
}
