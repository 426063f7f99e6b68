import Synchronization

/// What a store engine opens a store with (and what a mail receiver runs with): the resolved
/// configuration, the process environment, a logger, and the AWS client to use.
/// `CommandContext` is one, so the store and the command share one AWS client.
@_spi(RootmailHost) public protocol StoreContext: AnyObject, Sendable {
  var config: Config { get }
  var environment: [String: String] { get }
  var logger: Logger { get }
  /// The AWS client, built on first use and kept (one credential resolution per command).
  func aws() throws -> AWSClient
}

/// One storage engine for mappings, registered under its scheme (`sqlite`, `dynamodb`).
@_spi(RootmailHost) public protocol MappingStoreEngine: AnyObject, Sendable {
  /// The scheme of `store` values this engine serves.
  var scheme: String { get }
  /// Opens (creating it if need be, for an embedded engine) the store at `location`.
  func open(_ location: StoreLocation, context: any StoreContext) async throws -> any MappingStore
  /// `mappings init-table`: creates the remote table; returns a line describing what it did.
  func initializeTable(_ location: StoreLocation, context: any StoreContext) async throws -> String
}

@_spi(RootmailHost) extension MappingStoreEngine {
  /// Embedded engines have no table to create: they make their schema when first opened.
  public func initializeTable(_ location: StoreLocation, context: any StoreContext) async throws -> String {
    throw CLIError.usage(
      "init-table creates a DynamoDB table; the store is \(location), which makes its own schema when first used")
  }
}

/// The registry of store engines. An engine is either registered as an object (an engine built
/// into the kit or a plugin) or as a companion library beside libRootmailKit.so that is loaded
/// with dlopen the first time a store of its scheme is opened, so commands that never touch a
/// store never load GRDB or Foundation. It starts with `sqlite` (libRootmailSQLite.so) and
/// `dynamodb` (`DynamoDBEngine`, in the kit beside the AWS client).
@_spi(RootmailHost) public enum MappingStoreFactory {
  private enum Entry {
    case engine(any MappingStoreEngine)
    case library(CompanionObject<any MappingStoreEngine>)
  }

  /// The symbol a store engine library exports: `() -> UnsafeMutableRawPointer`, a retained
  /// object conforming to `MappingStoreEngine`.
  public static let storeEngineSymbol = "rootmail_store_engine"

  private static let entries = Mutex<[String: Entry]>([
    "sqlite": .library(CompanionObject(library: "libRootmailSQLite.so", symbol: storeEngineSymbol)),
    "dynamodb": .engine(DynamoDBEngine()),
  ])

  /// The schemes that can be used.
  public static var schemes: [String] { entries.withLock { Array($0.keys) }.sorted() }

  /// The engine for a scheme, loading its library the first time.
  public static func engine(for scheme: String) async throws -> any MappingStoreEngine {
    let entry = entries.withLock { $0[scheme] }
    switch entry {
    case .engine(let engine)?: return engine
    case .library(let library)?: return try await library.get()
    case nil:
      throw CLIError.configuration(
        "no \(scheme) store engine in this build of rootmail",
        hint:
          "store takes \(schemes.map { "\($0):…" }.joined(separator: " or ")); set it with `store` in the config file or ROOTMAIL_STORE"
      )
    }
  }

  /// Opens the store the configuration names.
  public static func open(context: any StoreContext) async throws -> any MappingStore {
    let location = try StoreLocator.location(config: context.config, environment: context.environment)
    return try await engine(for: location.scheme).open(location, context: context)
  }

  /// `mappings init-table` for the configured store.
  public static func initializeTable(context: any StoreContext) async throws -> String {
    let location = try StoreLocator.location(config: context.config, environment: context.environment)
    return try await engine(for: location.scheme).initializeTable(location, context: context)
  }
}
