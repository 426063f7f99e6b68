extension CommandContext {
  /// Opens the configured mapping store (`store` key), with this command's AWS client.
  @_spi(RootmailHost) public func openStore() async throws -> any MappingStore {
    try await MappingStoreFactory.open(context: self)
  }
}
