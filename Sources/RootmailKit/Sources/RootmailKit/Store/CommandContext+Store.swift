extension CommandContext {
  /// What a store engine needs from this command's context.
  public var storeContext: StoreContext {
    StoreContext(config: config, environment: environment, logger: logger)
  }

  /// Opens the configured mapping store (`store` key).
  public func openStore() async throws -> any MappingStore {
    try await MappingStoreFactory.open(context: storeContext)
  }
}
