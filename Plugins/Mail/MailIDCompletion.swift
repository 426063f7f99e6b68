@_spi(RootmailHost) import RootmailKit

/// Shell completion of mail ids (`mail show <TAB>`): the newest cached mail's ids, through the
/// index, bounded as every value completion is (`ValueCompletion`).
enum MailIDCompletion {
  static let kind = CompletionKind.custom { _, _, prefix in await ids(prefix: prefix) }

  static func ids(prefix: String) async -> [String] {
    await ValueCompletion.bounded(prefix: prefix.lowercased()) {
      let cache = try await MailCache.open(try ValueCompletion.context())
      var query = MailQuery()
      if prefix.isEmpty { query.limit = ValueCompletion.maximumCandidates }
      return try await cache.index.list(query).map(\.id)
    }
  }
}
