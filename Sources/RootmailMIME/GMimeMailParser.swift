@_spi(RootmailHost) import RootmailKit

/// The kit's `MailParser` on GMime (`MimeParser`) and libxml2's HTML parser (`HTMLText`): what
/// libRootmailMIME.so hands the kit.
///
/// Both run on a 64 MiB stack of their own, on the calling thread (`ParseStack`): GMime and
/// libxml2 recurse as deep as a mail's structure goes, and the caller's thread may be one of
/// the concurrency pool's, whose stack is small.
@_spi(RootmailHost) public final class GMimeMailParser: MailParser {
  public init() {}
  public func parse(_ raw: [UInt8]) -> ParsedMail { ParseStack.run { MimeParser.parse(raw) } }
  @_spi(RootmailHost) public func readable(html: String) -> ReadableHTML { ParseStack.run { HTMLText.convert(html) } }
}

/// The kit calls this after dlopen (`MailParserLoader`): a retained `GMimeMailParser`.
@_cdecl("rootmail_mail_parser_create")
public func rootmailMailParserCreate() -> UnsafeMutableRawPointer {
  Unmanaged<AnyObject>.passRetained(GMimeMailParser()).toOpaque()
}
