import RootmailKit

/// `vend --from-file`: many JSON-lines requests in one run, each reported on its own line.
public struct VendBatch: Sendable {
  /// The outcome of one line of the file.
  public struct LineResult: Sendable {
    public let line: Int
    public let result: Result<MappingRecord, any Error>

    /// One output line: the address (text) or a JSON object, or the failure.
    public func render(json: Bool) -> String {
      switch (result, json) {
      case (.success(let record), false): return record.accountEmail
      case (.failure(let error), false): return "error: line \(line): \(Self.message(error))"
      case (.success(let record), true):
        return JSONValue.object([("line", .int(line)), ("ok", .bool(true)), ("record", record.json)]).compact
      case (.failure(let error), true):
        return JSONValue.object([("line", .int(line)), ("ok", .bool(false)), ("error", .string(Self.message(error)))]).compact
      }
    }

    static func message(_ error: any Error) -> String {
      (error as? any RootmailError)?.description ?? "\(error)"
    }
  }

  public let vendor: Vendor
  /// Flags given on the command line fill what a line leaves unset.
  public let defaults: VendRequest
  public let dryRun: Bool

  public init(vendor: Vendor, defaults: VendRequest, dryRun: Bool) {
    self.vendor = vendor
    self.defaults = defaults
    self.dryRun = dryRun
  }

  /// Vends every non-blank line of `text` in order, calling `report` after each; a line that
  /// fails is reported and the run goes on. Returns how many failed.
  public func run(_ text: String, report: (LineResult) -> Void) async -> Int {
    var failures = 0
    var number = 0
    for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
      number += 1
      let line = String(rawLine).trimmingSpaces()
      if line.isEmpty { continue }
      let result: Result<MappingRecord, any Error>
      do {
        let request = try VendRequest(json: try Self.parseJSON(line)).filling(from: defaults)
        result = .success(try await vendor.vend(request, dryRun: dryRun))
      } catch {
        result = .failure(error)
        failures += 1
      }
      report(LineResult(line: number, result: result))
    }
    return failures
  }

  /// Parses a request's JSON text; malformed JSON is an input error (exit 65).
  public static func parseJSON(_ text: String) throws -> JSONValue {
    do { return try JSONValue.parse(text) } catch {
      throw CLIError.invalid(field: "request", value: String(text.prefix(80)), rule: "is not valid JSON (\(error))")
    }
  }
}
