import RootmailKit

/// The kit's `MailParser` on GMime (`MimeParser`) and libxml2's HTML parser (`HTMLText`): what
/// libRootmailMIME.so hands the kit.
public final class GMimeMailParser: MailParser {
  public init() {}
  public func parse(_ raw: [UInt8]) -> ParsedMail { MimeParser.parse(raw) }
  public func readable(html: String) -> ReadableHTML { HTMLText.convert(html) }
}

/// The kit calls this after dlopen (`MailParserLoader`): a retained `GMimeMailParser`.
@_cdecl("rootmail_mail_parser_create")
public func rootmailMailParserCreate() -> UnsafeMutableRawPointer {
  Unmanaged<AnyObject>.passRetained(GMimeMailParser()).toOpaque()
}
