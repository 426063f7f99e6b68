@_spi(RootmailHost) import RootmailKit

/// The embedded mapping store engine (`store = "sqlite"` or `"sqlite:<path>"`), exported to the
/// kit through `rootmail_store_engine` so that libsqlite3 loads only when a command opens the
/// store.
final class SQLiteEngine: MappingStoreEngine {
  let scheme = "sqlite"

  func open(_ location: StoreLocation, context: any StoreContext) async throws -> any MappingStore {
    try SQLiteMappingStore(path: location.target)
  }
}

/// The kit calls this after dlopen: a retained `SQLiteEngine` (a `MappingStoreEngine`).
@_cdecl("rootmail_store_engine")
public func rootmailStoreEngine() -> UnsafeMutableRawPointer {
  Unmanaged<AnyObject>.passRetained(SQLiteEngine()).toOpaque()
}
