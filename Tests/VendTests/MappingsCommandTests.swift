import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// `rootmail mappings` through the real binary.
@Suite struct MappingsCommandTests {
  func vend(_ rootmail: RootmailCLI, _ extra: [String] = []) throws -> String {
    let result = try rootmail.run(["vend", "--owner", "o@example.com", "--account-type", "IT"] + extra)
    precondition(result.status == 0, result.stderr)
    return result.stdout.trimmingCharacters(in: .newlines)
  }

  @Test func deleteWithoutATerminalNeedsYes() throws {
    let rootmail = try RootmailCLI.forVend()
    let address = try vend(rootmail)
    let refused = try rootmail.run(["mappings", "delete", address])
    #expect(refused.status == 64)
    #expect(refused.stderr.contains("--yes"))
    #expect(try rootmail.storedEmails() == [address])
    #expect(try rootmail.run(["mappings", "delete", address, "--yes"]).status == 0)
    #expect(try rootmail.storedEmails() == [])
    #expect(try rootmail.run(["mappings", "delete", address, "--yes"]).status == 1)
  }

  /// `update` and `delete` take the account name `get` takes (a new user's trial got "no
  /// mapping" for a mapping `get` showed); `--status` takes the statuses rootmail writes, in
  /// any case, and the filter matches whatever case it is given in.
  @Test func updateAndDeleteFindByNameAndStatusesAreChecked() throws {
    let rootmail = try RootmailCLI.forVend()
    let named = try vend(rootmail, ["--strategy", "name", "--business-unit", "ops", "--application", "web"])
    let updated = try rootmail.run(["mappings", "update", "ops-web-eval-001", "--status", "account-created", "-o", "json"])
    #expect(updated.status == 0 && updated.stdout.contains("\"ACCOUNT-CREATED\""), "\(updated.stderr)")
    let bogus = try rootmail.run(["mappings", "update", "ops-web-eval-001", "--status", "BOGUS"])
    #expect(bogus.status == 65 && bogus.stderr.contains("must be one of NAME-ALLOCATED, ACCOUNT-CREATING"), "\(bogus.stderr)")
    let filtered = try rootmail.run(["mappings", "list", "--status", "account-created"])
    #expect(filtered.lines.count == 1 && filtered.lines[0].hasPrefix(named + "\t"), "\(filtered.stdout)")
    #expect(try rootmail.run(["mappings", "get", ""]).status == 65)
    // `show` is `get`, as `mail read` is `mail show`.
    #expect(try rootmail.run(["mappings", "show", "ops-web-eval-001"]).stdout.contains(named))
    let deleted = try rootmail.run(["mappings", "delete", "ops-web-eval-001", "--yes"])
    #expect(deleted.status == 0 && deleted.stderr.contains(named), "\(deleted.stderr)")
    #expect(try rootmail.storedEmails() == [])
  }

  /// A new user's trial: `mappings get fin-ledger-prod` (the AccountName, without its number)
  /// and the account ID `accounts sync` stored said "no mapping". One mapping of that name, or
  /// that ID, is found; two are named in an error.
  @Test func getFindsByNameWithoutNumberOrAccountIDAndNamesAmbiguity() throws {
    let rootmail = try RootmailCLI.forVend()
    let args = ["--strategy", "name", "--business-unit", "ops", "--application", "web"]
    let first = try vend(rootmail, args)
    let one = try rootmail.run(["mappings", "get", "ops-web-eval", "-o", "json"])
    #expect(one.status == 0 && one.stdout.contains(first), "\(one.stderr)")
    let second = try vend(rootmail, args)
    let ambiguous = try rootmail.run(["mappings", "get", "ops-web-eval"])
    #expect(ambiguous.status == 64, "\(ambiguous.stderr)")
    #expect(
      ambiguous.stderr.hasPrefix(
        "rootmail: error: account ops-web-eval is ambiguous: ops-web-eval-001, ops-web-eval-002; name one of them"),
      "\(ambiguous.stderr)")
    #expect(try rootmail.run(["mappings", "update", "ops-web-eval", "--owner", "x@example.com"]).status == 64)
    #expect(try rootmail.run(["mappings", "get", "ops-web-eval-002", "-o", "json"]).stdout.contains(second))
    let file = try rootmail.write(
      #"{"AccountEmail": "root+id@aws.example.com", "OwnerAddress": "o@example.com", "AccountId": "123456789012"}"#,
      to: "id.jsonl")
    #expect(try rootmail.run(["mappings", "import", file]).status == 0)
    let byID = try rootmail.run(["mappings", "get", "123456789012", "-o", "json"])
    #expect(byID.status == 0 && byID.stdout.contains("root+id@aws.example.com"), "\(byID.stderr)")
    #expect(try rootmail.run(["mappings", "get", "999999999999"]).status == 1)
  }

  @Test func listFiltersGetFindsByEmailOrNameAndUpdateChanges() throws {
    let rootmail = try RootmailCLI.forVend()
    let uuid = try vend(rootmail)
    let named = try vend(rootmail, ["--strategy", "name", "--business-unit", "ops", "--application", "web"])
    let all = try rootmail.run(["mappings", "list"])
    #expect(all.status == 0 && all.lines.count == 2)
    let filtered = try rootmail.run(["mappings", "list", "--name-prefix", "ops-"])
    #expect(filtered.lines.count == 1 && filtered.lines[0].hasPrefix(named + "\t"))
    let none = try rootmail.run(["mappings", "list", "--name-prefix", "zz-", "--status", "name-allocated"])
    #expect(none.status == 0 && none.stdout.isEmpty, "\(none.stdout)")
    #expect(none.stderr == "no mappings match --status name-allocated --name-prefix zz-\n", "\(none.stderr)")
    // A status rootmail never writes matches nothing ever: refused, as update refuses it.
    for command in ["list", "export"] {
      let bogus = try rootmail.run(["mappings", command, "--status", "ACTIVE"])
      #expect(bogus.status == 65 && bogus.stdout.isEmpty, "\(command) \(bogus.stdout)")
      #expect(bogus.stderr.contains("--status") && bogus.stderr.contains("must be one of NAME-ALLOCATED"), "\(bogus.stderr)")
    }
    #expect(try rootmail.run(["mappings", "list", "--name-prefix", "zz-", "-o", "json"]).stdout == "[]\n")
    let byName = try rootmail.run(["mappings", "get", "ops-web-eval-001", "--output", "json"])
    #expect(byName.status == 0 && byName.stdout.contains(named))
    let updated = try rootmail.run([
      "mappings", "update", uuid, "--owner", "new@example.com", "--status", "ACCOUNT-CREATED", "--tag", "Team=blue",
    ])
    #expect(updated.status == 0, "\(updated.stderr)")
    let owned = try rootmail.run([
      "mappings", "list", "--owner", "new@example.com", "--status", "ACCOUNT-CREATED", "--output", "json",
    ])
    let rows = try JSONSerialization.jsonObject(with: Data(owned.stdout.utf8)) as! [[String: Any]]
    #expect(rows.count == 1 && rows[0]["AccountEmail"] as? String == uuid)
    #expect((rows[0]["Tags"] as? [String: String]) == ["Team": "blue"])
    #expect(try rootmail.run(["mappings", "update", uuid, "--owner", "nope"]).status == 65)
    #expect(try rootmail.run(["mappings", "get", "missing@aws.example.com"]).status == 1)
    let csv = try rootmail.run(["mappings", "list", "--csv"])
    #expect(csv.lines.first?.hasPrefix("AccountEmail,OwnerAddress,AccountName,Enum") == true && csv.lines.count == 3)
  }

  @Test(arguments: ["jsonl", "csv"])
  func exportThenImportIsLossless(format: String) throws {
    let source = try RootmailCLI.forVend()
    _ = try vend(source, ["--tag", "Note=a, \"b\""])
    _ = try vend(source, ["--strategy", "name", "--business-unit", "x", "--application", "y"])
    // The default strategy vends without an account type: an empty AccountType imports.
    #expect(try source.run(["vend", "--owner", "o@example.com"]).status == 0)
    _ = try source.run(["mappings", "update", try source.storedEmails()[0], "--status", "ACCOUNT-FAILED"])
    let exported = try source.run(["mappings", "export", "--format", format])
    #expect(exported.status == 0)
    let file = try source.write(exported.stdout, to: "export.\(format)")
    let target = try RootmailCLI.forVend()
    let imported = try target.run(["mappings", "import", file])
    #expect(imported.status == 0, "\(imported.stderr)")
    #expect(try target.run(["mappings", "export", "--format", format]).stdout == exported.stdout)
    // Again: every row exists now, so each is reported and nothing changes.
    let again = try target.run(["mappings", "import", file])
    #expect(again.status == 1 && again.stderr.contains("3 rows in conflict with stored mappings; nothing was imported"))
    #expect(again.stderr.contains("hint: use --overwrite"))
    #expect(try target.run(["mappings", "import", file, "--overwrite"]).status == 0)
  }

  @Test func importValidatesEveryRowBeforeWritingAny() throws {
    let rootmail = try RootmailCLI.forVend()
    let good =
      #"{"AccountEmail": "good@aws.example.com", "OwnerAddress": "o@example.com", "AccountName": "", "AccountType": "IT"}"#
    let bad = #"{"AccountEmail": "bad@@aws.example.com", "OwnerAddress": "o@example.com", "AccountType": "IT"}"#
    let file = try rootmail.write([good, bad].joined(separator: "\n"), to: "rows.jsonl")
    let result = try rootmail.run(["mappings", "import", file])
    #expect(result.status == 65 && result.stderr.contains("line 2"))
    #expect(result.stderr.contains("hint: 1 invalid row; nothing was imported"), "\(result.stderr)")
    #expect(try rootmail.storedEmails() == [])
    // A CSV whose quoted field never closes: the line it opened on, once.
    let open = try rootmail.write(
      "AccountEmail,OwnerAddress\ngood@aws.example.com,o@example.com\n\"bad@aws.example.com,o@example.com\n", to: "open.csv")
    let unclosed = try rootmail.run(["mappings", "import", open])
    #expect(unclosed.status == 65)
    let missing = try rootmail.run(["mappings", "import", rootmail.home.path + "/nonexist.csv"])
    #expect(missing.status == 64)
    #expect(
      missing.stderr.hasPrefix(
        "rootmail: error: cannot read the file \(rootmail.home.path)/nonexist.csv: No such file or directory\n"),
      "\(missing.stderr)")
    // Standard input is named so, not `-`.
    let piped = try rootmail.run(["mappings", "import", "-", "--format", "csv"], input: "AccountEmail,OwnerAddress\n\"x,y\n")
    #expect(piped.status == 65 && piped.stderr.hasPrefix("rootmail: error: standard input: line 2:"), "\(piped.stderr)")
    let notUTF8 = try RootmailCLI.start(
      "/bin/bash", ["-c", "printf 'AccountEmail,OwnerAddress\\n\\377,y\\n' | \"$0\" mappings import -", RootmailCLI.binary],
      environment: rootmail.environment
    ).wait()
    #expect(
      notUTF8.status == 65 && notUTF8.stderr.hasPrefix("rootmail: error: invalid standard input line 2"), "\(notUTF8.stderr)")
    // A read that fails is an error, not the end of the input (standard input a folder: EISDIR).
    let stdinFolder = try RootmailCLI.start(
      "/bin/bash", ["-c", "exec \"$0\" mappings import - < \"$1\"", RootmailCLI.binary, rootmail.home.path],
      environment: rootmail.environment
    ).wait()
    #expect(
      stdinFolder.status == 64 && stdinFolder.stderr.hasPrefix("rootmail: error: cannot read standard input: it is a folder"),
      "\(stdinFolder.stderr)")
    // More than the 1 GiB an input may hold is refused whole, not cut after 1 GiB.
    let big = rootmail.home.path + "/big.csv"
    #expect(FileManager.default.createFile(atPath: big, contents: Data("AccountEmail,OwnerAddress\n".utf8)))
    #expect(truncate(big, off_t(InputText.maximumSize + 1)) == 0)  // sparse: no disk used
    let huge = try rootmail.run(["mappings", "import", big])
    #expect(
      huge.status == 65 && huge.stderr.hasPrefix("rootmail: error: the file \(big) holds more than 1 GiB"), "\(huge.stderr)")
    let folder = try rootmail.run(["mappings", "import", rootmail.home.path])
    #expect(folder.status == 64 && folder.stderr.contains(": it is a folder"), "\(folder.stderr)")
    #expect(unclosed.stderr.hasPrefix("rootmail: error: \(open): line 3: a quoted field is not closed\n"), "\(unclosed.stderr)")
    #expect(try rootmail.storedEmails() == [])
  }

  @Test func initTableOnTheEmbeddedStoreIsAUsageError() throws {
    let result = try RootmailCLI.forVend().run(["mappings", "init-table"])
    #expect(result.status == 64 && result.stderr.contains("DynamoDB"))
  }

  /// On a terminal (a pty made by util-linux `script`) `mappings list` fits `COLUMNS` as its
  /// columns declare: at 120 the account names give way and the vended addresses keep enough
  /// of their local part to tell the rows apart; `-o wide` cuts nothing.
  @Test func listFitsTheTerminalAndKeepsAddressesApart() throws {
    let rootmail = try RootmailCLI.forVend()
    let rows = [
      ("3f9c0a1b2c3d", "blue-team", "platform-shared-services-prod", "ACTIVE", "123456789012"),
      ("3f9c0a1b2c9e", "red-team", "fin-ledger-prod", "ACCOUNT-CREATED", "210987654321"),
      ("8d2e4f6a1b0c", "blue-team", "data-lake-analytics-sandbox", "ACTIVE", "345678901234"),
    ]
    let lines = rows.map { local, owner, name, status, id in
      #"{"AccountEmail": "root+\#(local)@aws.example.com", "OwnerAddress": "\#(owner)@platform.example.com", "#
        + #""AccountName": "\#(name)", "Enum": "0001", "AccountType": "IT", "Status": "\#(status)", "#
        + #""AccountId": "\#(id)", "LastUpdated": "2025-01-14T09:30:00Z"}"#
    }
    let imported = try rootmail.run(
      ["mappings", "import", "-", "--format", "jsonl"], input: lines.joined(separator: "\n") + "\n")
    #expect(imported.status == 0, "\(imported.stderr)")
    func shown(_ extra: [String], columns: Int) throws -> [String] {
      let command = ([RootmailCLI.binary, "mappings", "list", "--no-pager"] + extra).map { "'" + $0 + "'" }
      let result = try RootmailCLI.start(
        "/usr/bin/script", ["-qec", command.joined(separator: " "), "/dev/null"],
        environment: rootmail.environment.merging(["COLUMNS": String(columns), "NO_COLOR": "1"]) { $1 }
      ).wait()
      #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
      return result.stdout.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n").map(String.init)
    }
    let fitted = try shown([], columns: 120)
    #expect(fitted.count == 4)
    for line in fitted { #expect(line.count <= 120, "\(line.count): \(line)") }
    let emails = fitted.dropFirst().map { String($0.prefix { $0 != " " }) }
    #expect(Set(emails).count == 3 && emails.allSatisfy { $0.hasPrefix("root+") && $0.contains("…") }, "\(fitted)")
    let wide = try shown(["-o", "wide"], columns: 120)
    #expect(
      wide.contains { $0.hasPrefix("root+3f9c0a1b2c3d@aws.example.com  ") && $0.contains("platform-shared-services-prod-0001") })
  }
}
