import CGMime
@_spi(RootmailHost) import RootmailKit

/// GMime, initialised once per process.
private let gmimeReady: Bool = {
  g_mime_init()
  return true
}()

/// Turns raw mail bytes into a `ParsedMail` with GMime 3: RFC 2047 headers, RFC 2231 file
/// names, transfer encodings, charsets to UTF-8, nested multiparts and attached messages.
/// Never fails: what cannot be read is left out and named in `warnings`.
public enum MimeParser {
  /// Parts deeper than this are not descended into (GMime has its own limit too).
  static let maxDepth = 32

  public static func parse(_ raw: [UInt8]) -> ParsedMail {
    _ = gmimeReady
    var mail = ParsedMail()
    var warnings = rm_warnings(mask: 0)
    // GMime reads a copy cut after as many parts and header fields as it may make objects for
    // (StructureBounds), with address fields out of bounds cut (AddressHeaderBounds).
    let structure = raw.withUnsafeBufferPointer { StructureBounds.cut($0) }
    let kept = structure.map { Array(raw[..<$0.keep]) } ?? raw
    let bounded = AddressHeaderBounds.bounded(kept)
    let bytes = bounded?.bytes ?? kept
    let boundWarnings = (structure.map { [$0.warning] } ?? []) + (bounded?.warnings ?? [])
    // GMime reads `bytes` in place: everything made from the message is made inside.
    let parsed = bytes.withUnsafeBytes { raw -> Bool in
      var view: UnsafeMutablePointer<GByteArray>?
      let message = rm_parse_message(raw.baseAddress, raw.count, &warnings, &view)
      defer { rm_view_free(view) }
      guard let message else { return false }
      defer { rm_unref(message) }
      readHeaders(message, into: &mail)
      if mail.headers.isEmpty { mail.warnings.append("no headers") }
      if let body = rm_message_body(message) {
        walk(body, depth: 0, into: &mail)
      } else {
        mail.warnings.append("no body")
      }
      return true
    }
    guard parsed else {
      mail.warnings = ["unreadable message: no headers or body could be parsed"] + boundWarnings
      mail.textParts = bytes.isEmpty ? [] : [String(decoding: LineEnds.normalized(bytes), as: UTF8.self)]
      return mail
    }
    mail.warnings = counted(parserWarnings(warnings.mask) + boundWarnings + mail.warnings)
    return mail
  }

  /// Each warning once, in the order first given, with how many times when more than once: a
  /// mail of 100,000 parts in an unknown charset gets one line, not 100,000.
  static func counted(_ warnings: [String]) -> [String] {
    var counts: [String: Int] = [:]
    var order: [String] = []
    for w in warnings {
      if counts[w] == nil { order.append(w) }
      counts[w, default: 0] += 1
    }
    return order.map { w in counts[w, default: 1] > 1 ? "\(w) (\(counts[w, default: 1]) times)" : w }
  }

  static func string(_ p: UnsafePointer<CChar>?) -> String {
    p.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: strlen($0)), as: UTF8.self) } ?? ""
  }

  /// A g_malloc'ed string as a Swift string, freed.
  static func take(_ p: UnsafeMutablePointer<CChar>?) -> String {
    defer { g_free(p) }
    return string(p)
  }

  /// A GByteArray's bytes, the array freed.
  static func take(bytes array: UnsafeMutablePointer<GByteArray>?) -> [UInt8] {
    guard let array else { return [] }
    defer { g_byte_array_free(array, 1) }
    guard array.pointee.len > 0, let data = array.pointee.data else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: Int(array.pointee.len)))
  }

  static func readHeaders(_ message: UnsafeMutablePointer<GMimeMessage>, into mail: inout ParsedMail) {
    let object = rm_message_object(message)
    let count = rm_header_count(object)
    var deliveredTo: [String] = []
    for i in 0..<max(0, count) {
      guard let header = rm_header_at(object, i) else { continue }
      let name = string(g_mime_header_get_name(header))
      // GMime has decoded every value already (it checks them for bad encoded words while
      // parsing, as a warning callback is set): reading it costs nothing more.
      let value = string(g_mime_header_get_value(header))
      mail.headers.append(MailHeader(name: name, value: value))
      // Only 12 ASCII bytes lower to "delivered-to": other names make no lowered copy.
      if name.utf8.count == 12 && name.lowercased() == "delivered-to" {
        deliveredTo += lines(take(rm_parse_addresses(g_mime_header_get_raw_value(header) ?? g_mime_header_get_value(header))))
      }
    }
    mail.subject = string(g_mime_message_get_subject(message))
    mail.messageID = string(g_mime_message_get_message_id(message))
    let from = g_mime_message_get_from(message)
    mail.from = take(rm_display(from))
    mail.fromAddress = lines(take(rm_addresses(from))).first ?? ""
    var recipients: [String] = []
    for list in [g_mime_message_get_to(message), g_mime_message_get_cc(message)] {
      recipients += lines(take(rm_addresses(list)))
    }
    recipients += deliveredTo
    var seen = Set<String>()
    mail.recipients = recipients.map { $0.lowercased() }.filter { seen.insert($0).inserted }
    var ok: Int32 = 0
    let date = rm_message_date(message, &ok)
    mail.date = ok != 0 ? Int(date) : nil
  }

  static func lines(_ text: String) -> [String] {
    var text = text
    // ASCII without CR (what GMime's address lists hold): bytes are Characters, split and
    // trimmed as such without the Character machinery.
    if let lines = text.withUTF8({ u -> [String]? in
      guard !u.contains(where: { $0 >= 0x80 || $0 == 0x0D }) else { return nil }
      var lines: [String] = []
      for line in u.split(separator: 0x0A) {
        let space: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 }
        guard let first = line.firstIndex(where: { !space($0) }), let last = line.lastIndex(where: { !space($0) }) else {
          continue
        }
        lines.append(String(decoding: UnsafeBufferPointer(rebasing: u[first...last]), as: UTF8.self))
      }
      return lines
    }) {
      return lines
    }
    return text.split(separator: "\n").map { String($0).trimmingSpaces() }.filter { !$0.isEmpty }
  }

  static func walk(_ object: UnsafeMutablePointer<GMimeObject>, depth: Int, into mail: inout ParsedMail) {
    guard depth < maxDepth else {
      mail.warnings.append("parts nested too deep were skipped")
      return
    }
    switch rm_kind(object) {
    case 1: readPart(object, into: &mail)
    case 2:
      let n = rm_multipart_count(object)
      if n == 0 { mail.warnings.append("multipart without parts") }
      for i in 0..<max(0, n) {
        if let child = rm_multipart_child(object, i) { walk(child, depth: depth + 1, into: &mail) }
      }
    case 3:
      // An attached message (message/rfc822) is an attachment: its bytes as they were sent.
      let bytes = take(bytes: rm_object_bytes(object))
      mail.attachments.append(
        MailPart(contentType: "message/rfc822", fileName: "attached-message.eml", isAttachment: true, bytes: bytes))
    default: mail.warnings.append("unknown MIME object skipped")
    }
  }

  static func readPart(_ object: UnsafeMutablePointer<GMimeObject>, into mail: inout ParsedMail) {
    let type = take(rm_mime_type(object))
    let fileName = rm_part_filename(object).map { string($0) }
    let isText = type == "text/plain" || type == "text/html"
    let attachment =
      rm_part_is_attachment(object) != 0 || (fileName != nil && !(fileName ?? "").isEmpty) || !type.hasPrefix("text/")
    let decoded = rm_part_decode(object, (isText && !attachment) ? 1 : 0)
    if attachment {
      let bytes = take(bytes: decoded.bytes)
      mail.attachments.append(MailPart(contentType: type, fileName: fileName, isAttachment: true, bytes: bytes))
      return
    }
    if decoded.unknown_charset != 0 { mail.warnings.append("unknown charset in a \(type) part; read as UTF-8") }
    let (text, valid) = takeText(decoded.bytes)
    if !valid { mail.warnings.append("invalid UTF-8 in a \(type) part replaced") }
    if type == "text/html" { mail.htmlParts.append(text) } else { mail.textParts.append(text) }
  }

  /// A decoded text part's bytes as a string, CRLF read as LF (`LineEnds`), and whether they
  /// were valid UTF-8 (anything else is replaced); the array freed. Made from GMime's buffer
  /// directly, line ends removed in place: one copy, one validation.
  static func takeText(_ array: UnsafeMutablePointer<GByteArray>?) -> (String, valid: Bool) {
    guard let array else { return ("", true) }
    defer { g_byte_array_free(array, 1) }
    guard array.pointee.len > 0, let data = array.pointee.data else { return ("", true) }
    let count = LineEnds.normalize(UnsafeMutableBufferPointer(start: data, count: Int(array.pointee.len)))
    let bytes = UnsafeBufferPointer(start: data, count: count)
    if let text = String(validating: bytes, as: UTF8.self) { return (text, true) }
    return (String(decoding: bytes, as: UTF8.self), false)
  }

  static func parserWarnings(_ mask: UInt64) -> [String] {
    let names: [(GMimeParserWarning, String)] = [
      (GMIME_WARN_DUPLICATED_HEADER, "duplicated header"),
      (GMIME_WARN_DUPLICATED_PARAMETER, "duplicated parameter"),
      (GMIME_WARN_UNENCODED_8BIT_HEADER, "unencoded 8-bit header"),
      (GMIME_WARN_INVALID_CONTENT_TYPE, "invalid content type"),
      (GMIME_WARN_INVALID_RFC2047_HEADER_VALUE, "invalid RFC 2047 header value"),
      (GMIME_WARN_MALFORMED_MULTIPART, "malformed multipart"),
      (GMIME_WARN_TRUNCATED_MESSAGE, "truncated message (unclosed boundary)"),
      (GMIME_WARN_MALFORMED_MESSAGE, "malformed message"),
      (GMIME_CRIT_INVALID_HEADER_NAME, "invalid header name"),
      (GMIME_CRIT_CONFLICTING_HEADER, "conflicting header"),
      (GMIME_CRIT_CONFLICTING_PARAMETER, "conflicting parameter"),
      (GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY, "multipart without boundary"),
      (GMIME_CRIT_NESTING_OVERFLOW, "nesting too deep"),
      (GMIME_WARN_PART_WITHOUT_CONTENT, "part without content"),
      (GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT, "part without headers or content"),
      (GMIME_WARN_INVALID_ADDRESS_LIST, "invalid address list"),
    ]
    return names.compactMap { code, name in
      let bit = UInt64(code.rawValue)
      return bit < 64 && mask & (1 << bit) != 0 ? name : nil
    }
  }
}
