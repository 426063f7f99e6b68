#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Reads a command's input text: a file, or standard input for `-`.
public enum InputText {
  /// The whole text of `path` (`-` is standard input); a missing file is a usage error (64).
  public static func read(_ path: String, what: String = "file") throws -> String {
    if path == "-" {
      var text = ""
      while let line = readLine(strippingNewline: false) { text += line }
      return text
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw CLIError.usage("cannot read the \(what) \(path)")
    }
    return String(decoding: data, as: UTF8.self)
  }
}
