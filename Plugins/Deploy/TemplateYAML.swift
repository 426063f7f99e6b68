@_spi(RootmailHost) import RootmailKit

/// Prints a template as CloudFormation YAML: block style, strings double-quoted (JSON escapes
/// are valid YAML), and the short tags `!Ref`, `!Sub` and `!GetAtt` where they fit on one line.
enum TemplateYAML {
  static func render(_ value: JSONValue) -> String {
    block(value, indent: 0).joined(separator: "\n") + "\n"
  }

  /// A value that prints on one line, or nil for a block.
  static func inline(_ value: JSONValue) -> String? {
    switch value {
    case .null: return "null"
    case .bool(let b): return b ? "true" : "false"
    case .number(let n): return n
    case .string(let s): return JSONValue.string(s).compact
    case .array(let a) where a.isEmpty: return "[]"
    case .object(let o) where o.isEmpty: return "{}"
    case .object(let o) where o.count == 1:
      switch (o[0].0, o[0].1) {
      case ("Ref", .string(let id)): return "!Ref " + id
      case ("Fn::Sub", .string(let s)): return "!Sub " + JSONValue.string(s).compact
      case ("Fn::GetAtt", .array(let parts)) where parts.count == 2:
        guard let a = parts[0].stringValue, let b = parts[1].stringValue else { return nil }
        return "!GetAtt \(a).\(b)"
      default: return nil
      }
    default: return nil
    }
  }

  static func key(_ k: String) -> String {
    let plain =
      !k.isEmpty
      && k.utf8.allSatisfy {
        ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 58 || $0 == 95 || $0 == 45
      }
    return plain && !k.hasSuffix(":") ? k : JSONValue.string(k).compact
  }

  static func block(_ value: JSONValue, indent: Int) -> [String] {
    let pad = String(repeating: " ", count: indent)
    if let line = inline(value) { return [pad + line] }
    switch value {
    case .object(let members):
      return members.flatMap { k, v -> [String] in
        if let line = inline(v) { return ["\(pad)\(key(k)): \(line)"] }
        return ["\(pad)\(key(k)):"] + block(v, indent: indent + 2)
      }
    case .array(let items):
      return items.flatMap { item -> [String] in
        if let line = inline(item) { return ["\(pad)- \(line)"] }
        var lines = block(item, indent: indent + 2)
        if case .array = item {
          return ["\(pad)-"] + lines
        }
        lines[0] = pad + "- " + lines[0].dropFirst(indent + 2)
        return lines
      }
    default:
      return [pad + (inline(value) ?? "")]
    }
  }
}
