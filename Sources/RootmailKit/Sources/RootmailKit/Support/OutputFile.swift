#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Writes a command's output file.
public enum OutputFile {
  /// Writes `text` to `path`, replacing it; failure is a usage error naming the path (64).
  public static func write(_ text: String, to path: String) throws {
    do {
      try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
      throw CLIError.usage("cannot write \(path): \(error)")
    }
  }
}
