#if canImport(Glibc)
  // glibc's `stdout` and `stderr` are C globals Swift sees as mutable; they are set before main
  // and never reassigned, so reading them from any thread is safe.
  @preconcurrency import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Facts about the process's terminal: which streams are terminals (colour: `ColorChoice`).
@_spi(RootmailHost) public enum Terminal {
  public static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
  public static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
  public static var stdinIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

}

/// Writes text to the standard streams without Foundation: data to stdout, the rest to stderr.
public enum StandardStream {
  public static func writeOut(_ text: String) { write(text, to: stdout) }
  public static func writeErr(_ text: String) { write(text, to: stderr) }

  /// UTF-8 text to stdout in one call, as it is.
  public static func writeOut(bytes: [UInt8]) {
    bytes.withUnsafeBufferPointer { buf in _ = fwrite(buf.baseAddress, 1, buf.count, stdout) }
  }

  private static func write(_ text: String, to stream: UnsafeMutablePointer<FILE>) {
    var text = text
    text.withUTF8 { buf in
      _ = fwrite(buf.baseAddress, 1, buf.count, stream)
    }
    if stream == stderr { fflush(stream) }
  }

  public static func flushOut() { fflush(stdout) }
}
