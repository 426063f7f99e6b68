/// Writes JSON text straight into a byte buffer, value by value, without building a `JSONValue`
/// tree first: what `--output json` of a long list uses (`mail list` on thousands of mails), and
/// what `JSONValue.pretty`/`compact` print with. Every string is escaped as JSON requires and
/// every control, C1 and bidi character (`TerminalSafe.isUnsafe`) is written as a `\u` escape,
/// so the text can go to a terminal as it is.
///
///     var json = JSONWriter()
///     json.beginObject()
///     json.key("id"); json.string("4f2a")
///     json.endObject()
@_spi(RootmailHost) public struct JSONWriter: Sendable {
  /// The UTF-8 text written so far.
  public private(set) var bytes: [UInt8] = []
  private let indent: Bool
  private var level = 0
  /// No value written yet in the innermost open array or object.
  private var first = true
  /// A member name was just written: the next value follows it on the same line.
  private var afterKey = false

  /// `pretty`: two spaces a level and `": "` between name and value, as `--output json` prints;
  /// otherwise compact. `capacity`: bytes to reserve.
  public init(pretty: Bool = true, capacity: Int = 0) {
    indent = pretty
    bytes.reserveCapacity(capacity)
  }

  /// The text as a string.
  public var text: String { String(decoding: bytes, as: UTF8.self) }

  /// Forgets the text written so far but not the place in the document: after the caller has
  /// printed `bytes`, writing goes on where it stopped (`CommandContext.emitPart`).
  public mutating func removeWritten() { bytes.removeAll(keepingCapacity: true) }

  public mutating func beginArray() {
    beforeValue()
    bytes.append(UInt8(ascii: "["))
    open()
  }

  public mutating func endArray() { close(UInt8(ascii: "]")) }

  public mutating func beginObject() {
    beforeValue()
    bytes.append(UInt8(ascii: "{"))
    open()
  }

  public mutating func endObject() { close(UInt8(ascii: "}")) }

  /// A member name; the next call writes its value.
  public mutating func key(_ name: String) {
    beforeValue()
    Self.appendString(name, to: &bytes)
    if indent {
      bytes.append(contentsOf: Self.colonSpace)
    } else {
      bytes.append(UInt8(ascii: ":"))
    }
    afterKey = true
  }

  /// A member name prepared once (quoted and escaped), for a writer of many rows with the same
  /// members: `key(_:)` with it appends bytes instead of escaping the name again.
  public struct Key: Sendable {
    /// `"name": ` and `"name":`.
    fileprivate let pretty: [UInt8]
    fileprivate let compact: [UInt8]

    public init(_ name: String) {
      var quoted: [UInt8] = []
      JSONWriter.appendString(name, to: &quoted)
      compact = quoted + [UInt8(ascii: ":")]
      pretty = compact + [UInt8(ascii: " ")]
    }
  }

  /// A member name prepared with `Key`; the next call writes its value.
  public mutating func key(_ name: Key) {
    beforeValue()
    bytes.append(contentsOf: indent ? name.pretty : name.compact)
    afterKey = true
  }

  public mutating func string(_ value: String) {
    beforeValue()
    Self.appendString(value, to: &bytes)
  }

  /// `value` as a string, or `null` for nil.
  public mutating func string(_ value: String?) {
    if let value { string(value) } else { null() }
  }

  public mutating func int(_ value: Int) {
    beforeValue()
    bytes.append(contentsOf: String(value).utf8)
  }

  public mutating func bool(_ value: Bool) {
    beforeValue()
    bytes.append(contentsOf: (value ? "true" : "false").utf8)
  }

  public mutating func null() {
    beforeValue()
    bytes.append(contentsOf: "null".utf8)
  }

  /// A number's text as it is (escaped should it hold an unsafe character: it is never printed raw).
  public mutating func number(_ text: String) {
    beforeValue()
    bytes.append(contentsOf: TerminalSafe.escaped(text).utf8)
  }

  /// An array of strings.
  public mutating func strings(_ values: [String]) {
    beginArray()
    for v in values { string(v) }
    endArray()
  }

  /// A whole `JSONValue`.
  public mutating func value(_ value: JSONValue) {
    switch value {
    case .null: null()
    case .bool(let b): bool(b)
    case .number(let n): number(n)
    case .string(let s): string(s)
    case .array(let items):
      beginArray()
      for item in items { self.value(item) }
      endArray()
    case .object(let members):
      beginObject()
      for (name, member) in members {
        key(name)
        self.value(member)
      }
      endObject()
    }
  }

  private mutating func beforeValue() {
    if afterKey {
      afterKey = false
      return
    }
    if level > 0 {
      if !first {
        if indent && level < Self.commaNewlines.count {
          bytes.append(contentsOf: Self.commaNewlines[level])
          return
        }
        bytes.append(UInt8(ascii: ","))
      }
      newline(level)
    }
    first = false
  }

  private mutating func open() {
    level += 1
    first = true
  }

  private mutating func close(_ bracket: UInt8) {
    level -= 1
    if !first { newline(level) }  // an empty array or object stays `[]`/`{}`
    bytes.append(bracket)
    first = false
  }

  private mutating func newline(_ level: Int) {
    guard indent else { return }
    if level < Self.newlines.count {
      bytes.append(contentsOf: Self.newlines[level])
      return
    }
    bytes.append(UInt8(ascii: "\n"))
    for _ in 0..<level {
      bytes.append(UInt8(ascii: " "))
      bytes.append(UInt8(ascii: " "))
    }
  }

  /// A newline and the indent of each of the first levels, appended in one go.
  private static let newlines: [[UInt8]] = (0..<12).map {
    [UInt8(ascii: "\n")] + Array(repeating: UInt8(ascii: " "), count: 2 * $0)
  }
  /// The same after the comma that ends the previous value.
  private static let commaNewlines: [[UInt8]] = newlines.map { [UInt8(ascii: ",")] + $0 }

  private static let colonSpace: [UInt8] = Array(": ".utf8)
  private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

  /// What each byte of UTF-8 text asks for: 0 copied as it is, 1 escaped (C0 controls, DEL,
  /// `"` and `\`), 2 the lead byte of a scalar that may be unsafe (C1 controls, ALM, bidi
  /// controls: `TerminalSafe.unsafeScalar` decides).
  private static let byteClass: [UInt8] = (0..<256).map { b in
    switch b {
    case 0..<0x20, 0x22, 0x5C, 0x7F: return 1
    case 0xC2, 0xD8, 0xE2: return 2
    default: return 0
    }
  }

  /// `s` as a JSON string: runs of safe bytes copied whole, `"`, `\`, `\n`, `\r`, `\t` as
  /// their short escapes, every other unsafe scalar as `\u` and four lowercase hex digits.
  static func appendString(_ s: String, to out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    var s = s
    s.withUTF8 { u in
      byteClass.withUnsafeBufferPointer { byteClass in
        var run = 0
        var i = 0
        while i < u.count {
          let kind = byteClass[Int(u[i])]
          if kind == 0 {
            i += 1
            continue
          }
          var scalar = UInt32(u[i])
          var length = 1
          if kind == 2 {
            guard let unsafe = TerminalSafe.unsafeScalar(in: u, at: i) else {
              i += 1
              continue
            }
            (scalar, length) = unsafe
          }
          if run < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: u[run..<i])) }
          appendEscape(scalar, to: &out)
          i += length
          run = i
        }
        if run < u.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: u[run..<u.count])) }
      }
    }
    out.append(UInt8(ascii: "\""))
  }

  private static func appendEscape(_ scalar: UInt32, to out: inout [UInt8]) {
    out.append(UInt8(ascii: "\\"))
    switch scalar {
    case 0x22: out.append(UInt8(ascii: "\""))
    case 0x5C: out.append(UInt8(ascii: "\\"))
    case 0x0A: out.append(UInt8(ascii: "n"))
    case 0x0D: out.append(UInt8(ascii: "r"))
    case 0x09: out.append(UInt8(ascii: "t"))
    default:
      out.append(UInt8(ascii: "u"))
      for shift in stride(from: 12, through: 0, by: -4) { out.append(hexDigits[Int((scalar >> UInt32(shift)) & 0xF)]) }
    }
  }
}
