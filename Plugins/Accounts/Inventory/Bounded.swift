/// Work over many accounts with at most `limit` in flight, results in the input's order.
enum Bounded {
  static func map<T: Sendable, R: Sendable>(
    _ items: [T], limit: Int, _ body: @escaping @Sendable (T) async -> R
  ) async -> [R] {
    await withTaskGroup(of: (Int, R).self) { group in
      var results = [R?](repeating: nil, count: items.count)
      var next = 0
      func add() {
        let i = next
        let item = items[i]
        group.addTask { (i, await body(item)) }
        next += 1
      }
      while next < items.count && next < max(1, limit) { add() }
      while let (i, r) = await group.next() {
        results[i] = r
        if next < items.count { add() }
      }
      return results.map { $0! }
    }
  }
}
