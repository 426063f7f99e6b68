import Glibc
@_spi(RootmailHost) import RootmailKit

/// The mail plugin's `rootmail doctor` checks: the mapping store reachable and writable, the
/// bucket readable, the mail index healthy (`PRAGMA quick_check`), the receivers resolvable.
enum MailDoctor {
  static let checks: [DoctorCheck] = [
    DoctorCheck("store") { run in try await store(run.context) },
    DoctorCheck("bucket") { run in try await bucket(run.context) },
    DoctorCheck("mail index") { run in try await mailIndex(run.context) },
    DoctorCheck("receivers") { run in try receivers(run.context) },
  ]

  /// The store opens and answers a lookup; an SQLite file (or the folder it will be made in)
  /// is writable.
  static func store(_ context: CommandContext) async throws -> DoctorResult {
    let location = try StoreLocator.location(config: context.config, environment: context.environment)
    let fix = "set store to a place you can write (rootmail config set store sqlite:<path>)"
    if location.scheme == "sqlite" {
      if let problem = writeProblem(location.target) { return .failed("\(location): \(problem)", fix: fix) }
      if access(location.target, F_OK) != 0 {
        return .ok("\(location) (made by the first vend; its folder is writable)")
      }
    }
    do {
      _ = try await context.openStore().get(email: "doctor@rootmail.invalid")
    } catch {
      let failed = DoctorResult.failed(error)
      return .failed("\(location): \(failed.line)", fix: failed.fix ?? fix)
    }
    return .ok("\(location) reachable" + (location.scheme == "sqlite" ? " and writable" : ""))
  }

  /// Why `path` (a file, or the file to be made there) cannot be written, or nil: the file is
  /// opened for writing, else a file is made and removed in the nearest folder that exists.
  static func writeProblem(_ path: String) -> String? {
    let fd = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW)
    if fd >= 0 {
      close(fd)
      return nil
    }
    guard errno == ENOENT || errno == ENOTDIR else { return "cannot be opened for writing: \(String(cString: strerror(errno)))" }
    var folder = Path.directory(of: path)
    while access(folder, F_OK) != 0, folder != "/" { folder = Path.directory(of: folder) }
    var st = stat()
    guard stat(folder, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else { return "\(folder) is not a folder" }
    let probe = folder + "/.rootmail-doctor-" + RandomHex.make(length: 12)
    let made = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    guard made >= 0 else { return "\(folder) is not writable: \(String(cString: strerror(errno)))" }
    close(made)
    unlink(probe)
    return nil
  }

  /// The bucket (setting `bucket`) lists under the mail prefix.
  static func bucket(_ context: CommandContext) async throws -> DoctorResult {
    guard let bucket = context.config.string(.bucket), !bucket.isEmpty else {
      return .warning(
        "no bucket set: mail fetch has nowhere to read from",
        fix: "rootmail config set bucket <name> (deploy names it rootmail-mail-<account>-<region>)")
    }
    let prefix = context.config.string(.bucketPrefix) ?? "RootMail/"
    do {
      let page = try await context.aws().s3.listObjectsV2(bucket, prefix: prefix, maxKeys: 1)
      return .ok("s3://\(bucket)/\(prefix) readable (\(page.objects.isEmpty ? "no mail yet" : "holds mail"))")
    } catch let error as AWSError where error.code == "NoSuchBucket" {
      return .failed("s3://\(bucket) does not exist", fix: "run rootmail deploy, or set bucket to the bucket SES stores mail in")
    } catch {
      let failed = DoctorResult.failed(error)
      return .failed("s3://\(bucket)/\(prefix): \(failed.line)", fix: failed.fix ?? "check the bucket name and its policy")
    }
  }

  /// The mail index opens and passes SQLite's quick check.
  static func mailIndex(_ context: CommandContext) async throws -> DoctorResult {
    let path = Maildir(environment: context.environment).indexPath
    guard access(path, F_OK) == 0 else {
      return .warning("no mail index at \(path) yet", fix: "rootmail mail fetch makes it")
    }
    let fix = "move it aside (mv \(path) \(path).bad) and run rootmail mail fetch to index the bucket's mail again"
    do {
      let index = try await MailIndexLoader.open(path: path)
      let problems = try await index.quickCheck(limit: 3)
      guard problems.isEmpty else {
        return .failed("\(path) is damaged: quick_check: \(problems.joined(separator: "; "))", fix: fix)
      }
      return .ok("\(path): \(try await index.count()) mails, quick_check ok")
    } catch {
      return .failed("\(path) is damaged: \(DoctorResult.failed(error).line)", fix: fix)
    }
  }

  /// Every receiver the `receivers` setting names is declared by a plugin and accepts its spec.
  static func receivers(_ context: CommandContext) throws -> DoctorResult {
    let made = try ReceiverSetup.configured(context, receiverContext: ReceiverContext(command: context))
    guard !made.isEmpty else { return .warning("no receivers set: mail is fetched and nothing else happens") }
    return .ok(made.map(\.spec.id).joined(separator: ", ") + " resolved")
  }
}
