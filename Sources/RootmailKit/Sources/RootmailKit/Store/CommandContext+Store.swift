extension CommandContext {
  /// What a store engine needs from this command's context.
  public var storeContext: StoreContext {
    StoreContext(config: config, environment: environment, logger: logger, aws: { try self.aws() })
  }

  /// Opens the configured mapping store (`store` key).
  public func openStore() async throws -> any MappingStore {
    try await MappingStoreFactory.open(context: storeContext)
  }
}
