import RootmailKit

// An example mail receiver in a plugin of its own: copy this file, build it against an installed
// rootmail and drop the library into a plugin folder (docs/receivers.md, "Write your own receiver"):
//
//   swiftc -emit-library -module-name RootmailPluginCustomReceiver MailLogReceiver.swift \
//     -I $PREFIX/lib/rootmail/swift -L $PREFIX/lib/rootmail -lRootmailKit \
//     -Xlinker -rpath=$PREFIX/lib/rootmail -o libRootmailPluginCustomReceiver.so
//
// Then, in ~/.config/rootmail/config.toml:
//
//   receivers = ["reset-link", "mail-log"]
//   [receiver.mail-log]
//   file = "/var/log/rootmail/mail.log"
//
// and `rootmail mail fetch` runs it on every new mail (`rootmail mail receive --all` on the mail
// cached before it was added).
#if canImport(Glibc)
  import Glibc
#endif

/// `mail-log`: appends one line per mail to a file (when it was received, its id, class,
/// recipients, account and subject, tab-separated), and for a password-reset mail that passes
/// the trust rule says on stderr which account it is for.
///
/// A receiver gets every newly fetched mail once, in the order of the `receivers` setting,
/// and answers done, skipped or failed; it never throws. A failed outcome that is retryable is
/// tried again by the next fetch, up to `max_attempts` times, then the mail is listed by
/// `rootmail mail dead-letters`. A receiver that was interrupted may see a mail again, so this
/// one may, rarely, log a mail twice.
struct MailLogReceiver: MailReceiver {
  /// The log file, from the receiver's own table in the config file.
  let file: String

  /// Runs once per command, before any mail: a wrong setting stops the command (exit 78).
  init(context: ReceiverContext) throws {
    guard case .string(let file)? = context.setting("file", receiver: "mail-log"), file.hasPrefix("/") else {
      throw CLIError.configuration(
        "receiver mail-log: `file` is not set to an absolute path",
        hint: "add [receiver.mail-log] with file = \"/path/to/mail.log\" to the config file")
    }
    self.file = file
  }

  func receive(_ mail: ReceivedMail, context: ReceiverContext) async -> ReceiverOutcome {
    // Everything from the mail is a stranger's text: escape control characters (tabs and
    // newlines included, so a line stays one line).
    let account = mail.mapping?.fullAccountName ?? ""
    let fields = [
      Timestamp.format(secondsSinceEpoch: mail.entry.receivedAt), mail.entry.id, mail.entry.mailClass,
      mail.parsed.recipients.joined(separator: ","), account, mail.parsed.subject,
    ]
    let line = fields.map(TerminalSafe.escaped).joined(separator: "\t") + "\n"
    // The log's folder is walked as written (no folder or link of another user's on the way)
    // and the file opened relative to it without following a link: root never appends to a
    // file someone else chose.
    let folder: TrustedPath
    switch TrustedPath.open(Path.directory(of: file), what: "mail-log folder", kind: .folder) {
    case .failure(let problem): return .failed(problem.reason, retryable: false)
    case .success(let opened): folder = opened
    }
    defer { folder.close() }
    let fd = folder.openFile(Path.fileName(of: file), flags: O_WRONLY | O_APPEND | O_CREAT)
    guard fd >= 0 else {
      return .failed("cannot open \(file): \(String(cString: strerror(errno)))", retryable: true)
    }
    defer { close(fd) }
    // One write of the whole line: lines of concurrent writers do not interleave.
    let written = Array(line.utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    guard written == line.utf8.count else {
      return .failed("cannot write \(file): \(String(cString: strerror(errno)))", retryable: true)
    }
    // Anyone can send a mail titled like AWS's: only one that passes the trust rule (SES's
    // DMARC, and DKIM or SPF, for an AWS domain) is called a password reset.
    let trusted = MailTrust.refusal(mail.parsed.verdicts, trustedDomains: context.config.list(.trustedMailDomains)) == nil
    if mail.entry.mailClass == MailClass.passwordReset.rawValue && trusted {
      StandardStream.writeErr("mail-log: password reset mail for \(TerminalSafe.escaped(Self.whom(mail)))\n")
    }
    return .done("logged to \(file)")
  }

  /// The account a mail is for, as its mapping names it: the account name, else the address
  /// and its owner (a uuid-strategy address has no name), else the recipient with no mapping.
  static func whom(_ mail: ReceivedMail) -> String {
    guard let mapping = mail.mapping else {
      return "\(mail.parsed.recipients.first ?? "no recipient") (no mapping)"
    }
    if !mapping.fullAccountName.isEmpty { return mapping.fullAccountName }
    return mapping.ownerAddress.isEmpty ? mapping.accountEmail : "\(mapping.accountEmail), owner \(mapping.ownerAddress)"
  }
}

/// The two C entry points every plugin exports: the kit ABI it was built against (checked by
/// the host before anything else) and its descriptor, here a receiver and no commands.
@_cdecl("rootmail_plugin_abi")
public func rootmailPluginABI() -> Int32 { PluginABI.kitVersion }

@_cdecl("rootmail_plugin_descriptor")
public func rootmailPluginDescriptor() -> UnsafeMutableRawPointer {
  PluginDescriptor(
    name: "CustomReceiver", version: "1.0.0",
    receivers: [
      ReceiverDeclaration(
        name: "mail-log", summary: "append a line per mail to a file (example)",
        make: { _, context in try MailLogReceiver(context: context) })
    ]
  ).retainedPointer()
}
