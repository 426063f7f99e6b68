#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Bounds on how many parts and header fields of a mail GMime reads. GMime makes an object for
/// every part (about 1.7 KB) and every header field (about 1.2 KB) it finds: a 7 MB mail of a
/// million empty parts took 1.7 GB, and a 21 MB one (SES takes 40 MB) ended rootmail in GLib's
/// allocation failure, on every fetch until the mail was quarantined. The copy GMime reads is
/// cut before the part beyond `maxParts` or the header field beyond `maxHeaderFields`: what
/// comes before is read as usual, the rest not at all, and a warning says so.
///
/// Counting errs on the side of more, since GMime is lenient: every line starting with `--`
/// counts as a part (a boundary may come encoded, `boundary*=`, and GMime takes a boundary line
/// inside a part's header block as an empty part), the lines after it up to an empty line as a
/// part's header block (GMime skips a line that is not a field and reads on), and so does the
/// body of a part that may be an attached message (its Content-Type names a message, or a digest,
/// whose parts are messages by default). A line of such a block counts as a field when it has a
/// colon after a name without spaces. So only a body with thousands of lines starting with `--`,
/// or of name-colon lines after one, is cut that holds no such parts. The bytes kept in the
/// Maildir are never changed: only the copy GMime reads.
enum StructureBounds {
  static let maxParts = 5_000
  static let maxHeaderFields = 5_000

  /// How many leading bytes of `raw` GMime may read, and why, when that is not all of them;
  /// nil for a mail within bounds (one pass over its bytes, no copy).
  static func cut(_ raw: UnsafeBufferPointer<UInt8>) -> (keep: Int, warning: String)? {
    guard let base = raw.baseAddress else { return nil }
    let count = raw.count
    var parts = 0
    var fields = 0
    // A header block: the mail's own, a part's, or an attached message's.
    var inHeader = true
    var contentTypeField = false
    // The block after this one is an attached message's header block.
    var messageNext = false
    // A digest was named: every part's body may be a message.
    var digest = false
    var start = 0
    while start < count {
      let dashes = start + 1 < count && raw[start] == 45 && raw[start + 1] == 45
      if !inHeader && !dashes {
        // In a body only a line starting with `--` matters: find the next one.
        var from = start
        var next: Int?
        while from < count, let hit = memchr(base + from, 10, count - from) {
          let i = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit)) + 1
          if i + 1 < count && raw[i] == 45 && raw[i + 1] == 45 {
            next = i
            break
          }
          from = i
        }
        guard let next else { return nil }
        start = next
        continue
      }
      let end = AddressHeaderBounds.nextLine(raw, after: start)
      if dashes {
        parts += 1
        if parts > maxParts {
          return (start, "more than \(grouped(maxParts)) MIME parts: the rest of the mail is not read")
        }
        // A part's header block starts (again).
        inHeader = true
        contentTypeField = false
        messageNext = digest
        start = end
        continue
      }
      var lineEnd = end
      if lineEnd > start && raw[lineEnd - 1] == 10 { lineEnd -= 1 }
      if lineEnd > start && raw[lineEnd - 1] == 13 { lineEnd -= 1 }
      let line = raw[start..<lineEnd]
      if line.isEmpty {
        // The end of the block: a body follows, or an attached message's header block.
        inHeader = messageNext
        messageNext = false
        contentTypeField = false
      } else if raw[start] == 32 || raw[start] == 9 {
        if contentTypeField { read(contentType: line, messageNext: &messageNext, digest: &digest) }
      } else {
        if isField(line) {
          fields += 1
          if fields > maxHeaderFields {
            return (start, "more than \(grouped(maxHeaderFields)) header fields: the rest of the mail is not read")
          }
        }
        contentTypeField = isContentType(line)
        if contentTypeField { read(contentType: line, messageNext: &messageNext, digest: &digest) }
      }
      start = end
    }
    return nil
  }

  /// A line of a Content-Type field: a message type makes the next block a message's header
  /// block, a digest makes every part's body one.
  static func read(contentType line: Slice<UnsafeBufferPointer<UInt8>>, messageNext: inout Bool, digest: inout Bool) {
    if contains(line, message) { messageNext = true }
    if contains(line, digestWord) { digest = true }
  }

  static let message = Array("message".utf8)
  static let digestWord = Array("digest".utf8)

  /// Whether `line` holds `word` (lower-case letters), in any case.
  static func contains(_ line: Slice<UnsafeBufferPointer<UInt8>>, _ word: [UInt8]) -> Bool {
    guard line.count >= word.count else { return false }
    var at = line.startIndex
    while at <= line.endIndex - word.count {
      var i = 0
      while i < word.count && line[at + i] | 0x20 == word[i] { i += 1 }
      if i == word.count { return true }
      at += 1
    }
    return false
  }

  /// Whether a line reads as a header field: a name of bytes other than spaces, controls and
  /// colons, then spaces or tabs, then a colon.
  static func isField(_ line: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
    var i = line.startIndex
    while i < line.endIndex && line[i] > 32 && line[i] != 58 && line[i] != 127 { i += 1 }
    guard i > line.startIndex else { return false }
    while i < line.endIndex && (line[i] == 32 || line[i] == 9) { i += 1 }
    return i < line.endIndex && line[i] == 58
  }

  /// Whether a header line is a Content-Type field (`Content-Type:`, `content-type :`).
  static func isContentType(_ line: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
    let name = Array("content-type".utf8)
    guard line.count > name.count else { return false }
    var i = line.startIndex
    for n in name {
      guard line[i] | 0x20 == n else { return false }
      i += 1
    }
    while i < line.endIndex && (line[i] == 32 || line[i] == 9) { i += 1 }
    return i < line.endIndex && line[i] == 58
  }

  /// `2000` as `2,000`.
  static func grouped(_ n: Int) -> String {
    n >= 1000 ? "\(n / 1000),\(String(n % 1000 + 1000).dropFirst())" : String(n)
  }
}
