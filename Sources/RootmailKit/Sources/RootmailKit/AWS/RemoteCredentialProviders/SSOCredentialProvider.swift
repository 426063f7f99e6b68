import RootmailSigV4

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// An SSO profile (`sso_session` or legacy `sso_start_url`, `sso_account_id`, `sso_role_name`):
/// the access token that `aws sso login` cached in `~/.aws/sso/cache/<sha1>.json` is traded at
/// the IAM Identity Center portal (`GET /federation/credentials`) for role credentials. The
/// aws-sign branch's profile parser builds this. An expired or missing token is a clear error.
@_spi(RootmailHost) public struct SSOCredentialProvider: AWSCredentialProvider {
  /// The `sso_session` name, or for legacy profiles the start URL: what the cache file is named by.
  public var cacheKey: String
  public var accountID: String
  public var roleName: String
  public var ssoRegion: String
  public var cacheFolder: String
  /// The portal; `https://portal.sso.<region>.amazonaws.com` unless a test moves it.
  public var portalURL: String?
  public let context: CredentialContext
  public var now: @Sendable () -> Date = { Date() }

  public init(
    cacheKey: String, accountID: String, roleName: String, ssoRegion: String, cacheFolder: String, portalURL: String? = nil,
    context: CredentialContext
  ) {
    self.cacheKey = cacheKey
    self.accountID = accountID
    self.roleName = roleName
    self.ssoRegion = ssoRegion
    self.cacheFolder = cacheFolder
    self.portalURL = portalURL
    self.context = context
  }

  /// `~/.aws/sso/cache/<hex sha1 of the key>.json`.
  public var cacheFile: String {
    let digest = Digest.sha1(Array(cacheKey.utf8))
    return cacheFolder + "/" + Hex.lowercase(digest) + ".json"
  }

  public func credentials() async throws -> AWSCredentials? {
    let login = "run `aws sso login` for this profile"
    let cached: JSONValue
    do { cached = try JSONValue.parse(try readCacheFile()) } catch let error as CredentialError { throw error } catch {
      throw MetadataHTTP.credentialError("sso", "\(cacheFile): \(error)")
    }
    guard let token = cached["accessToken"]?.stringValue, !token.isEmpty else {
      throw MetadataHTTP.credentialError("sso", "\(cacheFile) has no accessToken; \(login)")
    }
    if let expires = cached["expiresAt"]?.stringValue.flatMap(Timestamp.parse), expires <= now() {
      throw MetadataHTTP.credentialError("sso", "the SSO token expired at \(cached["expiresAt"]?.stringValue ?? ""); \(login)")
    }
    Redactor.shared.register(token)
    let base = portalURL ?? "https://portal.sso.\(ssoRegion).amazonaws.com"
    let url =
      base + "/federation/credentials?account_id=" + AWSURI.encode(accountID) + "&role_name=" + AWSURI.encode(roleName)
    guard let request = MetadataHTTP.request(url, headers: [("x-amz-sso_bearer_token", token)]) else {
      throw MetadataHTTP.credentialError("sso", "invalid SSO portal URL \(base)")
    }
    let response = try await MetadataHTTP.send(request, context: context, timeout: 10, attempts: 3)
    guard response.status == 200 else {
      throw MetadataHTTP.credentialError(
        "sso", "the SSO portal answered HTTP \(response.status) for \(roleName) in \(accountID); \(login)")
    }
    guard let role = (try? JSONValue.parse(response.body))?["roleCredentials"], let id = role["accessKeyId"]?.stringValue,
      let secret = role["secretAccessKey"]?.stringValue
    else { throw MetadataHTTP.credentialError("sso", "the SSO portal's answer has no roleCredentials") }
    let expiration = role["expiration"]?.doubleValue.map { Date(timeIntervalSince1970: $0 / 1000) }
    return AWSCredentials(
      accessKeyID: id, secretAccessKey: secret, sessionToken: role["sessionToken"]?.stringValue, expiration: expiration,
      source: "sso")
  }

  /// The most a token cache file may hold; a real one is well under a kilobyte.
  static let maximumCacheFileSize = 1 << 20

  /// The token cache file's bytes, opened once and checked as the AWS shared files are
  /// (`FileTrust`): with a token someone else wrote, root would work in their account (the
  /// role credentials it trades the token for) and send its data there.
  func readCacheFile() throws -> [UInt8] {
    let file: FileTrust.OpenFile
    switch FileTrust.open(cacheFile, what: "SSO token cache file", followLinks: true) {
    case .success(let opened): file = opened
    case .failure(let problem) where problem.missing:
      throw MetadataHTTP.credentialError("sso", "no SSO token in \(cacheFile); run `aws sso login` for this profile")
    case .failure(let problem):
      throw CredentialError(
        source: "sso", "\(problem.reason); rootmail will not use it",
        hint: "the SSO token cache must be owned by you or root and writable by no one else; "
          + "fix it as said, or remove it and run `aws sso login` again")
    }
    defer { file.close() }
    do { return try file.readAll(limit: Self.maximumCacheFileSize) } catch {
      throw MetadataHTTP.credentialError("sso", "\(cacheFile) is larger than 1 MiB; run `aws sso login` for this profile")
    }
  }
}
