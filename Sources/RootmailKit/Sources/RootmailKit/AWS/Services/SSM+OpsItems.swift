/// OpsCenter's CreateOpsItem: what the opsitem receiver files for a mail that needs a look.
@_spi(RootmailHost) extension SSM {
  /// The limits of CreateOpsItem's fields (botocore's SSM model), in characters.
  public enum OpsItemLimits {
    public static let title = 1024
    public static let description = 2048
    public static let source = 128
    public static let operationalDataKey = 128
  }

  /// One OperationalData entry.
  public struct OpsItemData: Sendable, Equatable {
    public var value: String
    /// `SearchableString` (shown and searchable in OpsCenter) or `String`.
    public var type: String

    public init(value: String, type: String = "SearchableString") {
      self.value = value
      self.type = type
    }
  }

  /// A CreateOpsItem request.
  public struct OpsItem: Sendable, Equatable {
    public var title: String
    public var source: String
    public var description: String
    public var operationalData: [(String, OpsItemData)]

    public init(title: String, source: String, description: String, operationalData: [(String, OpsItemData)] = []) {
      self.title = title
      self.source = source
      self.description = description
      self.operationalData = operationalData
    }

    public static func == (a: OpsItem, b: OpsItem) -> Bool {
      a.title == b.title && a.source == b.source && a.description == b.description
        && a.operationalData.map(\.0) == b.operationalData.map(\.0)
        && a.operationalData.map(\.1) == b.operationalData.map(\.1)
    }

    /// The request body.
    public var body: JSONValue {
      var input: [(String, JSONValue)] = [
        ("Title", .string(title)), ("Source", .string(source)), ("Description", .string(description)),
      ]
      if !operationalData.isEmpty {
        input.append(
          (
            "OperationalData",
            .object(operationalData.map { ($0.0, .object([("Value", .string($0.1.value)), ("Type", .string($0.1.type))])) })
          ))
      }
      return .object(input)
    }
  }

  /// Creates an OpsItem; returns its id (`oi-…`). With an `/aws/dedup` entry, SSM returns the
  /// open item of the same dedup string instead of making a second one.
  @discardableResult
  public func createOpsItem(_ item: OpsItem) async throws -> String {
    let out = try await rpc.call("CreateOpsItem", item.body, sensitive: true)
    return out["OpsItemId"]?.stringValue ?? ""
  }
}
