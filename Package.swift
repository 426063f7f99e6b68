// swift-tools-version:6.0
// The root package: the `rootmail` dispatcher, the lazily loaded kit extensions, one dynamic
// library per plugin, and the tests. RootmailKit is a nested package so that its product is one
// shared dynamic library (docs/ARCHITECTURE.md, "One shared kit, loaded once").
import PackageDescription

let kit = Target.Dependency.product(name: "RootmailKit", package: "RootmailKit")
let swift6: [SwiftSetting] = [.swiftLanguageMode(.v6)]
/// Installed layout: bin/rootmail, lib/rootmail/libRootmailKit.so, lib/rootmail/plugins/*.so.
let installedKitRPath: [LinkerSetting] = [.unsafeFlags(["-Xlinker", "-rpath=$ORIGIN/../lib/rootmail"])]
let pluginRPath: [LinkerSetting] = [.unsafeFlags(["-Xlinker", "-rpath=$ORIGIN/.."])]
/// Kit companions (libRootmailSQLite.so) are installed beside libRootmailKit.so.
let companionRPath: [LinkerSetting] = [.unsafeFlags(["-Xlinker", "-rpath=$ORIGIN"])]

/// One of rootmail's own plugins: `Plugins/<folder>`, built as `libRootmailPlugin<name>.so`.
///
/// Every one has the same shape, two targets: `RootmailPlugin<name>` holds all of its code and
/// exposes `public let pluginDescriptor` (the tests link it), and `RootmailPlugin<name>Entry`
/// (`<folder>/Entry`) holds only the three `@_cdecl` entry points. The test bundle links every
/// test target into one binary, so it may link many plugins' code but never two plugins' entry points.
func plugin(
  _ name: String, path: String, dependencies: [Target.Dependency] = [], exclude: [String] = []
) -> (Product, [Target]) {
  let code = "RootmailPlugin\(name)"
  return (
    .library(name: code, type: .dynamic, targets: [code + "Entry"]),
    [
      .target(
        name: code, dependencies: [kit] + dependencies, path: path, exclude: ["Entry"] + exclude, swiftSettings: swift6),
      .target(
        name: code + "Entry", dependencies: [kit, .target(name: code)], path: path + "/Entry",
        swiftSettings: swift6, linkerSettings: pluginRPath),
    ]
  )
}

/// An example plugin, built as a user builds one outside this repository: one target on the
/// kit's public API alone (docs/receivers.md, "Write your own receiver").
func example(_ name: String, path: String) -> (Product, [Target]) {
  let code = "RootmailPlugin\(name)"
  return (
    .library(name: code, type: .dynamic, targets: [code]),
    [.target(name: code, dependencies: [kit], path: path, swiftSettings: swift6, linkerSettings: pluginRPath)]
  )
}

let plugins = [
  example("Hello", path: "Plugins/Examples/Hello"),
  // The example user receiver (`mail-log`).
  example("CustomReceiver", path: "Plugins/Examples/CustomReceiver"),
  plugin("Vend", path: "Plugins/Vend"),
  plugin("Mappings", path: "Plugins/Mappings"),
  plugin("Deploy", path: "Plugins/Deploy"),
  // Parsing (GMime, GLib, libxml2) is the companion libRootmailMIME.so, loaded only when a
  // mail command parses: `mail list` reads the index without it.
  plugin("Mail", path: "Plugins/Mail"),
  // `dns check`; ldns only through this plugin.
  plugin("DNS", path: "Plugins/DNS", dependencies: ["CLDNS"], exclude: ["CLDNS"]),
  // The built-in mail receivers (forward, reset-link, opsitem, exec): no commands.
  plugin("Receivers", path: "Plugins/Receivers"),
  // `accounts list|sync|adopt|audit`: the Account Management, IAM root and AssumeRoot clients
  // live beside it; it vends and reads mail through the vend and mail plugins' own commands.
  plugin("Accounts", path: "Plugins/Accounts"),
]

let package = Package(
  name: "rootmail",
  products: [
    .executable(name: "rootmail", targets: ["rootmail"]),
    .executable(name: "rootmail-bench-signer", targets: ["SignerBench"]),
    // The SQLite mapping store and mail index (libsqlite3's C API, no Foundation), loaded by the kit with dlopen.
    .library(name: "RootmailSQLite", type: .dynamic, targets: ["RootmailSQLite"]),
    // The HTTP transport (libcurl, no Foundation), loaded lazily by the kit with dlopen.
    .library(name: "RootmailHTTP", type: .dynamic, targets: ["RootmailHTTP"]),
    // The mail parser (GMime and libxml2), loaded lazily by the kit with dlopen.
    .library(name: "RootmailMIME", type: .dynamic, targets: ["RootmailMIME"]),
    .executable(name: "rootmail-bench-aws", targets: ["rootmail-bench-aws"]),
    .executable(name: "rootmail-bench-mail", targets: ["MailBench"]),
    .executable(name: "rootmail-bench-hostile", targets: ["HostileBench"]),
  ] + plugins.map(\.0),
  dependencies: [
    .package(path: "Sources/RootmailKit")
  ],
  targets: [
    // System libraries of the mail parser (Debian: libgmime-3.0-dev, libxml2-dev), found with pkg-config.
    .systemLibrary(name: "CGMime", path: "Sources/CGMime", pkgConfig: "gmime-3.0", providers: [.apt(["libgmime-3.0-dev"])]),
    .systemLibrary(name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
    .target(
      name: "RootmailMIME", dependencies: [kit, "CGMime", "CLibXML2"], path: "Sources/RootmailMIME",
      swiftSettings: swift6, linkerSettings: companionRPath),
    .testTarget(
      name: "MailTests", dependencies: [kit, "RootmailTestSupport", "RootmailPluginMail", "RootmailMIME"],
      path: "Tests/MailTests",
      exclude: ["Mails"], swiftSettings: swift6),
    .executableTarget(
      name: "rootmail", dependencies: [kit], path: "Sources/rootmail",
      swiftSettings: swift6, linkerSettings: installedKitRPath),
    .executableTarget(
      name: "MailBench", dependencies: [kit, "RootmailPluginMail", "RootmailMIME"], path: "benchmarks/mail/Sources/MailBench",
      swiftSettings: swift6, linkerSettings: installedKitRPath),
    .executableTarget(
      name: "SignerBench", dependencies: [kit], path: "benchmarks/signer/Sources/SignerBench", swiftSettings: swift6),
    .executableTarget(
      name: "HostileBench", dependencies: [kit], path: "benchmarks/hostile/Sources/HostileBench", swiftSettings: swift6),
    // libsqlite3 (libsqlite3-dev), used only by the SQLite companion.
    .systemLibrary(
      name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
    .target(
      name: "RootmailSQLite", dependencies: [kit, "CSQLite"], path: "Sources/RootmailSQLite", swiftSettings: swift6,
      linkerSettings: companionRPath),
    .testTarget(
      name: "StoreTests", dependencies: [kit, "RootmailPluginVend", "RootmailTestSupport"], path: "Tests/StoreTests",
      swiftSettings: swift6),
    .testTarget(
      name: "VendTests", dependencies: [kit, "RootmailPluginVend", "RootmailTestSupport"], path: "Tests/VendTests",
      swiftSettings: swift6),
    .systemLibrary(
      name: "CCurl", path: "Sources/CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
    .target(
      name: "RootmailHTTP", dependencies: [kit, "CCurl"], path: "Sources/RootmailHTTP", swiftSettings: swift6,
      linkerSettings: companionRPath),
    // moto_server and the fault-injecting proxy, for every plugin's tests.
    .target(name: "RootmailTestSupport", dependencies: [kit], path: "Sources/RootmailTestSupport", swiftSettings: swift6),
    .executableTarget(
      name: "rootmail-bench-aws", dependencies: [kit], path: "Sources/rootmail-bench-aws",
      swiftSettings: swift6, linkerSettings: installedKitRPath),
    .testTarget(
      name: "AWSServiceTests", dependencies: [kit, "RootmailTestSupport"], path: "Tests/AWSServiceTests", swiftSettings: swift6),
    .testTarget(
      name: "DeployTests", dependencies: [kit, "RootmailTestSupport", "RootmailPluginDeploy"], path: "Tests/DeployTests",
      swiftSettings: swift6),
    .testTarget(
      name: "RootmailKitTests", dependencies: [kit, "RootmailTestSupport"], path: "Tests/RootmailKitTests",
      swiftSettings: swift6),
    .testTarget(
      name: "CLITests", dependencies: [kit, "RootmailTestSupport"], path: "Tests/CLITests",
      exclude: ["Fixtures"], swiftSettings: swift6),
    .testTarget(
      name: "AWSResolutionAndSigningTests", dependencies: [kit], path: "Tests/AWSResolutionAndSigningTests",
      swiftSettings: swift6),
    .testTarget(
      name: "ReceiverTests",
      dependencies: [kit, "RootmailTestSupport", "RootmailPluginReceivers", "RootmailPluginMail", "RootmailMIME"],
      path: "Tests/ReceiverTests", swiftSettings: swift6),
    // ldns (libldns-dev), used only by the dns plugin's checks.
    .systemLibrary(name: "CLDNS", path: "Plugins/DNS/CLDNS", pkgConfig: "ldns", providers: [.apt(["libldns-dev"])]),
    .testTarget(
      name: "AccountsTests", dependencies: [kit, "RootmailTestSupport", "RootmailPluginAccounts", "RootmailMIME"],
      path: "Tests/AccountsTests", swiftSettings: swift6),
    .testTarget(
      name: "DNSTests", dependencies: [kit, "RootmailPluginDNS", "RootmailTestSupport"], path: "Tests/DNSTests",
      swiftSettings: swift6),
  ] + plugins.flatMap(\.1)
)
