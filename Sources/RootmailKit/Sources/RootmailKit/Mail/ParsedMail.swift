/// One header field of a mail: its name as written and its value unfolded and decoded
/// (RFC 2047 encoded words turned into UTF-8).
public struct MailHeader: Sendable, Equatable {
  public var name: String
  public var value: String

  public init(name: String, value: String) {
    self.name = name
    self.value = value
  }

  /// Whether the name is `other` but for the case of ASCII letters, as RFC 5322 compares field
  /// names; no String is made per header.
  func hasName(_ other: String) -> Bool {
    var expected = other.utf8.makeIterator()
    for byte in name.utf8 {
      guard let wanted = expected.next(), ASCIIBytes.lowercased(byte) == ASCIIBytes.lowercased(wanted) else {
        return false
      }
    }
    return expected.next() == nil
  }
}

/// A body part of a mail, decoded (transfer encoding undone, text converted to UTF-8).
public struct MailPart: Sendable, Equatable {
  /// `text/plain`, `text/html`, `application/pdf`, … in lower case.
  public var contentType: String
  /// The file name (RFC 2231 and RFC 2047 decoded), when the part has one.
  public var fileName: String?
  /// Whether the part is an attachment (a disposition of attachment, a file name, or not text).
  public var isAttachment: Bool
  /// The decoded bytes (UTF-8 for text parts).
  public var bytes: [UInt8]

  public init(contentType: String, fileName: String?, isAttachment: Bool, bytes: [UInt8]) {
    self.contentType = contentType
    self.fileName = fileName
    self.isAttachment = isAttachment
    self.bytes = bytes
  }

  /// The decoded text (invalid UTF-8 replaced).
  public var text: String { String(decoding: bytes, as: UTF8.self) }
}

/// What a receiver and `mail show` know about an attachment without its bytes.
public struct MailAttachment: Sendable, Equatable {
  public var name: String
  public var contentType: String
  public var size: Int

  public init(name: String, contentType: String, size: Int) {
    self.name = name
    self.contentType = contentType
    self.size = size
  }
}

/// A parsed mail as plain values: what the mail plugin's MIME parser produces, and what
/// receivers get. Nothing here refers to the parser library.
public struct ParsedMail: Sendable, Equatable {
  /// Every header of the top-level message, in order.
  public var headers: [MailHeader]
  public var subject: String
  /// The From header as displayed (`Name <addr>`), and its first address alone.
  public var from: String
  public var fromAddress: String
  /// Addresses (addr-spec only, lower case) of To, Cc and Delivered-To, in that order, unique.
  public var recipients: [String]
  /// The Date header in seconds since 1970, when it could be read.
  public var date: Int?
  public var messageID: String
  /// Text and HTML parts (not attachments), in document order.
  public var textParts: [String]
  public var htmlParts: [String]
  /// Every part that is an attachment.
  public var attachments: [MailPart]
  /// What the parser had to work around (unclosed boundary, unknown charset, …).
  public var warnings: [String]

  public init(
    headers: [MailHeader] = [], subject: String = "", from: String = "", fromAddress: String = "",
    recipients: [String] = [], date: Int? = nil, messageID: String = "", textParts: [String] = [],
    htmlParts: [String] = [], attachments: [MailPart] = [], warnings: [String] = []
  ) {
    self.headers = headers
    self.subject = subject
    self.from = from
    self.fromAddress = fromAddress
    self.recipients = recipients
    self.date = date
    self.messageID = messageID
    self.textParts = textParts
    self.htmlParts = htmlParts
    self.attachments = attachments
    self.warnings = warnings
  }

  /// The values of every header called `name` (case-insensitive for ASCII letters, as field
  /// names are compared), top first.
  public func headerValues(_ name: String) -> [String] {
    headers.filter { $0.hasName(name) }.map(\.value)
  }

  /// The first header called `name`.
  public func header(_ name: String) -> String? { headerValues(name).first }

  /// Attachment names, types and sizes.
  public var attachmentSummaries: [MailAttachment] {
    attachments.enumerated().map { i, part in
      MailAttachment(name: part.fileName ?? "attachment-\(i + 1)", contentType: part.contentType, size: part.bytes.count)
    }
  }

  /// The SES verdicts in the headers SES added.
  public var verdicts: MailVerdicts { MailVerdicts(headers: headers) }
}

/// A mail as it arrived from the bucket: where it came from, its raw bytes and the parse, the
/// index facts, and the mapping of its recipient when the store has one. What `mail fetch`
/// hands to whatever runs on every newly fetched mail.
public struct ReceivedMail: Sendable {
  public var entry: MailIndexEntry
  public var raw: [UInt8]
  public var parsed: ParsedMail
  public var mapping: MappingRecord?

  public init(entry: MailIndexEntry, raw: [UInt8], parsed: ParsedMail, mapping: MappingRecord?) {
    self.entry = entry
    self.raw = raw
    self.parsed = parsed
    self.mapping = mapping
  }
}
