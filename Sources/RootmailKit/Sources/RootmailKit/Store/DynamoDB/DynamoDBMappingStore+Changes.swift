/// Changing, deleting and importing mappings in DynamoDB: each write is conditional on what
/// was read (optimistic, retried a bounded number of times), and name guards move with names.
extension DynamoDBMappingStore {
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
    let name = current.fullAccountName
    if !name.isEmpty {
      do {
        try await call {
          try await db.transactWriteItems(
            [
              .delete(table: table, key: Item.key(email: email), condition: Self.exists),
              .delete(table: table, key: Item.guardKey(name: name), condition: Self.guardFree(for: email)),
            ], clientRequestToken: Self.requestToken())
        }
        return
      } catch let error as AWSError where error.code == "TransactionCanceledException" {
        let reasons = Self.cancellationReasons(error) ?? []
        if reasons.first == "ConditionalCheckFailed" { throw MappingStoreError.notFound(email) }
        // The guard belongs to another address: delete the mapping alone.
      }
    }
    do {
      try await call { try await db.deleteItem(table, key: Item.key(email: email), condition: Self.exists) }
    } catch let error as AWSError where error.isConditionalCheckFailed {
      throw MappingStoreError.notFound(email)
    }
  }

  /// A guard that is absent or already belongs to `email`.
  static func guardFree(for email: String) -> DynamoDBExpression {
    DynamoDBExpression(
      "attribute_not_exists(#k) OR #g = :e", names: ["#k": Item.keyAttribute, "#g": Item.guardAttribute],
      values: [":e": .s(email)])
  }

  func importRecords(_ records: [MappingRecord], overwrite: Bool) async throws -> ImportOutcome {
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
    if !name.isEmpty, let owner = try await unguardedOwner(of: name), owner != record.accountEmail {
      throw MappingStoreError.conflict(field: .accountName, value: name)
    }
    var writes: [DynamoDBTransactWrite] = [.put(table: table, item: Item.item(record), condition: nil)]
    if !name.isEmpty {
      writes.append(.put(table: table, item: Item.guardItem(for: record), condition: Self.guardFree(for: record.accountEmail)))
    }
    if !current.fullAccountName.isEmpty && current.fullAccountName != name {
      writes.append(
        .delete(
          table: table, key: Item.guardKey(name: current.fullAccountName),
          condition: Self.guardFree(for: record.accountEmail)))
    }
    do {
      try await call { try await db.transactWriteItems(writes, clientRequestToken: Self.requestToken()) }
    } catch let error as AWSError where error.code == "TransactionCanceledException" {
      let reasons = Self.cancellationReasons(error) ?? []
      if reasons.count > 1 && reasons[1] == "ConditionalCheckFailed" {
        throw MappingStoreError.conflict(field: .accountName, value: name)
      }
      throw error
    }
  }
}
