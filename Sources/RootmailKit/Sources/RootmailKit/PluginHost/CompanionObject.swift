import Synchronization

/// The one object a companion library's factory makes for the process (the HTTP transport, the
/// mail parser, the SQLite store engine and mail index opener): the way every companion is
/// loaded. Made the first time it is asked for, the same one after. Loads happen on the
/// main actor (`CompanionLibrary`) one at a time, and each looks again there first, so callers
/// that ask at once (eight downloads starting together) load the library once.
final class CompanionObject<T: Sendable>: Sendable {
  private let library: String
  private let symbol: String
  private let made = Mutex<T?>(nil)

  init(library: String, symbol: String) {
    self.library = library
    self.symbol = symbol
  }

  func get() async throws -> T {
    if let ready = made.withLock({ $0 }) { return ready }
    return try await MainActor.run {
      if let ready = made.withLock({ $0 }) { return ready }
      let path = try CompanionLibrary.path(of: library)
      let typed = try CompanionLibrary.object(
        try CompanionLibrary.call(symbol: symbol, at: path), from: path, symbol: symbol, as: T.self)
      made.withLock { $0 = typed }
      return typed
    }
  }
}
