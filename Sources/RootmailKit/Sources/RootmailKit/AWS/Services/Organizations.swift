/// AWS Organizations (JSON 1.1, global endpoint): creating member accounts for `vend
/// --create-account` and listing them.
@_spi(RootmailHost) public struct Organizations: Sendable {
  public let rpc: JSONProtocolClient

  public init(client: AWSClient) { rpc = JSONProtocolClient(client: client, service: .organizations) }

  /// The state of an account creation (`IN_PROGRESS`, `SUCCEEDED`, `FAILED`).
  public struct CreateAccountStatus: Sendable, Equatable {
    public var id: String
    public var state: String
    public var accountName: String?
    public var accountID: String?
    public var failureReason: String?

    init(_ json: JSONValue?) {
      id = json?["Id"]?.stringValue ?? ""
      state = json?["State"]?.stringValue ?? ""
      accountName = json?["AccountName"]?.stringValue
      accountID = json?["AccountId"]?.stringValue
      failureReason = json?["FailureReason"]?.stringValue
    }
  }

  /// An account of the organization.
  public struct Account: Sendable, Equatable {
    public var id: String
    public var name: String
    public var email: String
    public var status: String

    public init(id: String, name: String, email: String, status: String) {
      self.id = id
      self.name = name
      self.email = email
      self.status = status
    }
  }

  /// Creates an organization with all features (tests; a real one exists already).
  public func createOrganization() async throws {
    _ = try await rpc.call("CreateOrganization", .object([("FeatureSet", .string("ALL"))]))
  }

  public func createAccount(email: String, name: String, tags: [String: String] = [:]) async throws -> CreateAccountStatus {
    var input: [(String, JSONValue)] = [("Email", .string(email)), ("AccountName", .string(name))]
    if !tags.isEmpty {
      input.append(
        (
          "Tags",
          .array(tags.sorted { $0.key < $1.key }.map { .object([("Key", .string($0.key)), ("Value", .string($0.value))]) })
        ))
    }
    let out = try await rpc.call("CreateAccount", .object(input))
    return CreateAccountStatus(out["CreateAccountStatus"])
  }

  public func describeCreateAccountStatus(_ id: String) async throws -> CreateAccountStatus {
    let out = try await rpc.call("DescribeCreateAccountStatus", .object([("CreateAccountRequestId", .string(id))]))
    return CreateAccountStatus(out["CreateAccountStatus"])
  }

  /// One page of accounts and the next token.
  public func listAccounts(nextToken: String? = nil, maxResults: Int? = nil) async throws -> ([Account], String?) {
    var input: [(String, JSONValue)] = []
    if let nextToken { input.append(("NextToken", .string(nextToken))) }
    if let maxResults { input.append(("MaxResults", .int(maxResults))) }
    let out = try await rpc.call("ListAccounts", .object(input))
    let accounts = (out["Accounts"]?.arrayValue ?? []).map { a in
      Account(
        id: a["Id"]?.stringValue ?? "", name: a["Name"]?.stringValue ?? "", email: a["Email"]?.stringValue ?? "",
        status: a["Status"]?.stringValue ?? "")
    }
    return (accounts, out["NextToken"]?.stringValue)
  }

  /// Every account, page by page.
  public func listAllAccounts(pageSize: Int? = nil) async throws -> [Account] {
    try await Paginator.all(
      fetch: { token in try await listAccounts(nextToken: token, maxResults: pageSize) }, items: { $0.0 }, next: { $0.1 })
  }
}

extension AWSClient {
  @_spi(RootmailHost) public var organizations: Organizations { Organizations(client: self) }
}
