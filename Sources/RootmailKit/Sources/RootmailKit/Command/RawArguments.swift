/// The command line's bytes as the kernel gave them, checked before swift-argument-parser reads
/// them: Swift's `CommandLine.arguments` turns bytes that are not UTF-8 into U+FFFD, and an
/// owner or tag stored that way would be silently wrong. Such an argument is bad input (exit 65).
@_spi(RootmailHost) public enum RawArguments {
  /// The input error for the first argument (after the program name) that is not UTF-8: its
  /// position, the option it belongs to (`--tag=…`, or the option before it), the bytes shown
  /// with the bad ones as `\xFF`, and the first bad byte's offset; nil when all are UTF-8.
  public static func check(_ arguments: [[UInt8]]) -> CLIError? {
    for (index, bytes) in arguments.enumerated() {
      guard String(validating: bytes, as: UTF8.self) == nil else { continue }
      let text = shown(bytes)
      var field = "argument \(index + 1)"
      if bytes.starts(with: Array("--".utf8)), let equals = bytes.firstIndex(of: UInt8(ascii: "=")) {
        field += " (" + String(decoding: bytes[..<equals], as: UTF8.self) + ")"
      } else if index > 0, let option = option(arguments[index - 1]) {
        field += " (after \(option))"
      }
      return CLIError.invalid(
        field: field, value: text,
        rule: "is not valid UTF-8 (byte \(firstInvalidOffset(bytes) + 1)); rootmail does not replace it")
    }
    return nil
  }

  /// This process's arguments, read from `CommandLine.unsafeArgv`, without the program name.
  public static func current() -> [[UInt8]] {
    (1..<Int(CommandLine.argc)).compactMap { i in
      CommandLine.unsafeArgv[i].map { p in Array(UnsafeBufferPointer(start: p, count: strlenOf(p))).map { UInt8(bitPattern: $0) }
      }
    }
  }

  private static func strlenOf(_ p: UnsafePointer<CChar>) -> Int {
    var n = 0
    while p[n] != 0 { n += 1 }
    return n
  }

  /// `bytes` as text: valid UTF-8 as it is, each byte of a bad sequence as `\xFF`.
  static func shown(_ bytes: [UInt8]) -> String {
    var out = ""
    var i = 0
    while i < bytes.count {
      let length = validLength(bytes, at: i)
      if length > 0 {
        out += String(decoding: bytes[i..<i + length], as: UTF8.self)
        i += length
      } else {
        let hex = String(bytes[i], radix: 16, uppercase: true)
        out += "\\x" + (hex.count == 1 ? "0" + hex : hex)
        i += 1
      }
    }
    return out
  }

  static func firstInvalidOffset(_ bytes: [UInt8]) -> Int {
    var i = 0
    while i < bytes.count {
      let length = validLength(bytes, at: i)
      if length == 0 { return i }
      i += length
    }
    return bytes.count
  }

  /// The length of the well-formed UTF-8 scalar at `bytes[i]`, or 0.
  static func validLength(_ bytes: [UInt8], at i: Int) -> Int {
    var iterator = bytes[i...].makeIterator()
    var decoder = UTF8()
    if case .scalarValue(let scalar) = decoder.decode(&iterator) { return UTF8.width(scalar) }
    return 0
  }

  /// The option name `argument` is, if it is one that may take a value (`-x`, `--name`).
  static func option(_ argument: [UInt8]) -> String? {
    guard argument.first == UInt8(ascii: "-"), argument.count > 1, argument != Array("--".utf8),
      !argument.contains(UInt8(ascii: "=")), let name = String(validating: argument, as: UTF8.self)
    else { return nil }
    return name
  }
}
