@_spi(RootmailHost) import RootmailKit

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

  /// Every non-blank line of `text` read as a request, before anything is vended. A line that is
  /// not a JSON request is bad input, as on every other input path: the error names
  /// `source:line` and the rule (exit 65), and nothing is vended.
  public func requests(_ text: String, source: String) throws -> [(line: Int, request: VendRequest)] {
    var requests: [(line: Int, request: VendRequest)] = []
    var number = 0
    for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
      number += 1
      let line = String(rawLine).trimmingSpaces()
      if line.isEmpty { continue }
      do {
        requests.append((number, try VendRequest(json: try Self.parseJSON(line)).filling(from: defaults)))
      } catch {
        let status = (error as? any RootmailError)?.exitStatus ?? .dataError
        throw CLIError("\(source):\(number): \(LineResult.message(error))", status: status == .failure ? .dataError : status)
      }
    }
    return requests
  }

  /// Reads every request of `text` (see `requests`), then vends them in order, calling `report`
  /// after each; a request that fails to vend is reported and the run goes on. Returns how many
  /// failed.
  public func run(_ text: String, source: String, report: (LineResult) -> Void) async throws -> Int {
    var failures = 0
    for (line, request) in try requests(text, source: source) {
      let result: Result<MappingRecord, any Error>
      do {
        result = .success(try await vendor.vend(request, dryRun: dryRun))
      } catch {
        result = .failure(error)
        failures += 1
      }
      report(LineResult(line: line, result: result))
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
