// libFuzzer entry point for rootmail's parsers of outside input. Built by scripts/fuzz.sh with
// `swiftc -sanitize=fuzzer` from the parser sources themselves (so their code is what the
// fuzzer instruments); the target is chosen with ROOTMAIL_FUZZ_TARGET. Any trap (overflow,
// out-of-range index, a failed round trip below) is a finding.
#if canImport(Glibc)
  import Glibc
#endif

/// The parser this run fuzzes: json, toml, ini, xml or csv.
let fuzzTarget: String = getenv("ROOTMAIL_FUZZ_TARGET").map { String(cString: $0) } ?? "json"

@_cdecl("LLVMFuzzerTestOneInput")
public func rootmailFuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
  switch fuzzTarget {
  case "json": FuzzTargets.json(bytes)
  case "toml": FuzzTargets.toml(bytes)
  case "ini": FuzzTargets.ini(bytes)
  case "xml": FuzzTargets.xml(bytes)
  case "csv": FuzzTargets.csv(bytes)
  default: fatalError("unknown ROOTMAIL_FUZZ_TARGET \(fuzzTarget) (json, toml, ini, xml, csv)")
  }
  return 0
}

/// One function a parser; each also checks a property that must hold for every input it accepts.
enum FuzzTargets {
  /// JSONValue: whatever parses prints back to text that parses to the same value.
  static func json(_ bytes: [UInt8]) {
    guard let value = try? JSONValue.parse(bytes) else { return }
    guard let again = try? JSONValue.parse(value.compact), again == value else {
      fatalError("JSON round trip changed the value: \(value.compact)")
    }
    guard (try? JSONValue.parse(value.pretty)) == value else { fatalError("pretty JSON does not parse back") }
    let printed = value.pretty.split(separator: "\n").joined()
    if printed.unicodeScalars.contains(where: TerminalSafe.isUnsafe) { fatalError("raw control character in JSON output") }
  }

  /// The TOML subset of the config file (which must be UTF-8 to be read at all).
  static func toml(_ bytes: [UInt8]) {
    guard let text = String(validating: bytes, as: UTF8.self) else { return }
    _ = try? TOMLDocument(parsing: text)
  }

  /// The INI files of ~/.aws.
  static func ini(_ bytes: [UInt8]) {
    _ = try? INIFile.parse(String(decoding: bytes, as: UTF8.self), path: "fuzz")
  }

  /// The XML of AWS responses.
  static func xml(_ bytes: [UInt8]) {
    _ = try? XMLElement.parse(bytes)
  }

  /// CSV import; and the formula neutralising of export is undone exactly by import.
  static func csv(_ bytes: [UInt8]) {
    guard let text = String(validating: bytes, as: UTF8.self) else { return }
    if let rows = try? MappingCSV.parseRows(text) {
      for field in rows.flatMap(\.fields) where MappingCSV.restored(MappingCSV.neutralised(field)) != field {
        fatalError("CSV neutralising does not round-trip: \(field.debugDescription)")
      }
    }
    _ = try? MappingCSV.parse(text)
  }
}
