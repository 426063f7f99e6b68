/// The tags stored with a mapping, as `key=value` arguments (`vend --tag`, `mappings update --tag`).
@_spi(RootmailHost) public enum MappingTags {
  /// Parses `key=value` tag arguments; anything else is a usage error naming the argument.
  public static func parse(_ arguments: [String]) throws -> [String: String] {
    var tags: [String: String] = [:]
    for argument in arguments {
      guard let eq = argument.firstIndex(of: "="), eq != argument.startIndex else {
        throw CLIError.usage("--tag takes key=value, not \"\(argument)\"")
      }
      tags[String(argument[..<eq])] = String(argument[argument.index(after: eq)...])
    }
    return tags
  }
}
