import Synchronization

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Wraps a provider and keeps its credentials until five minutes before they expire, so that a
/// command making many calls resolves (and for STS, SSO or metadata, fetches) them once.
public final class CachedCredentialProvider: AWSCredentialProvider {
  public let base: any AWSCredentialProvider
  private let cached = Mutex<AWSCredentials?>(nil)
  let now: @Sendable () -> Date

  public init(_ base: any AWSCredentialProvider, now: @escaping @Sendable () -> Date = { Date() }) {
    self.base = base
    self.now = now
  }

  public func credentials() async throws -> AWSCredentials? {
    if let c = cached.withLock({ $0 }), Self.isFresh(c, at: now()) { return c }
    let fresh = try await base.credentials()
    cached.withLock { $0 = fresh }
    return fresh
  }

  static func isFresh(_ c: AWSCredentials, at date: Date) -> Bool {
    guard let expiration = c.expiration else { return true }
    return expiration.timeIntervalSince(date) > 300
  }
}
