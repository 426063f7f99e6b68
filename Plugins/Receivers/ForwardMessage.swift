@_spi(RootmailHost) import RootmailKit

/// A received mail made ready to forward: only its header block is rewritten (From set to
/// `address_from`, the original sender kept in Reply-To, To set to the destination,
/// Return-Path, DKIM-Signature, Sender, Cc, Bcc and the Resent- recipients removed,
/// `X-Processed-By` added); the body — every
/// part and attachment — is passed on byte for byte, never decoded or re-encoded.
///
/// The header block is the sender's: every line written here is either a field kept from it
/// (with a bare CR or NUL inside a line replaced by a space, so no reader can see a line break
/// there), or a field whose value is checked to hold no control character at all.
enum ForwardMessage {
  /// Fields removed from the original (lower case). Sender goes with From: SES refuses a
  /// message whose Sender is not a verified identity, and it would name the original sender.
  /// The recipient fields go with To: only the owner gets a copy (a sender that reads Cc or
  /// Bcc, as moto does, would otherwise send one to each address the stranger listed).
  static let replaced: Set<String> = [
    "from", "to", "reply-to", "return-path", "dkim-signature", "sender", "cc", "bcc", "resent-to", "resent-cc",
    "resent-bcc",
  ]

  /// The mail to send: `raw`'s header block rewritten, its body unchanged. `subjectPrefix`
  /// goes before the original subject (and makes one when there is none); `extraFields` are
  /// added after `X-Processed-By` (values printable ASCII, checked like every written field).
  static func rewrite(
    _ raw: [UInt8], from: String, to: String, processedBy: String, fallbackSender: String,
    subjectPrefix: String? = nil, extraFields: [(name: String, value: String)] = []
  ) -> [UInt8] {
    let split = HeaderBlock(raw)
    let eol: [UInt8] = split.crlf ? [13, 10] : [10]
    var out: [UInt8] = []
    out.reserveCapacity(raw.count + 256)
    func field(_ name: String, _ value: String) {
      out += Array(name.utf8) + [58, 32] + value.utf8.map { $0 < 0x20 || $0 == 0x7F ? 0x20 : $0 } + eol
    }
    let originalFrom = split.fields.first { $0.name == "from" }.map(\.value)
    let replyTo = replyTo(originalFrom: originalFrom, fallback: fallbackSender)
    var wroteFrom = false
    var wroteTo = false
    func writeFrom() {
      field("From", from)
      if let replyTo { field("Reply-To", replyTo) }
      wroteFrom = true
    }
    var wroteSubject = false
    for f in split.fields {
      if let subjectPrefix, f.name == "subject", !wroteSubject, let first = f.lines.first,
        let colon = first.firstIndex(of: 58)
      {
        // The prefix, then the original first line's value as it was, then its continuations.
        var rest = first[(colon + 1)...]
        while let c = rest.first, c == 32 || c == 9 { rest = rest.dropFirst() }
        out += Array("Subject: \(subjectPrefix) ".utf8) + rest.map { $0 == 13 || $0 == 0 ? 0x20 : $0 } + eol
        for line in f.lines.dropFirst() { out += line.map { $0 == 13 || $0 == 0 ? 0x20 : $0 } + eol }
        wroteSubject = true
        continue
      }
      if replaced.contains(f.name) {
        if f.name == "from" && !wroteFrom { writeFrom() }
        if f.name == "to" && !wroteTo {
          field("To", to)
          wroteTo = true
        }
        continue
      }
      for line in f.lines {
        // A continuation line keeps its leading white space, so it stays a continuation.
        out += line.map { $0 == 13 || $0 == 0 ? 0x20 : $0 }
        out += eol
      }
    }
    if !wroteFrom { writeFrom() }
    if !wroteTo { field("To", to) }
    if let subjectPrefix, !wroteSubject { field("Subject", subjectPrefix) }
    field("X-Processed-By", processedBy)
    for extra in extraFields { field(extra.name, extra.value) }
    out += eol
    out += raw[split.bodyStart...]
    return out
  }

  /// Reply-To for the forwarded mail: the original From value (unfolded) when it is plain
  /// printable ASCII of reasonable length, else `<address>` of the parsed sender, else none.
  static func replyTo(originalFrom: String?, fallback: String) -> String? {
    if let value = originalFrom?.trimmingSpaces(), !value.isEmpty, value.utf8.count <= 900,
      value.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F })
    {
      return value
    }
    return PlainAddress.isValid(fallback) ? "<\(fallback)>" : nil
  }
}

/// A mail's header block cut into fields, and where its body starts.
struct HeaderBlock {
  struct Field {
    /// Lower case, trailing white space removed (`From :` is `from`).
    var name: String
    /// The field's lines as written, without their line ends (continuations after the first).
    var lines: [ArraySlice<UInt8>]
    /// The value unfolded (line ends removed), as text.
    var value: String {
      var bytes: [UInt8] = []
      for (i, line) in lines.enumerated() {
        var part = line
        if i == 0, let colon = part.firstIndex(of: 58) { part = part[(colon + 1)...] }
        bytes += part.filter { $0 != 13 }
      }
      return String(decoding: bytes, as: UTF8.self)
    }
  }

  var fields: [Field] = []
  /// Whether the first line ends with CRLF (then every line written ends so).
  var crlf = false
  /// Index in the raw bytes where the body begins (after the empty line).
  var bodyStart = 0

  init(_ raw: [UInt8]) {
    var start = 0
    var first = true
    while start < raw.count {
      let newline = raw[start...].firstIndex(of: 10)
      let end = newline ?? raw.count
      var line = raw[start..<end]
      if first, newline != nil { crlf = line.last == 13 }
      if line.last == 13 { line = line.dropLast() }
      let next = newline.map { $0 + 1 } ?? raw.count
      if line.isEmpty {
        bodyStart = next
        return
      }
      let continuation = line.first == 32 || line.first == 9
      let name = continuation ? nil : Self.fieldName(line)
      if first && name == nil {
        // It does not start with a header field: the whole mail is body.
        bodyStart = 0
        return
      }
      if continuation {
        if !fields.isEmpty { fields[fields.count - 1].lines.append(line) }
      } else if let name {
        fields.append(Field(name: name, lines: [line]))
      }
      // Any other line in the header block is not a field: dropped.
      first = false
      start = next
    }
    bodyStart = raw.count
  }

  /// The name of a field line (`Name: value`), lower case, or nil when the line is none.
  static func fieldName(_ line: ArraySlice<UInt8>) -> String? {
    guard let colon = line.firstIndex(of: 58) else { return nil }
    var name = line[..<colon]
    while let last = name.last, last == 32 || last == 9 { name = name.dropLast() }
    guard !name.isEmpty, name.allSatisfy({ $0 > 32 && $0 < 127 }) else { return nil }
    return String(decoding: name, as: UTF8.self).lowercased()
  }
}
