import Foundation
@_spi(RootmailHost) import RootmailTestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `config set`, `get`, `unset` and `edit`, run as a user runs them.
@Suite struct ConfigSetCLITests {
  static let fixtures = RootmailCLI.repositoryRoot + "/Tests/CLITests/Fixtures/"

  func configPath(_ cli: RootmailCLI) -> String { cli.home.path + "/config/rootmail/config.toml" }

  static let hostRule = "must be a host name: labels of letters, digits and - joined by dots (e.g. example.com)"

  func read(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

  /// Comments, blank lines, order and the formatting of untouched lines survive a series of
  /// `config set` and `config unset` (golden file).
  @Test func setAndUnsetKeepCommentsBlankLinesAndFormatting() throws {
    let cli = try RootmailCLI()
    let path = try cli.home.write(
      "config/rootmail/config.toml", try String(contentsOfFile: Self.fixtures + "config-set-before.toml", encoding: .utf8),
      mode: 0o600)
    for arguments in [
      ["set", "region", "eu-central-1"], ["set", "receivers", "reset-link,forward"], ["unset", "counter_length"],
      ["set", "bucket", "rootmail-123456789012"], ["set", "receiver.mail-log.file", "/srv/log/mail.log"],
      ["set", "receiver.mail-log.level", "2"], ["set", "receiver.opsitem.severity", "\"2\""],
    ] {
      let r = try cli.run(["config"] + arguments)
      #expect(r.status == 0, "\(arguments): \(r.stderr)")
    }
    let expected = try String(contentsOfFile: Self.fixtures + "config-set-after.toml", encoding: .utf8)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == expected)
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    #expect((attributes[.posixPermissions] as? Int) == 0o600)
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: cli.home.path + "/config/rootmail")
    #expect(leftovers == ["config.toml"])
  }

  /// A value the loader would refuse is refused before anything is written: one line naming
  /// the key, the value and the rule, exit 65, the file byte for byte as it was.
  @Test(arguments: [
    (["counter_length", "0"], "invalid counter_length \"0\": must be from 1 to 10"),
    (["counter_length", "three"], "invalid counter_length \"three\": must be an integer"),
    (["catch_all", "maybe"], "invalid catch_all \"maybe\": must be true or false"),
    (["strategy", "random"], "invalid strategy \"random\": must be one of uuid, name"),
    (
      ["store", "redis:foo"],
      "invalid store \"redis:foo\": must be sqlite, sqlite:<path> or dynamodb:<table> (this build has no redis store engine)"
    ),
    (
      ["store", "dynamodb:"],
      "invalid store \"dynamodb:\": must be sqlite, sqlite:<path> or dynamodb:<table> (no table is named)"
    ),
    (["store", ""], "invalid store \"\": must be sqlite, sqlite:<path> or dynamodb:<table>"),
    (
      ["endpoint_url", "ftp://x"],
      "invalid endpoint_url \"ftp://x\": must be http(s)://host[:port][/path]: the scheme must be http or https"
    ),
    (["endpoint_url", "http://"], "invalid endpoint_url \"http://\": must be http(s)://host[:port][/path]: it has no host"),
    (
      ["endpoint_url", "127.0.0.1:5000"],
      "invalid endpoint_url \"127.0.0.1:5000\": must be http(s)://host[:port][/path]: it has no scheme"
    ),
    // A hostile probe: these passed, and the requests failed later in curl with exit 69.
    (
      ["endpoint_url", "http://127.0.0.1:5000/a b"],
      "invalid endpoint_url \"http://127.0.0.1:5000/a b\": must be http(s)://host[:port][/path]: the path may hold only letters, digits and -._~!$&'()*+,;=:@%/"
    ),
    (
      ["endpoint_url", "http://127.0.0.1:5000/\u{1B}[31m"],
      "invalid endpoint_url \"http://127.0.0.1:5000/\\u{1b}[31m\": must be http(s)://host[:port][/path]: the path may hold only letters, digits and -._~!$&'()*+,;=:@%/"
    ),
    (
      ["endpoint_url", "https://exa mple.com"],
      "invalid endpoint_url \"https://exa mple.com\": must be http(s)://host[:port][/path]: the host must be a host name or an IP address"
    ),
    (
      ["region", "not_a_region!"],
      "invalid region \"not_a_region!\": must be an AWS region: letters, digits and inner hyphens, at most 63 characters (e.g. us-east-1)"
    ),
    // What vend, dns check, the mail reader and forward build on (a new user's trial set each
    // of these with exit 0; the break came later, exit 65, blaming --domain or an address).
    (["domain", "bad domain"], "invalid domain \"bad domain\": \(hostRule)"),
    (["subdomain", "a b"], "invalid subdomain \"a b\": \(hostRule)"),
    (["prefix", "ro ot"], "invalid prefix \"ro ot\": must be an address's local part: no @, whitespace or control characters"),
    (
      ["address_from", "notanaddress"],
      "invalid address_from \"notanaddress\": must be an address (local@domain.tld): must contain exactly one @ (it has 0)"
    ),
    (
      ["bucket", "Not_A_Bucket!!"],
      "invalid bucket \"Not_A_Bucket!!\": must be an S3 bucket name: 3 to 63 lower-case letters, digits, . and -, starting and ending with a letter or digit"
    ),
    (
      ["trusted_mail_domains", "amazon.com,evil com"],
      "invalid trusted_mail_domains \"amazon.com,evil com\": item \"evil com\" \(hostRule)"
    ),
    (
      ["receivers", "reset-link,Bad_Name"],
      "invalid receivers \"reset-link,Bad_Name\": item \"Bad_Name\" a receiver name is a-z, 0-9 and -, starting with a letter (optionally followed by :<argument>)"
    ),
    (
      ["account_types", "[\"A\",1]"],
      "invalid account_types \"[\"A\",1]\": a list is items joined by , (A,B) or a TOML array of strings ([\"A\", \"B\"])"
    ),
    (
      ["domian", "x.example"],
      "invalid key \"domian\": not a rootmail setting (`rootmail config show` lists them; a table's keys are receiver.<name>.<key> and environments.<name>)"
    ),
    // A hostile probe: any dotted key was taken, as a table no one reads (a typo unnoticed).
    (
      ["bucket.evil", "a"],
      "invalid key \"bucket.evil\": not a rootmail setting (`rootmail config show` lists them; a table's keys are receiver.<name>.<key> and environments.<name>)"
    ),
    (
      ["receivers.forward.note", "a"],
      "invalid key \"receivers.forward.note\": not a rootmail setting (`rootmail config show` lists them; a table's keys are receiver.<name>.<key> and environments.<name>)"
    ),
  ])
  func invalidValueLeavesTheFileByteIdentical(arguments: [String], message: String) throws {
    let cli = try RootmailCLI()
    let path = try cli.home.write(
      "config/rootmail/config.toml", try String(contentsOfFile: Self.fixtures + "config-set-before.toml", encoding: .utf8),
      mode: 0o600)
    let before = try read(path)
    let r = try cli.run(["config", "set"] + arguments)
    #expect(r.status == 65)
    #expect(r.stderr == "rootmail: error: \(message)\n")
    #expect(try read(path) == before)
  }

  /// What the checks of `region`, `endpoint_url` and `store` must let through: every form of a
  /// real AWS region (a rule, not a list), http and https URLs with a host, and each store form.
  @Test(arguments: [
    ("region", "us-east-1"), ("region", "eu-central-2"), ("region", "us-gov-west-1"), ("region", "cn-north-1"),
    ("region", "ap-southeast-5"), ("region", "il-central-1"), ("region", "mx-central-1"), ("region", "us-isob-east-1"),
    ("endpoint_url", "http://127.0.0.1:5000"), ("endpoint_url", "https://dynamodb.example.com/base/"),
    ("endpoint_url", "http://[::1]:4566"), ("store", "sqlite"), ("store", "sqlite:/srv/rootmail/mappings.sqlite"),
    ("store", "sqlite:~/m.sqlite"), ("store", "dynamodb:AWSAccountTable"),
  ])
  func validAWSAndStoreValuesAreWritten(key: String, value: String) throws {
    let cli = try RootmailCLI()
    let path = try cli.home.write("config/rootmail/config.toml", "domain = \"x.example\"\n", mode: 0o600)
    let r = try cli.run(["config", "set", key, value])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "domain = \"x.example\"\n\(key) = \"\(value)\"\n")
    #expect(try cli.run(["config", "get", key]).stdout == value + "\n")
  }

  /// Twenty pairs of `config set` of different keys, each pair at once: every update lands
  /// (the folder lock makes each read-modify-write whole).
  @Test func concurrentSetsNeverLoseAnUpdate() throws {
    let cli = try RootmailCLI()
    _ = try cli.home.write("config/rootmail/config.toml", "domain = \"example.com\"\n", mode: 0o600)
    for round in 0..<20 {
      let first = try cli.start(["config", "set", "receiver.race.a\(round)", "\(round)"])
      let second = try cli.start(["config", "set", "receiver.race.b\(round)", "\(round)"])
      let results = [first.wait(), second.wait()]
      for r in results { #expect(r.status == 0, "\(r.stderr)") }
    }
    // And twenty at once.
    let many = try (0..<20).map { try cli.start(["config", "set", "receiver.crowd.k\($0)", "\($0)"]) }
    for r in many.map({ $0.wait() }) { #expect(r.status == 0, "\(r.stderr)") }
    let text = try String(contentsOfFile: configPath(cli), encoding: .utf8)
    for round in 0..<20 {
      #expect(text.contains("a\(round) = \(round)\n"), "lost a\(round)")
      #expect(text.contains("b\(round) = \(round)\n"), "lost b\(round)")
      #expect(text.contains("k\(round) = \(round)\n"), "lost k\(round)")
    }
    let show = try cli.run(["config", "show"])
    #expect(show.status == 0)
    // Nothing beside the file: no temporary file left, none written under another name.
    #expect(try FileManager.default.contentsOfDirectory(atPath: cli.home.path + "/config/rootmail") == ["config.toml"])
  }

  /// `receiver.<name>.<key>` lands in `[receiver.<name>]` (added at the end when missing) and
  /// `config get` reads it back with its line.
  @Test func receiverKeyReachesItsTable() throws {
    let cli = try RootmailCLI()
    let path = try cli.home.write(
      "config/rootmail/config.toml", "domain = \"x.example\"\n\n[receiver.forward]\nenabled = true\n", mode: 0o600)
    #expect(try cli.run(["config", "set", "receiver.mail-log.file", "/x"]).status == 0)
    #expect(try cli.run(["config", "set", "receiver.forward.note", "hello world"]).status == 0)
    #expect(
      try String(contentsOfFile: path, encoding: .utf8)
        == "domain = \"x.example\"\n\n[receiver.forward]\nenabled = true\nnote = \"hello world\"\n\n[receiver.mail-log]\nfile = \"/x\"\n"
    )
    let get = try cli.run(["config", "get", "receiver.mail-log.file", "--show-origin"])
    #expect(get.stdout == "\(path):8\t/x\n")
  }

  /// A missing file is created (mode 0600) with the one line.
  @Test func setCreatesAMissingFile() throws {
    let cli = try RootmailCLI()
    let r = try cli.run(["config", "set", "region", "eu-west-1"])
    #expect(r.status == 0)
    let path = configPath(cli)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "region = \"eu-west-1\"\n")
    #expect((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) == 0o600)
  }

  /// `config get` prints what a command would use; `--show-origin` where it came from.
  @Test func getShowsOriginUnderDefaultFileAndEnvironment() throws {
    let cli = try RootmailCLI()
    let path = try cli.home.write("config/rootmail/config.toml", "domain = \"x.example\"\ncounter_length = 5\n", mode: 0o600)
    #expect(try cli.run(["config", "get", "subdomain", "--show-origin"]).stdout == "default\taws\n")
    #expect(try cli.run(["config", "get", "counter_length", "--show-origin"]).stdout == "\(path):2\t5\n")
    #expect(try cli.run(["config", "get", "counter_length"]).stdout == "5\n")
    let env = try cli.run(
      ["config", "get", "counter_length", "--show-origin"], extraEnvironment: ["ROOTMAIL_COUNTER_LENGTH": "7"])
    #expect(env.stdout == "env ROOTMAIL_COUNTER_LENGTH\t7\n")
    let flag = try cli.run(["config", "get", "region", "--show-origin", "--region", "eu-north-1"])
    #expect(flag.stdout == "flag --region\teu-north-1\n")
    let aws = try cli.run(["config", "get", "region", "--show-origin"], extraEnvironment: ["AWS_REGION": "sa-east-1"])
    #expect(aws.stdout == "env AWS_REGION\tsa-east-1\n")
    let unset = try cli.run(["config", "get", "bucket"])
    #expect(unset.status == 1)
    #expect(unset.stdout.isEmpty && unset.stderr.isEmpty)
  }

  /// A file that does not load can still be fixed with `config set`.
  @Test func setFixesABrokenFile() throws {
    let cli = try RootmailCLI()
    let path = try cli.home.write(
      "config/rootmail/config.toml", "domain = \"x.example\"\ncounter_length = \"three\"\n", mode: 0o600)
    #expect(try cli.run(["config", "show"]).status == 78)
    let r = try cli.run(["config", "set", "counter_length", "3"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "domain = \"x.example\"\ncounter_length = 3\n")
    #expect(try cli.run(["config", "show"]).status == 0)
  }

  /// The file is changed only when it passes the checks reading does: one another user owns,
  /// or in a folder others can write, is refused (exit 78) and left alone.
  @Test func untrustedFileOrFolderIsNotChanged() throws {
    let cli = try RootmailCLI()
    let path = try cli.home.write("config/rootmail/config.toml", "domain = \"x.example\"\n", mode: 0o600)
    chown(path, 65534, 65534)
    let owned = try cli.run(["config", "set", "region", "eu-west-1"])
    #expect(owned.status == 78)
    #expect(owned.stderr.contains("owned by uid 65534"))
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "domain = \"x.example\"\n")
    chown(path, 0, 0)
    let folder = cli.home.path + "/config/rootmail"
    chmod(folder, 0o777)
    let open = try cli.run(["config", "set", "region", "eu-west-1"])
    #expect(open.status == 78)
    #expect(open.stderr.contains("writable by group or others"))
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "domain = \"x.example\"\n")
  }

  /// `config edit` runs $EDITOR on the file and checks it afterwards: a good edit stays and the
  /// backup goes; a bad one is exit 78 naming the line, the edited file kept and the backup named.
  @Test func editRunsTheEditorAndChecksTheResult() throws {
    let cli = try RootmailCLI()
    let path = try cli.home.write("config/rootmail/config.toml", "domain = \"x.example\"\n", mode: 0o600)
    let draft = cli.home.path + "/config/rootmail/config.edit.toml"
    let good = try cli.run(
      ["config", "edit"], extraEnvironment: ["VISUAL": "", "EDITOR": "sed -i 's/x.example/y.example/'"])
    #expect(good.status == 0, "\(good.stderr)")
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "domain = \"y.example\"\n")
    #expect(!FileManager.default.fileExists(atPath: draft))

    // An edit that does not load leaves the file as it was (every other command keeps working,
    // as crontab -e keeps the old table) and is kept for the next edit.
    let bad = try cli.run(["config", "edit"], extraEnvironment: ["VISUAL": "sed -i '$a counter_length = 99'"])
    #expect(bad.status == 78)
    #expect(
      bad.stderr.hasPrefix("rootmail: error: \(draft):2: key 'counter_length' = 99: must be from 1 to 10\n"), "\(bad.stderr)")
    #expect(bad.stderr.contains("\(path) is unchanged; the edit is kept in \(draft)"), "\(bad.stderr)")
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "domain = \"y.example\"\n")
    #expect(try String(contentsOfFile: draft, encoding: .utf8) == "domain = \"y.example\"\ncounter_length = 99\n")
    #expect(try cli.run(["config", "show"]).status == 0)
    // The next edit starts from the kept one.
    let again = try cli.run(["config", "edit"], extraEnvironment: ["EDITOR": "sed -i 's/99/9/'"])
    #expect(again.status == 0, "\(again.stderr)")
    #expect(again.stderr.contains("continuing the edit kept in \(draft)"), "\(again.stderr)")
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "domain = \"y.example\"\ncounter_length = 9\n")
    #expect(!FileManager.default.fileExists(atPath: draft))

    // A kept edit is not continued over a change made since: it would undo it.
    #expect(try cli.run(["config", "edit"], extraEnvironment: ["VISUAL": "sed -i '$a counter_length = 99'"]).status == 78)
    #expect(try cli.run(["config", "set", "bucket", "new-bucket"]).status == 0)
    let stale = try cli.run(["config", "edit"], extraEnvironment: ["EDITOR": "sed -i 's/99/8/'"])
    #expect(stale.status == 1, "\(stale.stderr)")
    #expect(
      stale.stderr.hasPrefix(
        "rootmail: error: \(path) changed after the edit kept in \(draft) was made: continuing that edit would undo the change"),
      "\(stale.stderr)")
    #expect(try String(contentsOfFile: path, encoding: .utf8).contains("bucket = \"new-bucket\""))
    #expect(try String(contentsOfFile: draft, encoding: .utf8).hasSuffix("counter_length = 99\n"))
    try FileManager.default.removeItem(atPath: draft)
    let fresh = try cli.run(["config", "edit"], extraEnvironment: ["EDITOR": "sed -i 's/y.example/z.example/'"])
    #expect(fresh.status == 0, "\(fresh.stderr)")
    #expect(
      try String(contentsOfFile: path, encoding: .utf8) == "domain = \"z.example\"\ncounter_length = 9\nbucket = \"new-bucket\"\n"
    )
  }

  /// A value that would add lines or tables to the file is written as one quoted string, and
  /// control characters never reach the terminal raw.
  @Test func hostileValuesStayOneQuotedValue() throws {
    let cli = try RootmailCLI()
    let sneaky = "'a'\n[receiver.evil]"
    #expect(try cli.run(["config", "set", "receiver.x.note", sneaky]).status == 0)
    // An address with control characters is no address: refused, and shown escaped.
    let admin = try cli.run(["config", "set", "address_admin", "a\u{1B}[31m@example.com\nb = 1"])
    #expect(admin.status == 65 && admin.stderr.contains("\\u{1b}[31m") && !admin.stderr.contains("\u{1B}"), "\(admin.stderr)")
    let text = try String(contentsOfFile: configPath(cli), encoding: .utf8)
    #expect(text.components(separatedBy: "\n").filter { $0.hasPrefix("[") } == ["[receiver.x]"])
    #expect(!text.contains("address_admin ="))
    #expect(try cli.run(["config", "get", "receiver.x.note"]).stdout == sneaky + "\n")
    #expect(try cli.run(["config", "show"]).status == 0)
  }

  /// Setting a key that a variable overrides works, with a warning naming what wins.
  @Test func setWarnsWhenSomethingWinsOverTheFile() throws {
    let cli = try RootmailCLI()
    let r = try cli.run(["config", "set", "region", "eu-west-1"], extraEnvironment: ["AWS_REGION": "us-east-1"])
    #expect(r.status == 0)
    #expect(r.stderr == "rootmail: warning: region is also set by env AWS_REGION, which wins over the file\n")
    let quiet = try cli.run(["config", "set", "bucket", "bkt"])
    #expect(quiet.stderr.isEmpty)
  }

  /// A config file that is a link (dotfiles) is changed where it really is; the link stays.
  @Test func linkedFileIsChangedWhereItIs() throws {
    let cli = try RootmailCLI()
    let target = try cli.home.write("dotfiles/rootmail.toml", "domain = \"x.example\"\n", mode: 0o600)
    _ = try cli.home.makeFolder("config/rootmail", mode: 0o700)
    let link = configPath(cli)
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
    #expect(try cli.run(["config", "set", "bucket", "bkt"]).status == 0)
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
    #expect(try String(contentsOfFile: target, encoding: .utf8) == "domain = \"x.example\"\nbucket = \"bkt\"\n")
  }

  /// The editor starts with SIGINT's default action although rootmail ignores it while it
  /// waits (a Ctrl-C is the editor's): an editor killed by it is a failure naming the status,
  /// and the file is not checked.
  @Test func editorInterruptedIsAFailure() throws {
    let cli = try RootmailCLI()
    _ = try cli.home.write("config/rootmail/config.toml", "domain = \"x.example\"\n", mode: 0o600)
    let r = try cli.run(["config", "edit"], extraEnvironment: ["EDITOR": "kill -INT $$ #"])
    #expect(r.status == 1)
    #expect(r.stderr.contains("exited with status 130"))
  }

  /// `config unset` of a key the file lacks is a note, not an error, and leaves the file alone;
  /// `config get -o json` names key, value and source.
  @Test func unsetOfAMissingKeyIsANoteAndGetSpeaksJSON() throws {
    let cli = try RootmailCLI()
    let path = try cli.home.write("config/rootmail/config.toml", "# mine\ndomain = \"x.example\"\n", mode: 0o600)
    let before = try read(path)
    let r = try cli.run(["config", "unset", "bucket"])
    #expect(r.status == 0)
    #expect(r.stderr == "rootmail: bucket is not set in \(path)\n")
    #expect(try read(path) == before)
    let json = try cli.run(["config", "get", "domain", "-o", "json"])
    let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: String]
    #expect(object == ["key": "domain", "value": "x.example", "source": "\(path):2"])
    #expect(try cli.run(["config", "unset", "domain"]).status == 0)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "# mine\n")
  }

  /// A change that leaves the file still not loading (another line is wrong) is not written:
  /// exit 78 naming that line, the file as it was.
  /// A list set as `config get` shows it, a TOML array, is the list (not one item holding
  /// the brackets), and its items are checked like those of `A,B`.
  @Test func aListSetAsATOMLArrayIsItsItems() throws {
    let cli = try RootmailCLI()
    #expect(try cli.run(["config", "set", "account_types", #"["A", "B"]"#]).status == 0)
    #expect(try String(contentsOfFile: configPath(cli), encoding: .utf8).contains(#"account_types = ["A", "B"]"#))
    let vend = try cli.run(
      ["vend", "--owner", "a@example.com", "--account-type", "B", "--dry-run"],
      extraEnvironment: ["ROOTMAIL_DOMAIN": "example.com"])
    #expect(vend.status == 0, "\(vend.stderr)")
    let bad = try cli.run(["config", "set", "receivers", #"["reset-link", "Bad_Name"]"#])
    #expect(bad.status == 65 && bad.stderr.contains(#"item "Bad_Name""#), "\(bad.stderr)")
  }

  /// `config init --domain` checks the domain as `config set domain` does: no file is written
  /// that every command would then refuse.
  @Test func initRefusesADomainNoCommandCouldUse() throws {
    let cli = try RootmailCLI()
    let r = try cli.run(["config", "init", "--domain", "bad domain"])
    #expect(r.status == 65, "\(r.stderr)")
    #expect(r.stderr.contains("invalid domain \"bad domain\": \(Self.hostRule)"), "\(r.stderr)")
    #expect(!FileManager.default.fileExists(atPath: configPath(cli)))
    #expect(try cli.run(["config", "init", "--domain", "example.com"]).status == 0)
  }

  @Test func setDoesNotWriteAFileThatStillDoesNotLoad() throws {
    let cli = try RootmailCLI()
    let path = try cli.home.write(
      "config/rootmail/config.toml", "counter_length = \"three\"\nrandom_length = 99\n", mode: 0o600)
    let before = try read(path)
    let r = try cli.run(["config", "set", "counter_length", "3"])
    #expect(r.status == 78)
    #expect(r.stderr.hasPrefix("rootmail: error: \(path):2: key 'random_length' = 99: must be from 8 to 32\n"))
    #expect(try read(path) == before)
  }

  /// `config edit` with no file starts from the `config init` template.
  @Test func editCreatesAMissingFileFromTheTemplate() throws {
    let cli = try RootmailCLI()
    let r = try cli.run(["config", "edit"], extraEnvironment: ["EDITOR": "true"])
    #expect(r.status == 0, "\(r.stderr)")
    let text = try String(contentsOfFile: configPath(cli), encoding: .utf8)
    #expect(text.hasPrefix("# rootmail configuration."))
    #expect(text.contains("# region = "))
    #expect((try FileManager.default.attributesOfItem(atPath: configPath(cli))[.posixPermissions] as? Int) == 0o600)
  }
}
