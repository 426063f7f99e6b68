@_spi(RootmailHost) import RootmailKit

/// The kit's `MailParser` on GMime (`MimeParser`) and libxml2's HTML parser (`HTMLText`): what
/// libRootmailMIME.so hands the kit.
///
/// Both run on a thread of their own with a 64 MiB stack (`OwnThread.runWaiting`): GMime and
/// libxml2 recurse as deep as a mail's structure goes, within their limits and ours
/// (`AddressHeaderBounds`), and the caller's thread may be one of the concurrency pool's,
/// whose stack is small.
@_spi(RootmailHost) public final class GMimeMailParser: MailParser {
  /// The stack each parse gets (address space reserved, touched only as deep as it goes).
  static let stackSize = 64 << 20

  public init() {}
  public func parse(_ raw: [UInt8]) -> ParsedMail { OwnThread.runWaiting(stackSize: Self.stackSize) { MimeParser.parse(raw) } }
  @_spi(RootmailHost) public func readable(html: String) -> ReadableHTML {
    OwnThread.runWaiting(stackSize: Self.stackSize) { HTMLText.convert(html) }
  }
}

/// The kit calls this after dlopen (`MailParserLoader`): a retained `GMimeMailParser`.
@_cdecl("rootmail_mail_parser_create")
public func rootmailMailParserCreate() -> UnsafeMutableRawPointer {
  Unmanaged<AnyObject>.passRetained(GMimeMailParser()).toOpaque()
}
