#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Bounds on the address fields of a mail before GMime reads them. GMime's address parser
/// recurses once per group (`g:g:g:…;;;`): fifty thousand nested empty groups in a To field
/// (150 KB) overflow any thread's stack, and since the crash comes before the mail is indexed,
/// it came back on every fetch. RFC 5322 groups do not nest at all; a field whose groups nest
/// deeper than `maxGroupDepth` is emptied, and one longer than `maxValueBytes` or with more
/// than `maxAddresses` addresses is cut after the last whole address that fits. Every field
/// line in the mail counts, in the header block and in attached messages' alike (a line of a
/// text part that happens to look like one is cut too, which only changes what is shown).
/// The bytes kept in the Maildir are never changed: only the copy GMime reads.
enum AddressHeaderBounds {
  static let maxGroupDepth = 4
  static let maxValueBytes = 65_536
  static let maxAddresses = 1_000

  /// Fields GMime (or `MimeParser`) reads as address lists, lower case.
  static let names: [String] = [
    "from", "sender", "reply-to", "to", "cc", "bcc", "delivered-to", "resent-from", "resent-sender",
    "resent-reply-to", "resent-to", "resent-cc", "resent-bcc", "disposition-notification-to", "return-path",
  ]

  /// `names` as bytes, for comparing with a field name without making a string of each.
  static let nameBytes: [[UInt8]] = names.map { Array($0.utf8) }

  /// `raw` with every address field within bounds, and a warning per field changed; nil when
  /// nothing needed changing (the common case costs one pass over the bytes, no copy).
  static func bounded(_ raw: [UInt8]) -> (bytes: [UInt8], warnings: [String])? {
    raw.withUnsafeBufferPointer { bounded($0) }
  }

  static func bounded(_ raw: UnsafeBufferPointer<UInt8>) -> (bytes: [UInt8], warnings: [String])? {
    var out: [UInt8] = []
    var copiedUpTo = 0
    var warnings: [String] = []
    var start = 0
    while start < raw.count {
      guard let (name, valueStart) = addressField(raw, at: start) else {
        start = nextLine(raw, after: start)
        continue
      }
      // The field runs on over continuation lines (starting with a space or a tab).
      var end = nextLine(raw, after: start)
      while end < raw.count && (raw[end] == 32 || raw[end] == 9) { end = nextLine(raw, after: end) }
      var valueEnd = end
      if valueEnd > valueStart && raw[valueEnd - 1] == 10 { valueEnd -= 1 }
      if valueEnd > valueStart && raw[valueEnd - 1] == 13 { valueEnd -= 1 }
      let shape = Shape(raw[valueStart..<valueEnd])
      if let (keep, warning) = shape.cut(name: name) {
        out.append(contentsOf: UnsafeBufferPointer(rebasing: raw[copiedUpTo..<(valueStart + keep)]))
        out.append(contentsOf: UnsafeBufferPointer(rebasing: raw[valueEnd..<end]))
        copiedUpTo = end
        warnings.append(warning)
      }
      start = end
    }
    guard !warnings.isEmpty else { return nil }
    out.append(contentsOf: UnsafeBufferPointer(rebasing: raw[copiedUpTo...]))
    return (out, warnings)
  }

  /// Where the line after the one starting at `start` starts.
  static func nextLine(_ raw: UnsafeBufferPointer<UInt8>, after start: Int) -> Int {
    guard start < raw.count, let base = raw.baseAddress,
      let newline = memchr(base + start, 10, raw.count - start)
    else { return raw.count }
    return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(newline)) + 1
  }

  /// The field name (as written) and where its value starts, when the line at `start` is an
  /// address field (`To:`, `cc :`, any case).
  static func addressField(_ raw: UnsafeBufferPointer<UInt8>, at start: Int) -> (String, Int)? {
    guard start < raw.count else { return nil }
    let first = raw[start] | 0x20
    // Cheap refusal of most lines: every name starts with one of these letters.
    guard
      first == UInt8(ascii: "f") || first == UInt8(ascii: "s") || first == UInt8(ascii: "r")
        || first == UInt8(ascii: "t") || first == UInt8(ascii: "c") || first == UInt8(ascii: "b")
        || first == UInt8(ascii: "d")
    else { return nil }
    // Up to the colon: the names hold only letters and `-`, with spaces or tabs before the
    // colon, so any other byte ends the look (a base64 line, most text) early.
    var i = start
    while i < raw.count && i - start < 40 {
      let c = raw[i] | 0x20
      guard (c >= 0x61 && c <= 0x7A) || c == 0x2D || c == 0x20 || c == 0x29 else { break }
      i += 1
    }
    guard i < raw.count && raw[i] == 58 else { return nil }
    var nameEnd = i
    while nameEnd > start && (raw[nameEnd - 1] == 32 || raw[nameEnd - 1] == 9) { nameEnd -= 1 }
    let written = raw[start..<nameEnd]
    // Compared without case (ASCII letters only, as `lowercased()` of these names).
    let known = nameBytes.contains { name in
      name.count == written.count
        && zip(name, written).allSatisfy { n, c in n == c || (c >= 0x41 && c <= 0x5A && c | 0x20 == n) }
    }
    guard known else { return nil }
    return (String(decoding: written, as: UTF8.self), i + 1)
  }

  /// What bounds a field value is measured against: how deep its groups nest, how many
  /// addresses it lists, and where a cut keeps only whole addresses.
  struct Shape {
    var bytes = 0
    var deepest = 0
    var addresses = 0
    /// Offsets (from the value's start) of the separators between top-level addresses, with
    /// how many addresses come before each.
    var cuts: [(offset: Int, addresses: Int)] = []

    init(_ value: Slice<UnsafeBufferPointer<UInt8>>) {
      bytes = value.count
      var depth = 0
      var quoted = false
      var escaped = false
      var comment = 0
      var angle = false
      var routeColons = 0
      var content = false
      var offset = 0
      for c in value {
        defer { offset += 1 }
        if escaped {
          escaped = false
          continue
        }
        if c == 92 && (quoted || comment > 0) {
          escaped = true
        } else if quoted {
          if c == 34 { quoted = false }
        } else if comment > 0 {
          if c == 40 { comment += 1 } else if c == 41 { comment -= 1 }
        } else if c == 40 {
          comment = 1
        } else if c == 34 {
          quoted = true
          content = true
        } else if angle {
          if c == 62 {
            angle = false
            routeColons = 0
          } else if c == 58 {
            routeColons += 1
          }
        } else if c == 60 {
          angle = true
          content = true
        } else if c == 58 {
          depth += 1
          deepest = max(deepest, depth)
        } else if c == 59 {
          depth = max(0, depth - 1)
        } else if c == 44 {
          if content { addresses += 1 }
          content = false
          if depth == 0 { cuts.append((offset, addresses)) }
        } else if c > 32 {
          content = true
        }
      }
      if content { addresses += 1 }
      // An angle bracket never closed: its colons may read as groups.
      deepest = max(deepest, depth + routeColons)
    }

    /// How many bytes of the value to keep, and why, when it is out of bounds.
    func cut(name: String) -> (keep: Int, warning: String)? {
      if deepest > AddressHeaderBounds.maxGroupDepth {
        return (0, "\(name) header emptied: its groups nest \(deepest) deep (at most \(AddressHeaderBounds.maxGroupDepth))")
      }
      let tooLong = bytes > AddressHeaderBounds.maxValueBytes
      let tooMany = addresses > AddressHeaderBounds.maxAddresses
      guard tooLong || tooMany else { return nil }
      let last = cuts.last { $0.offset <= AddressHeaderBounds.maxValueBytes && $0.addresses <= AddressHeaderBounds.maxAddresses }
      let what =
        tooMany
        ? "\(addresses) addresses (at most \(AddressHeaderBounds.maxAddresses))"
        : "\(bytes) bytes (at most \(AddressHeaderBounds.maxValueBytes))"
      guard let last else { return (0, "\(name) header emptied: it has \(what)") }
      return (last.offset, "\(name) header cut to its first \(last.addresses) addresses: it has \(what)")
    }
  }
}
